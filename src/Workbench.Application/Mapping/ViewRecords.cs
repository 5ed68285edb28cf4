using Workbench.Core.Mapping;

namespace Workbench.Application.Mapping;

/// <summary>
/// A view as listed: its newest version and who made it; a dissolved one also says who dissolved it, when and why.
/// <paramref name="DraftOnly"/>: no version was ever submitted, so the view may be deleted outright.
/// </summary>
public sealed record ViewSummary(
    Guid Id, string Name, int CurrentVersion, DateTime UpdatedAt, string UpdatedBy, VersionStatus Status,
    DateTime? DissolvedAt = null, string? DissolvedBy = null, string? DissolveReason = null, bool DraftOnly = false);

/// <summary>
/// A view a steward dissolved: nothing may preview, submit, approve, materialize (or, once it exists, query) it until an
/// admin restores it. <see cref="Message"/> is the sentence every refusal answers with.
/// </summary>
public sealed record ViewDissolution(Guid ViewId, string Name, DateTime DissolvedAt, string DissolvedBy, string? Reason)
{
    public string Message =>
        $"The view '{Name}' is dissolved (by {DissolvedBy} on {DissolvedAt:yyyy-MM-dd HH:mm} UTC): it cannot be previewed, submitted, approved or materialized until an admin restores it.";
}

/// <summary>One immutable version of a view.</summary>
public sealed record ViewVersion(Guid ViewId, int Version, ViewSpec Spec, string Author, DateTimeOffset CreatedAt, VersionStatus Status);

/// <summary>The outcome of a save: a new version, or why not (nothing is thrown for the expected cases).</summary>
public abstract record SaveOutcome
{
    public sealed record Saved(Guid ViewId, int Version) : SaveOutcome;

    /// <summary>Someone saved since the version the editor started from; their version is named so the UI can say who.</summary>
    public sealed record Conflict(int ExpectedVersion, int CurrentVersion, string CurrentAuthor, DateTimeOffset SavedAt) : SaveOutcome;

    public sealed record NameTaken(string Name) : SaveOutcome;

    public sealed record NotFound(Guid ViewId) : SaveOutcome;

    /// <summary>The spec breaks a rule every saved view keeps (<see cref="Workbench.Core.Mapping.ViewSpecLimits"/>); nothing was saved.</summary>
    public sealed record Invalid(string Message) : SaveOutcome;
}
