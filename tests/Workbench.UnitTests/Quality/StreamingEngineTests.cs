using System.Runtime.CompilerServices;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Xunit;
using static Workbench.UnitTests.Quality.Rows;

namespace Workbench.UnitTests.Quality;

public sealed class StreamingEngineTests
{
    [Fact]
    public async Task Three_sources_report_every_combination()
    {
        var definition = new QualityDefinition(
            [new QualitySide("a", ["v"]), new QualitySide("b", ["v"]), new QualitySide("c", ["v"])],
            [new TargetField("v")], [], new QualityOptions());
        // keys: 1 in a,b,c; 2 in a,b; 3 in a,c; 4 in b only; 5 in c only (twice)
        HarmonisedRow[] a = [Row(1, 1, "x"), Row(2, 2, "x"), Row(3, 3, "x")];
        HarmonisedRow[] b = [Row(1, "1", "x"), Row(2, "2", "y"), Row(3, "4", "x")];
        HarmonisedRow[] c = [Row(1, "01", "z"), Row(2, "3", "x"), Row(3, "5", "x"), Row(4, "5", "x")];

        var report = await StreamingQualityEngine.RunAsync(definition, [Stream(a), Stream(b), Stream(c)]);

        Assert.Equal(new Dictionary<string, long>
        {
            ["a"] = 0, ["b"] = 1, ["a+b"] = 1, ["c"] = 1, ["a+c"] = 1, ["b+c"] = 0, ["a+b+c"] = 1,
        }, report.Presence);
        Assert.Equal(5, report.Keys);
        Assert.Equal(2, report.Fields[0].Mismatches);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates["c"]);
    }

    [Fact]
    public async Task A_fields_precedence_decides_whose_value_the_rules_see()
    {
        QualityDefinition Definition(IReadOnlyList<string>? precedence) => new(
            [new QualitySide("a", ["v"]), new QualitySide("b", ["v"])],
            [new TargetField("v", Precedence: precedence)], [new QualityRule("v", RuleKind.InSet, Values: ["y"])], new QualityOptions());
        HarmonisedRow[] a = [Row(1, 1, "x"), Row(2, 2, (object?)null)];
        HarmonisedRow[] b = [Row(1, 1, "y"), Row(2, 2, "y")];

        var viewOrder = await StreamingQualityEngine.RunAsync(Definition(null), [Stream(a), Stream(b)]);
        var bFirst = await StreamingQualityEngine.RunAsync(Definition(["b"]), [Stream(a), Stream(b)]);

        Assert.Equal(1, viewOrder.RuleFailures[0].Failures);
        Assert.Equal(0, bFirst.RuleFailures[0].Failures);
        Assert.Equal(1, bFirst.Fields[0].Mismatches);
        await Assert.ThrowsAsync<ArgumentException>(() => StreamingQualityEngine.RunAsync(Definition(["c"]), [Stream(a), Stream(b)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3_000)]
    [InlineData(20_000)]
    [InlineData(5_000_000)]
    public async Task Spilling_at_any_point_gives_the_counts_of_the_in_memory_join(long budget)
    {
        var (definition, left, right) = RandomViews.Make(seed: 20261122, rows: 1500);
        var inMemory = await StreamingQualityEngine.RunAsync(definition, [Stream(left), Stream(right)]);

        var constrained = await StreamingQualityEngine.RunAsync(
            definition with { Options = definition.Options with { MemoryBudgetBytes = budget } }, [Stream(left), Stream(right)]);

        Assert.False(inMemory.Spilled);
        Assert.Equal(budget < 5_000_000, constrained.Spilled);
        Assert.Equal(Counts(inMemory), Counts(constrained));
        Assert.True(inMemory.IssueCounts.Values.All(count => count > 0), "the random data covers every issue kind");
    }

    [Fact]
    public async Task A_source_failing_midway_fails_the_preview_with_its_name()
    {
        var definition = HandComputedReportTests.Definition;

        var error = await Assert.ThrowsAsync<QualityPreviewException>(() =>
            StreamingQualityEngine.RunAsync(definition, [Stream(HandComputedReportTests.Legacy()), Failing(HandComputedReportTests.Fast(), after: 3)]));

        Assert.Equal("Source 'fast' failed after 3 rows: connection reset by peer", error.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_preview()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.RowsScanned["left"] > 0) cancel.Cancel(); });
        var (definition, left, right) = RandomViews.Make(seed: 1, rows: 40_000);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            StreamingQualityEngine.RunAsync(definition, [Stream(left), Stream(right)], progress, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task Progress_reports_rows_scanned_per_source()
    {
        var seen = new List<QualityProgress>();
        await StreamingQualityEngine.RunAsync(HandComputedReportTests.Definition,
            [Stream(HandComputedReportTests.Legacy()), Stream(HandComputedReportTests.Fast())], new SynchronousProgress(seen.Add));

        var last = seen[^1];
        Assert.Equal("done", last.Phase);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 7, ["fast"] = 6 }, last.RowsScanned);
    }

    [Fact]
    public async Task The_report_round_trips_through_its_json()
    {
        var report = await StreamingQualityEngine.RunAsync(HandComputedReportTests.Definition,
            [Stream(HandComputedReportTests.Legacy()), Stream(HandComputedReportTests.Fast())]);

        var json = report.ToJson();

        Assert.Contains("\"legacy+fast\": 4", json);
        Assert.Contains("\"rule\": \"Between\"", json);
        HandComputedReportTests.AssertHandComputed(QualityReport.FromJson(json));
    }

    private static async IAsyncEnumerable<HarmonisedRow> Failing(IEnumerable<HarmonisedRow> rows, int after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = 0;
        await foreach (var row in Stream(rows, cancellationToken))
        {
            if (sent++ == after)
                throw new IOException("connection reset by peer");
            yield return row;
        }
    }

    private sealed class SynchronousProgress(Action<QualityProgress> report) : IProgress<QualityProgress>
    {
        public void Report(QualityProgress value) => report(value);
    }
}
