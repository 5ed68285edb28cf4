using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Xunit;
using static Workbench.UnitTests.Quality.Rows;

namespace Workbench.UnitTests.Quality;

/// <summary>The merged rows a streaming run hands to a sink: one per joined key, the values the report's rules saw.</summary>
public sealed class MergedRowTests
{
    [Fact]
    public async Task Each_joined_key_gives_the_first_valid_value_per_field_and_its_presence_while_the_report_is_unchanged()
    {
        var sink = new CollectingSink();

        var report = await StreamingQualityEngine.RunAsync(HandComputedReportTests.Definition,
            [Stream(HandComputedReportTests.Legacy()), Stream(HandComputedReportTests.Fast())], mergedRows: sink);

        HandComputedReportTests.AssertHandComputed(report);
        // Fields: holder, premium, status, eff_date; legacy is bit 0, fast bit 1. Null keys and repeats give no row.
        Assert.Equal(new Dictionary<string, string>
        {
            ["7"] = "3: 'Ann', 100m, 'A', '31/12/2020'",        // both: legacy wins in view order
            ["8"] = "3: 'Bob', 50m, 'L', '31/02/2020'",         // legacy premium null: fast's
            ["9"] = "3: 'Cy', 9m, 'X', '2020-01-01'",           // legacy premium invalid: fast's
            ["10"] = "1: 'Dee', 2000m, 'A', null",              // legacy only
            ["11"] = "2: 'eve', 3m, null, null",                // fast only, first of its two rows
            ["12"] = "3: 'Fay', 20m, 'L', '29/02/2020'",
        }, sink.ByKey());
        Assert.Equal(report.Keys, sink.Rows.Count);
        Assert.True(sink.Rows.Single(r => r.Key == "10").IsPresentIn(0));
        Assert.False(sink.Rows.Single(r => r.Key == "10").IsPresentIn(1));
    }

    [Fact]
    public async Task A_fields_precedence_decides_the_merged_value()
    {
        var definition = new QualityDefinition(
            [new QualitySide("a", ["v", "w"]), new QualitySide("b", ["v", "w"])],
            [new TargetField("v", Precedence: ["b"]), new TargetField("w")], [], new QualityOptions());
        var sink = new CollectingSink();

        await StreamingQualityEngine.RunAsync(definition,
            [Stream([Row(1, 1, "a1", "a1"), Row(2, 2, "a2", "a2")]), Stream([Row(1, 1, "b1", "b1"), Row(2, 2, null, null)])], mergedRows: sink);

        Assert.Equal(new Dictionary<string, string>
        {
            ["1"] = "3: 'b1', 'a1'",
            ["2"] = "3: 'a2', 'a2'",
        }, sink.ByKey());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20_000)]
    public async Task A_spilled_join_gives_the_same_rows_as_the_in_memory_one(long budget)
    {
        var (definition, left, right) = RandomViews.Make(seed: 7, rows: 1500);
        var inMemory = new CollectingSink();
        var spilled = new CollectingSink();

        await StreamingQualityEngine.RunAsync(definition, [Stream(left), Stream(right)], mergedRows: inMemory);
        var report = await StreamingQualityEngine.RunAsync(
            definition with { Options = definition.Options with { MemoryBudgetBytes = budget } }, [Stream(left), Stream(right)], mergedRows: spilled);

        Assert.True(report.Spilled);
        Assert.Equal(report.Keys, spilled.Rows.Count);
        Assert.Equal(inMemory.ByKey(), spilled.ByKey());
    }

    [Fact]
    public async Task A_sink_that_fails_stops_the_run()
    {
        var failing = new FailingSink(after: 2);

        var error = await Assert.ThrowsAsync<IOException>(() => StreamingQualityEngine.RunAsync(HandComputedReportTests.Definition,
            [Stream(HandComputedReportTests.Legacy()), Stream(HandComputedReportTests.Fast())], mergedRows: failing));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(3, failing.Calls);
    }

    private sealed class CollectingSink : IMergedRowSink
    {
        public List<MergedRow> Rows { get; } = [];

        public ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken)
        {
            Rows.Add(row);
            return ValueTask.CompletedTask;
        }

        /// <summary>Key to "mask: values", each value written with its type (text quoted, decimals with m).</summary>
        public Dictionary<string, string> ByKey() =>
            Rows.ToDictionary(r => r.Key, r => $"{r.PresenceMask}: {string.Join(", ", r.Values.Select(Describe))}");

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => $"'{s}'",
            decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
            _ => $"{value.GetType().Name}:{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
        };
    }

    private sealed class FailingSink(int after) : IMergedRowSink
    {
        public int Calls { get; private set; }

        public ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken) =>
            ++Calls > after ? throw new IOException("disk full") : ValueTask.CompletedTask;
    }
}
