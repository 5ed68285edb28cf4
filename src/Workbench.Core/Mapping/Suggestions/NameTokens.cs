using System.Text;

namespace Workbench.Core.Mapping.Suggestions;

/// <summary>
/// Splits field names into normalised words: <c>pol_num</c>, <c>policyId</c> and <c>POLICY-NO</c> all read
/// as [policy, id]. Abbreviations and synonyms common in legacy schemas are expanded.
/// </summary>
public static class NameTokens
{
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.Ordinal)
    {
        ["pol"] = "policy", ["plcy"] = "policy",
        ["num"] = "id", ["number"] = "id", ["no"] = "id", ["nr"] = "id", ["nbr"] = "id", ["key"] = "id", ["ident"] = "id", ["identifier"] = "id",
        ["amt"] = "amount", ["prem"] = "premium",
        ["eff"] = "effective", ["dt"] = "date", ["dte"] = "date", ["ts"] = "timestamp",
        ["nm"] = "name", ["desc"] = "description", ["descr"] = "description",
        ["cust"] = "customer", ["addr"] = "address", ["qty"] = "quantity", ["stat"] = "status", ["sts"] = "status",
        ["cd"] = "code", ["ref"] = "reference", ["tel"] = "phone", ["dob"] = "birth",
    };

    public static IReadOnlyList<string> Of(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
                words.Add(Normalise(current.ToString().ToLowerInvariant()));
            current.Clear();
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            // A word starts at an upper-case letter after a lower-case one (policyId) or before one (XMLFile -> XML, File).
            var boundary = i > 0 && char.IsUpper(c) &&
                (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary || (i > 0 && char.IsDigit(c) != char.IsDigit(name[i - 1])))
                Flush();
            current.Append(c);
        }
        Flush();
        return words;
    }

    /// <summary>The singular of a dataset name's words (policies -> policy), to recognise redundant prefixes.</summary>
    public static IReadOnlyList<string> OfDataset(string datasetName)
    {
        var name = datasetName.Contains('.') ? datasetName[(datasetName.LastIndexOf('.') + 1)..] : datasetName;
        return Of(name).Select(Singular).ToList();
    }

    private static string Normalise(string word) => Canonical.TryGetValue(word, out var canonical) ? canonical : word;

    private static string Singular(string word) => word switch
    {
        _ when word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 => word[..^3] + "y",
        _ when word.EndsWith("ses", StringComparison.Ordinal) => word[..^2],
        _ when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 => word[..^1],
        _ => word,
    };
}
