using Workbench.Core.Profiling;

namespace Workbench.Application.Privacy;

/// <summary>
/// A profile as a user may see it: a personal field's frequent values and range are masked, its counts, patterns
/// (already only shapes) and date formats are not, so every figure stays the same.
/// </summary>
public static class MaskedProfile
{
    public static DatasetProfile Of(DatasetProfile profile, FieldMasking masking) =>
        masking.PersonalFields.Count == 0 ? profile : profile with { Fields = profile.Fields.Select(f => Of(f, masking)).ToList() };

    private static FieldProfile Of(FieldProfile field, FieldMasking masking) => !masking.Masks(field.Name) ? field : field with
    {
        Min = masking.Text(field.Name, field.Min),
        Max = masking.Text(field.Name, field.Max),
        TopValues = field.TopValues.Select(v => v with { Value = masking.Text(field.Name, v.Value) ?? "" }).ToList(),
    };
}
