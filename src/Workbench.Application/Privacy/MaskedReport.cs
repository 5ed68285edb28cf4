using System.Text.RegularExpressions;
using Workbench.Application.Quality;
using Workbench.Engine.Quality.Model;

namespace Workbench.Application.Privacy;

/// <summary>
/// A quality report as a user may see it: the values of personal target fields in issue rows, the key when it is
/// personal, and the values quoted in a personal field's invalid reasons are masked. Every count stays as it is, and so
/// do the issue rows' number, kinds, fields and presence.
/// </summary>
public static partial class MaskedReport
{
    public static QualityReport Of(QualityReport report, FieldMasking masking) => !masking.MasksAny ? report : report with
    {
        Fields = report.Fields.Select(f => !masking.Masks(f.Name) ? f : f with
        {
            // A masked reason keeps its count: equal values mask alike, so no two reasons fold into one.
            InvalidByReason = f.InvalidByReason.ToDictionary(r => Reason(f.Name, r.Key, masking), r => r.Value, StringComparer.Ordinal),
        }).ToList(),
        Issues = Issues(report.Issues, masking),
    };

    public static IReadOnlyList<IssueRow> Issues(IEnumerable<IssueRow> issues, FieldMasking masking) =>
        !masking.MasksAny ? issues as IReadOnlyList<IssueRow> ?? issues.ToList() : issues.Select(i => Of(i, masking)).ToList();

    /// <summary>The keys that gained or lost issues, masked when the key is personal; their counts stay.</summary>
    public static IssueKeyChanges? Of(IssueKeyChanges? changes, FieldMasking masking) =>
        changes is null || !masking.Masks(FieldMasking.Key) ? changes : changes with
        {
            Gained = changes.Gained.Select(k => Key(k, masking)).ToList(),
            Lost = changes.Lost.Select(k => Key(k, masking)).ToList(),
        };

    private static IssueRow Of(IssueRow issue, FieldMasking masking) => issue with
    {
        Key = Key(issue.Key, masking),
        // An invalid value is shown as "value (reason)": the whole cell is masked, as the reason quotes the value.
        Values = issue.Field is { } field && masking.Masks(field)
            ? issue.Values.ToDictionary(v => v.Key, v => masking.Text(field, v.Value))
            : issue.Values,
    };

    /// <summary>A row without a key (a null key issue) shows an empty key, which stays empty.</summary>
    private static string Key(string key, FieldMasking masking) => masking.Text(FieldMasking.Key, key) ?? "";

    /// <summary>
    /// A transform's reason quotes the value it failed on (<c>"1985-13-45" matches none of yyyy-MM-dd</c>): the quoted
    /// part is masked. A reason without quotes may still carry a number (<c>12.5 has a fraction</c>), so one with a
    /// digit is masked whole.
    /// </summary>
    public static string Reason(string field, string reason, FieldMasking masking)
    {
        if (reason.Contains('"', StringComparison.Ordinal))
            return Quoted().Replace(reason, m => $"\"{masking.Text(field, m.Groups[1].Value)}\"");
        return reason.Any(char.IsDigit) ? masking.Text(field, reason) ?? "" : reason;
    }

    // Greedy, first quote to last: a value holding quotes is masked whole, and a pattern quoted after it with it.
    [GeneratedRegex("\"(.*)\"", RegexOptions.Singleline)]
    private static partial Regex Quoted();
}
