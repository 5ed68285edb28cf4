using Workbench.Core.Privacy;

namespace Workbench.Application.Privacy;

/// <summary>Whether a mark was only proposed by the profiler, confirmed by a steward, or cleared by one.</summary>
public enum MarkState
{
    Proposed,
    Confirmed,
    Cleared,
}

/// <summary>
/// A dataset field's personal data mark. A proposed mark already masks: until a steward clears it, a value the
/// profiler took for personal is treated as personal.
/// </summary>
public sealed record PersonalDataMark(string Field, PersonalDataKind Kind, MarkState State, string Reason, string? DecidedBy, DateTimeOffset UpdatedAt)
{
    public bool Masks => State != MarkState.Cleared;
}
