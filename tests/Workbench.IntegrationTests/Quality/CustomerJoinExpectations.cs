using Workbench.Engine.Quality.Model;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>One customer row of the two-source join tests: its key (null when missing) and its city.</summary>
internal sealed record CustomerRow(string? No, string City);

/// <summary>
/// The customers both join tests write, and what a preview of "legacy joined with platform on the customer number, mapping the city" must report, worked out from
/// the rows the test wrote: keys, presence, rows read, missing keys, duplicates and city mismatches.
/// </summary>
internal static class CustomerJoinExpectations
{
    /// <summary>Legacy customers: C001..C040, every tenth without a number, C005 and C006 twice (not on the platform).</summary>
    public static readonly CustomerRow[] Legacy =
    [
        .. Enumerable.Range(1, 40).Select(i => new CustomerRow(i % 10 == 0 ? null : $"C{i:000}", City(i))),
        new CustomerRow("C005", "Paris"),
        new CustomerRow("C006", "Lyon"),
    ];

    /// <summary>New platform: C021..C050; every seventh moved to Nice.</summary>
    public static readonly CustomerRow[] Platform =
        Enumerable.Range(21, 30).Select(i => new CustomerRow($"C{i:000}", i % 7 == 0 ? "Nice" : City(i))).ToArray();

    private static string City(int i) => i % 2 == 0 ? "Lyon" : "Paris";

    public static void Check(QualityReport report, string legacy, string platform)
    {
        var legacyKeys = Legacy.Where(c => c.No is not null).Select(c => c.No!).ToHashSet();
        var platformKeys = Platform.Select(c => c.No!).ToHashSet();
        var both = legacyKeys.Intersect(platformKeys).ToList();
        Assert.Equal(legacyKeys.Union(platformKeys).Count(), report.Keys);
        Assert.Equal(
            new Dictionary<string, long>
            {
                [$"{legacy}+{platform}"] = both.Count, [legacy] = legacyKeys.Except(platformKeys).Count(), [platform] = platformKeys.Except(legacyKeys).Count(),
            },
            report.Presence);
        Assert.Equal(new Dictionary<string, long> { [legacy] = Legacy.Length, [platform] = Platform.Length }, report.RowsScanned);
        Assert.Equal(Legacy.Count(c => c.No is null), report.NullKeys[legacy]);
        var repeated = Legacy.Where(c => c.No is not null).GroupBy(c => c.No).Where(g => g.Count() > 1).ToList();
        Assert.Equal(new DuplicateReport(repeated.Count, repeated.Sum(g => g.Count() - 1)), report.Duplicates[legacy]);
        var moved = both.Count(no => Legacy.Single(c => c.No == no).City != Platform.Single(c => c.No == no).City);
        Assert.True(moved > 0);
        Assert.Equal(moved, report.Fields.Single(f => f.Name == "city").Mismatches);
    }
}
