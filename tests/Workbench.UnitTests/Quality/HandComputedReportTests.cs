using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Xunit;
using static Workbench.UnitTests.Quality.Rows;

namespace Workbench.UnitTests.Quality;

/// <summary>
/// A small legacy/FAST pair whose every count was worked out by hand (see the comments per row): presence,
/// nulls, invalid values, mismatches within and beyond tolerance, duplicates, null keys and each rule kind.
/// </summary>
public sealed class HandComputedReportTests
{
    internal static readonly QualityDefinition Definition = new(
        [
            new QualitySide("legacy", ["holder", "premium", "status", "eff_date"]),
            new QualitySide("fast", ["holder", "premium"]),
        ],
        [new TargetField("holder"), new TargetField("premium"), new TargetField("status"), new TargetField("eff_date")],
        [
            new QualityRule("premium", RuleKind.NotNull),
            new QualityRule("premium", RuleKind.Between, Min: 0, Max: 1000),
            new QualityRule("status", RuleKind.InSet, Values: ["A", "L"]),
            new QualityRule("status", RuleKind.NotNull),
            new QualityRule("holder", RuleKind.Pattern, Pattern: "^[A-Z]"),
            new QualityRule("holder", RuleKind.LengthBetween, Min: 3, Max: 3),
            new QualityRule("status", RuleKind.Unique),
            new QualityRule("eff_date", RuleKind.ValidDate, Formats: ["dd/MM/yyyy"]),
        ],
        new QualityOptions { NumericTolerance = 0.01m });

    internal static IEnumerable<HarmonisedRow> Legacy() =>
    [
        Row(1, "007", "Ann", 100m, "A", "31/12/2020"),           // key 7, mismatches fast's 100.5
        Row(2, "8", "Bob", null, "L", "31/02/2020"),             // premium null; impossible date
        Invalid(Row(3, "9", "Cy", null, "X", "2020-01-01"), 1, "not a number"), // invalid premium; X not in set; wrong date format
        Row(4, " 8", "Bobby", 5m, "A", "01/01/2021"),            // repeats key 8: reported, not joined
        Row(5, null, "Nobody", 1m, "A", "01/01/2021"),           // null key
        Row(6, "10", "Dee", 2000m, "A", null),                   // legacy only; premium out of range; date null
        Row(7, "12", "Fay", 20m, "L", "29/02/2020"),             // within tolerance of fast's 20.005; leap day valid
    ];

    internal static IEnumerable<HarmonisedRow> Fast() =>
    [
        Row(1, 7L, "Ann", 100.5m),
        Row(2, "8", "Bob ", 50m),                                // trailing space: not a mismatch
        Row(3, "11", "eve", 3m),                                 // fast only; lower-case start fails the pattern
        Row(4, "11", "Eve2", 4m),                                // repeats key 11
        Row(5, "9", "Cy", 9m),
        Row(6, "12.0", "Fay", 20.005m),                          // key 12 after number canonicalisation
    ];

    [Fact]
    public async Task Every_count_matches_the_hand_computed_one()
    {
        var report = await StreamingQualityEngine.RunAsync(Definition, [Stream(Legacy()), Stream(Fast())]);

        AssertHandComputed(report);
        Assert.False(report.Spilled);
    }

    [Fact]
    public async Task A_tiny_memory_budget_spills_to_disk_and_counts_the_same()
    {
        var spillParent = Directory.CreateTempSubdirectory("wb-spill-test-").FullName;
        try
        {
            var definition = Definition with { Options = Definition.Options with { MemoryBudgetBytes = 1, SpillDirectory = spillParent } };

            var report = await StreamingQualityEngine.RunAsync(definition, [Stream(Legacy()), Stream(Fast())]);

            AssertHandComputed(report);
            Assert.True(report.Spilled);
            Assert.Empty(Directory.EnumerateFileSystemEntries(spillParent));
        }
        finally
        {
            Directory.Delete(spillParent, recursive: true);
        }
    }

    [Fact]
    public async Task Issue_rows_show_each_sources_value_side_by_side()
    {
        var report = await StreamingQualityEngine.RunAsync(Definition, [Stream(Legacy()), Stream(Fast())]);

        var mismatch = Assert.Single(report.Issues, i => i.Kind == IssueKinds.Mismatch);
        Assert.Equal(("7", "premium", "legacy+fast"), (mismatch.Key, mismatch.Field, mismatch.Presence));
        Assert.Equal("100", mismatch.Values["legacy"]);
        Assert.Equal("100.5", mismatch.Values["fast"]);
        var invalid = Assert.Single(report.Issues, i => i.Kind == IssueKinds.Invalid);
        Assert.Equal("(not a number)", invalid.Values["legacy"]);
        var onlyFast = Assert.Single(report.Issues, i => i.Kind == IssueKinds.Presence && i.Key == "11");
        Assert.Equal(("fast", "missing from legacy"), (onlyFast.Presence, onlyFast.Detail));
        Assert.Equal(2, report.Issues.Count(i => i.Kind == IssueKinds.Duplicate));
    }

    [Fact]
    public async Task The_issue_sample_is_capped_but_the_counts_are_not()
    {
        var definition = Definition with { Options = Definition.Options with { IssueSampleLimit = 3 } };

        var report = await StreamingQualityEngine.RunAsync(definition, [Stream(Legacy()), Stream(Fast())]);

        Assert.Equal(3, report.Issues.Count);
        AssertHandComputed(report);
    }

    internal static void AssertHandComputed(QualityReport report)
    {
        Assert.Equal(["legacy", "fast"], report.Sources);
        Assert.Equal(6, report.Keys);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 1, ["fast"] = 1, ["legacy+fast"] = 4 }, report.Presence);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 7, ["fast"] = 6 }, report.RowsScanned);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 1, ["fast"] = 0 }, report.NullKeys);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates["legacy"]);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates["fast"]);

        var premium = report.Fields.Single(f => f.Name == "premium");
        Assert.Equal((1L, 1L, 1L), (premium.Nulls, premium.Invalid, premium.Mismatches));
        Assert.Equal(new SourceFieldCounts(1, 1), premium.BySource["legacy"]);
        Assert.Equal(new SourceFieldCounts(0, 0), premium.BySource["fast"]);
        Assert.Equal(new Dictionary<string, long> { ["not a number"] = 1 }, premium.InvalidByReason);
        var holder = report.Fields.Single(f => f.Name == "holder");
        Assert.Equal((0L, 0L, 0L), (holder.Nulls, holder.Invalid, holder.Mismatches));
        var effDate = report.Fields.Single(f => f.Name == "eff_date");
        Assert.Equal(1, effDate.Nulls);
        Assert.Equal(["legacy"], effDate.BySource.Keys);

        Assert.Equal(
            [0L, 1, 1, 1, 1, 1, 4, 2],
            report.RuleFailures.Select(r => r.Failures));
        Assert.Equal(new Dictionary<string, long>
        {
            [IssueKinds.Presence] = 2,
            [IssueKinds.Null] = 2,
            [IssueKinds.Invalid] = 1,
            [IssueKinds.Mismatch] = 1,
            [IssueKinds.Duplicate] = 2,
            [IssueKinds.NullKey] = 1,
            [IssueKinds.Rule] = 11,
        }, report.IssueCounts);
    }
}
