using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Core.Sql;
using Xunit;

namespace Workbench.UnitTests.Sources;

public sealed class ProfilerTests
{
    private static async IAsyncEnumerable<SourceRow> Rows(params object?[][] rows)
    {
        var shape = new RowShape(["id", "date", "amount"]);
        var n = 0;
        foreach (var r in rows)
            yield return new SourceRow(shape, r, new RowPosition(++n));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_profile_counts_nulls_patterns_date_formats_and_extremes()
    {
        var profile = await DatasetProfiler.ProfileAsync(
            Rows(["POL-0001", "2021-03-15", "10.5"], ["POL-0002", "15.03.2021", null], ["POL-0002", "n/a", "7"], ["X1", null, "12"]),
            ["id", "date", "amount"], sampleRows: null);

        Assert.Equal(4, profile.Rows);
        Assert.True(profile.Complete);
        var id = profile.Fields[0];
        Assert.Equal(3, id.DistinctEstimate);
        Assert.Equal(new ValueCount("POL-0002", 2), id.TopValues[0]);
        Assert.Equal(new ValueCount("AAA-9999", 3), id.Patterns[0]);
        Assert.Equal("POL-0001", id.Min);
        Assert.Equal("X1", id.Max);
        var date = profile.Fields[1];
        Assert.Equal(0.25, date.NullRate);
        Assert.Contains(date.DateFormats, f => f.Value == "yyyy-MM-dd");
        Assert.Contains(date.DateFormats, f => f.Value == "dd.MM.yyyy");
        Assert.Equal(FieldType.Text, date.InferredType);
        Assert.Equal(FieldType.Decimal, profile.Fields[2].InferredType);
    }

    [Fact]
    public async Task A_sample_stops_at_its_size_and_says_it_is_incomplete()
    {
        var profile = await DatasetProfiler.ProfileAsync(Rows(["a", null, null], ["b", null, null], ["c", null, null]), ["id"], sampleRows: 2);
        Assert.Equal(2, profile.Rows);
        Assert.False(profile.Complete);
    }

    [Fact]
    public async Task A_sample_remembers_its_size_even_when_it_read_the_whole_dataset_and_a_full_scan_has_none()
    {
        var sample = await DatasetProfiler.ProfileAsync(Rows(["a", null, null], ["b", null, null]), ["id"], sampleRows: 5000);
        Assert.True(sample.Complete);
        Assert.Equal(5000, sample.SampleLimit);

        var scan = await DatasetProfiler.ProfileAsync(Rows(["a", null, null], ["b", null, null]), ["id"], sampleRows: null);
        Assert.True(scan.Complete);
        Assert.Null(scan.SampleLimit);
    }

    [Fact]
    public async Task The_distinct_estimate_is_never_more_than_the_values_seen()
    {
        // Find a number of distinct values the estimator overshoots, so the profile has something to correct.
        var counter = new DistinctCounter();
        var overshoot = 0;
        for (var n = 1; n <= 20_000 && overshoot == 0; n++)
        {
            counter.Add($"v{n}");
            if (counter.Estimate() > n)
                overshoot = n;
        }
        Assert.NotEqual(0, overshoot);

        var shape = new RowShape(["id"]);
        var rows = Enumerable.Range(1, overshoot).Select(i => new SourceRow(shape, [$"v{i}"], new RowPosition(i))).Append(new SourceRow(shape, [null], new RowPosition(overshoot + 1)));
        var profile = await DatasetProfiler.ProfileAsync(rows.ToAsyncEnumerable(), ["id"], sampleRows: null);

        Assert.Equal(overshoot, profile.Fields[0].DistinctEstimate);
    }

    [Fact]
    public void The_distinct_estimate_stays_within_a_few_percent_on_many_values()
    {
        var counter = new DistinctCounter();
        for (var i = 0; i < 200_000; i++)
            counter.Add($"POL-{i % 50_000:D6}");
        Assert.InRange(counter.Estimate(), 47_000, 53_000);
    }

    [Theory]
    [InlineData("AB-12 x", "AA-99 A")]
    [InlineData("2021-03-15", "9999-99-99")]
    public void Patterns_replace_letters_and_digits(string value, string pattern) =>
        Assert.Equal(pattern, TextValues.Pattern(value));

    [Fact]
    public void Identifiers_are_quoted_with_embedded_quotes_doubled() =>
        Assert.Equal("\"we\"\"ird; drop table x\".\"<b>\"", SqlIdentifier.Qualified("we\"ird; drop table x", "<b>"));
}
