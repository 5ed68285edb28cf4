using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Core.Privacy;
using Workbench.Core.Profiling;

namespace Workbench.Application.Privacy;

/// <summary>
/// Marks a dataset's fields as personal: the profiler proposes, a steward confirms (with a kind) or clears. Every
/// decision is audited, refusals too.
/// </summary>
public sealed class PersonalDataMarks(PersonalDataMarkStore store, ICurrentUser user, AuditLog audit)
{
    public Task<IReadOnlyList<PersonalDataMark>> ListAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        store.ListAsync(datasetId, cancellationToken);

    /// <summary>Proposes marks from a fresh profile: each field's name and its most frequent values.</summary>
    public Task<int> ProposeAsync(Guid datasetId, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        var proposals = profile.Fields
            .Select(f => (f.Name, Proposal: PersonalDataClassifier.Propose(f.Name, f.TopValues.Select(v => v.Value))))
            .Where(p => p.Proposal is not null)
            .Select(p => (p.Name, p.Proposal!))
            .ToList();
        return proposals.Count == 0 ? Task.FromResult(0) : store.ProposeAsync(datasetId, proposals, cancellationToken);
    }

    /// <summary>Confirms <paramref name="field"/> as personal data of <paramref name="kind"/>, or clears its mark when null.</summary>
    public async Task DecideAsync(Guid datasetId, string field, PersonalDataKind? kind, CancellationToken cancellationToken = default)
    {
        var details = new { Field = field, Kind = kind?.ToString() ?? "none" };
        if (!user.IsInRole(Roles.Steward))
        {
            await audit.RecordAsync(new AuditEntry("personal-data.mark", "dataset", datasetId.ToString(), Outcome: AuditOutcome.Denied, Details: details), cancellationToken);
            throw new PersonalDataAccessException("Only a steward may mark or clear personal data.");
        }
        var current = (await store.ListAsync(datasetId, cancellationToken)).FirstOrDefault(m => m.Field == field);
        if (kind is { } confirmed)
            await store.DecideAsync(datasetId, field, confirmed, MarkState.Confirmed, $"confirmed by {user.Actor}", user.Actor, cancellationToken);
        else
            await store.DecideAsync(datasetId, field, current?.Kind ?? PersonalDataKind.FreeText, MarkState.Cleared, $"cleared by {user.Actor}", user.Actor, cancellationToken);
        await audit.RecordAsync(new AuditEntry("personal-data.mark", "dataset", datasetId.ToString(), Details: details), cancellationToken);
    }
}
