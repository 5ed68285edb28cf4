using System.Globalization;

namespace Workbench.Core.Text;

/// <summary>Counts with their noun in the right number: "1 dataset", "2 datasets", "1,200 keys"; never "dataset(s)".</summary>
public static class Plural
{
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);

    public static string Noun(long count, string singular, string? plural = null) =>
        count == 1 ? singular : plural ?? singular + "s";
}
