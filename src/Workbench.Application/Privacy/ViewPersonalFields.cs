using Workbench.Core.Mapping;

namespace Workbench.Application.Privacy;

/// <summary>
/// Which target fields of a view hold personal data: those a personal dataset field maps onto, through any transform
/// and at any precedence (a trimmed e-mail address is still one). The join key counts as <see cref="FieldMasking.Key"/>
/// when a key field of any dataset is personal.
/// </summary>
public static class ViewPersonalFields
{
    /// <param name="isPersonal">Whether a field (by dataset qualified name and field name) is marked personal.</param>
    public static IReadOnlySet<string> Of(ViewSpec spec, Func<string, string, bool> isPersonal)
    {
        var personal = spec.Mappings
            .Where(m => m.Sources.Any(s => isPersonal(s.Field.Dataset, s.Field.Field)))
            .Select(m => m.Target)
            .ToHashSet(StringComparer.Ordinal);
        if (spec.Relationships.Any(r => r.Keys.Any(k => isPersonal(r.Left, k.LeftField) || isPersonal(r.Right, k.RightField))))
            personal.Add(FieldMasking.Key);
        return personal;
    }
}
