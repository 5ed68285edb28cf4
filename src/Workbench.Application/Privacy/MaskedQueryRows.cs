using Workbench.Engine.Query;

namespace Workbench.Application.Privacy;

/// <summary>
/// Rows of a view query as a user may see them: personal target fields' values and a personal key masked; the sources
/// holding the key and its kinds of issue stay, and so does every row and the total.
/// </summary>
public static class MaskedQueryRows
{
    /// <param name="fields">The target fields in the order of the rows' values.</param>
    public static Func<QueryRow, QueryRow> For(IReadOnlyList<string> fields, FieldMasking masking)
    {
        if (!masking.MasksAny)
            return row => row;
        var masked = fields.Select(masking.Masks).ToArray();
        return row => row with
        {
            Key = masking.Text(FieldMasking.Key, row.Key) ?? "",
            Values = row.Values.Select((value, i) => i < masked.Length && masked[i] ? masking.Text(fields[i], value) : value).ToList(),
        };
    }

    /// <summary>
    /// Why a filter cannot run on masked rows, or null when it can: comparing a personal field with a value would tell
    /// a guessed value apart from the rest through the count of matching rows. Null, not null and invalid tell nothing
    /// more than the masked rows show.
    /// </summary>
    public static string? Refusal(ViewQuery query, FieldMasking masking)
    {
        var compared = query.Where.FirstOrDefault(f => masking.Masks(f.Field) && f.Op is not (FilterOp.IsNull or FilterOp.IsNotNull or FilterOp.IsInvalid));
        if (compared is not null)
            return $"'{compared.Field}' holds personal data, shown masked: filter it by is null, is not null or is invalid; comparing its values needs them unmasked.";
        return query.Sort is { } sort && sort.Field != QueryColumns.Key && masking.Masks(sort.Field)
            ? $"'{sort.Field}' holds personal data, shown masked: its order would tell its values; sort by another field."
            : null;
    }
}
