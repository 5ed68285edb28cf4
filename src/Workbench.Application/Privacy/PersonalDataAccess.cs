using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Core.Privacy;

namespace Workbench.Application.Privacy;

/// <summary>
/// Decides how personal values are shown to the current user: masked, unless a user holding
/// <see cref="Roles.PersonalData"/> asks for them unmasked with a purpose. Showing them unmasked is audited with who,
/// which fields, how many rows and why; the audit never holds the values.
/// </summary>
public sealed class PersonalDataAccess(PersonalDataMarkStore marks, ValueMasker masker, ICurrentUser user, AuditLog audit)
{
    public bool MayUnmask => user.IsInRole(Roles.PersonalData);

    /// <summary>The masking for a dataset's values; unmasked only for a <paramref name="purpose"/> the user may unmask for.</summary>
    public async Task<FieldMasking> ForDatasetAsync(Guid datasetId, UnmaskPurpose? purpose, CancellationToken cancellationToken = default)
    {
        var personal = (await marks.ListAsync(datasetId, cancellationToken)).Where(m => m.Masks).Select(m => m.Field).ToHashSet(StringComparer.Ordinal);
        if (personal.Count == 0)
            return FieldMasking.None;
        if (purpose is null)
            return FieldMasking.Masked(personal, masker);
        if (!MayUnmask)
        {
            await audit.RecordAsync(new AuditEntry("personal-data.unmask", "dataset", datasetId.ToString(), Outcome: AuditOutcome.Denied,
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
