using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Core.Mapping;
using Workbench.Core.Privacy;
using Workbench.Core.Sources;

namespace Workbench.Application.Privacy;

/// <summary>
/// Decides how personal values are shown to the current user: masked, unless a user holding
/// <see cref="Roles.PersonalData"/> asks for them unmasked with a purpose. Showing them unmasked is audited with who,
/// which fields, how many rows and why; the audit never holds the values.
/// </summary>
public sealed class PersonalDataAccess(
    PersonalDataMarkStore marks, ValueMasker masker, ICurrentUser user, AuditLog audit, IDatasetCatalog catalog, ViewStore views)
{
    public bool MayUnmask => user.IsInRole(Roles.PersonalData);

    /// <summary>The masking for a dataset's values; unmasked only for a <paramref name="purpose"/> the user may unmask for.</summary>
    public async Task<FieldMasking> ForDatasetAsync(Guid datasetId, UnmaskPurpose? purpose, CancellationToken cancellationToken = default)
    {
        var personal = await PersonalFieldsAsync(datasetId, cancellationToken);
        return await DecideAsync("dataset", datasetId.ToString(), personal, purpose, cancellationToken);
    }

    /// <summary>
    /// The masking for the rows of a view version (issue rows, query rows): its target fields that a personal dataset
    /// field maps onto, and its key when a key field is personal (<see cref="ViewPersonalFields"/>).
    /// </summary>
    public async Task<FieldMasking> ForViewAsync(Guid viewId, ViewSpec spec, UnmaskPurpose? purpose, CancellationToken cancellationToken = default)
    {
        var ids = (await catalog.ListDatasetsAsync(cancellationToken))
            .Where(d => spec.Dataset(d.QualifiedName) is not null)
            .GroupBy(d => d.QualifiedName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var byDataset = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var (name, id) in ids)
            byDataset[name] = await PersonalFieldsAsync(id, cancellationToken);
        var personal = ViewPersonalFields.Of(spec, (dataset, field) => byDataset.TryGetValue(dataset, out var fields) && fields.Contains(field));
        return await DecideAsync("view", viewId.ToString(), personal, purpose, cancellationToken);
    }

    /// <summary>
    /// The masking for a stored view version; when the version is gone, every field is masked (what was personal can
    /// no longer be told) and unmasking is refused.
    /// </summary>
    public async Task<FieldMasking> ForViewAsync(Guid viewId, int version, UnmaskPurpose? purpose, CancellationToken cancellationToken = default) =>
        await views.GetAsync(viewId, version, cancellationToken) is { } view
            ? await ForViewAsync(viewId, view.Spec, purpose, cancellationToken)
            : purpose is null
                ? FieldMasking.EveryField(masker)
                : throw new PersonalDataAccessException("The view version is gone, so its personal fields cannot be told; its values stay masked.");

    private async Task<IReadOnlySet<string>> PersonalFieldsAsync(Guid datasetId, CancellationToken cancellationToken) =>
        (await marks.ListAsync(datasetId, cancellationToken)).Where(m => m.Masks).Select(m => m.Field).ToHashSet(StringComparer.Ordinal);

    private async Task<FieldMasking> DecideAsync(string entityKind, string entityId, IReadOnlySet<string> personal, UnmaskPurpose? purpose, CancellationToken cancellationToken)
    {
        if (personal.Count == 0)
            return FieldMasking.None;
        if (purpose is null)
            return FieldMasking.Masked(personal, masker);
        if (!MayUnmask)
        {
            await audit.RecordAsync(new AuditEntry("personal-data.unmask", entityKind, entityId, Outcome: AuditOutcome.Denied,
                Details: new { Fields = personal.Order(StringComparer.Ordinal).ToList(), Purpose = purpose.ToString() }), cancellationToken);
            throw new PersonalDataAccessException("Seeing personal values unmasked needs the personal-data permission; ask an admin.");
        }
        return new FieldMasking(personal, null, purpose);
    }

    /// <summary>Records that <paramref name="rows"/> rows were shown with their personal values unmasked, if they were.</summary>
    public Task RecordShownAsync(string entityKind, Guid entityId, FieldMasking masking, long rows, CancellationToken cancellationToken = default) =>
        masking.Purpose is not { } purpose
            ? Task.CompletedTask
            : audit.RecordAsync(new AuditEntry("personal-data.unmask", entityKind, entityId.ToString(), Details: new
            {
                Fields = masking.PersonalFields.Order(StringComparer.Ordinal).ToList(),
                Rows = rows,
                Purpose = purpose.ToString(),
            }), cancellationToken);
}
