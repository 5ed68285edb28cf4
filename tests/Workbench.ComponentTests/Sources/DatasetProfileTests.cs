using Bunit;
using Workbench.Application.Privacy;
using Workbench.Core.Privacy;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Web.Sources;
using Xunit;

namespace Workbench.ComponentTests.Sources;

/// <summary>The dataset page's parts: the profile's summary line, the fields with their figures, the sample rows.</summary>
public sealed class DatasetProfileTests
{
    private static readonly DateTimeOffset ProfiledAt = new(2026, 12, 3, 14, 5, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

    private static DatasetProfile Profile(long rows, bool complete, long? sampleLimit, long malformed = 0) =>
        new(rows, complete, ProfiledAt, [], malformed, sampleLimit);

    [Theory]
    [InlineData(4, true, 10_000L, "4 rows (sample of up to 10,000; the whole dataset), profiled 3 Dec 2026, 15:05.")]
    [InlineData(10_000, false, 10_000L, "10,000 rows (sample of up to 10,000; the dataset has more), profiled 3 Dec 2026, 15:05.")]
    [InlineData(1, true, null, "1 row (full scan), profiled 3 Dec 2026, 15:05.")]
    public async Task The_summary_says_a_sample_is_a_sample_even_when_it_read_every_row(long rows, bool complete, long? limit, string expected)
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<ProfileSummary>(p => p.Add(s => s.Profile, Profile(rows, complete, limit)).AddCascadingValue(Paris));

        Assert.Equal(expected, Normalized(summary.Find("[data-testid=profile-summary]").TextContent));
    }

    [Theory]
    [InlineData(1, "1 malformed record skipped")]
    [InlineData(3, "3 malformed records skipped")]
    public async Task Malformed_records_are_counted_in_words(long malformed, string expected)
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<ProfileSummary>(p => p.Add(s => s.Profile, Profile(20, true, null, malformed)).AddCascadingValue(TimeZoneInfo.Utc));

        var text = Normalized(summary.Markup);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("(s)", text);
    }

    [Fact]
    public async Task Each_field_shows_its_null_rate_an_approximate_distinct_count_and_visible_trailing_spaces()
    {
        await using var ctx = TestContexts.Mud();
        FieldSchema[] fields = [new("pol_num", FieldType.Text, false, "text"), new("note", FieldType.Text, true, null)];
        var profile = new DatasetProfile(4, true, ProfiledAt,
        [
            new FieldProfile("pol_num", 4, 1, 3, "POL-1", "POL-3", FieldType.Text, [new ValueCount("POL-2 ", 2)], [new ValueCount("AAA-9", 3)], []),
            new FieldProfile("note", 4, 4, 0, null, null, FieldType.Unknown, [], [], []),
        ]);

        var table = ctx.Render<FieldsProfileTable>(p => p.Add(t => t.Fields, fields).Add(t => t.Profile, profile));

        var rows = table.FindAll("tbody tr");
        var polNum = rows[0].QuerySelectorAll("td").Select(c => Normalized(c.TextContent)).ToList();
        Assert.Equal("pol_num", polNum[0]);
        Assert.Equal("Text (text)", polNum[1]);
        Assert.Equal("25.0% (1)", polNum[3]);
        Assert.Equal("about 3", polNum[4]);
        Assert.Contains("POL-2·", polNum[6]);
        Assert.Equal("none", Normalized(rows[1].QuerySelectorAll("td")[4].TextContent));
        Assert.NotNull(rows[0].QuerySelector("[aria-label='Null rate of pol_num']"));
    }

    [Fact]
    public async Task The_sample_rows_show_each_field_and_the_rows_position()
    {
        await using var ctx = TestContexts.Mud();
        var shape = new RowShape(["payment_id", "amount"]);
        SourceRow[] rows = [new(shape, ["P-1", "10.50"], new RowPosition(1, 2)), new(shape, ["P-2", null], new RowPosition(2, 3))];

        var grid = ctx.Render<SampleRowsGrid>(p => p.Add(g => g.Rows, rows).Add(g => g.Fields, shape.Fields));

        grid.WaitForAssertion(() => Assert.Contains("P-2", grid.Find("[data-testid=sample-grid]").TextContent));
        var headers = grid.FindAll("th").Select(h => Normalized(h.TextContent)).ToList();
        Assert.Contains("payment_id", headers);
        Assert.Contains("amount", headers);
        Assert.Contains("∅", grid.Markup);
    }

    [Fact]
    public async Task Personal_values_in_the_sample_rows_are_masked_and_the_others_shown()
    {
        await using var ctx = TestContexts.Mud();
        var shape = new RowShape(["email", "amount"]);
        SourceRow[] rows = [new(shape, ["ada@example.org", "10.50"], new RowPosition(1, 2)), new(shape, [null, "3"], new RowPosition(2, 3))];
        var masking = FieldMasking.Masked(new HashSet<string> { "email" }, new ValueMasker(new byte[32]));

        var grid = ctx.Render<SampleRowsGrid>(p => p.Add(g => g.Rows, rows).Add(g => g.Fields, shape.Fields).Add(g => g.Masking, masking));

        grid.WaitForAssertion(() => Assert.Contains("10.50", grid.Find("[data-testid=sample-grid]").TextContent));
        Assert.DoesNotContain("ada@example.org", grid.Markup);
        Assert.Contains(masking.Text("email", "ada@example.org")!, grid.Markup);
        Assert.Contains("∅", grid.Markup);
    }

    [Fact]
    public async Task A_field_marked_personal_says_so_and_a_cleared_mark_is_not_shown()
    {
        await using var ctx = TestContexts.Mud();
        FieldSchema[] fields = [new("email", FieldType.Text, true, null), new("name", FieldType.Text, true, null), new("city", FieldType.Text, true, null)];
        PersonalDataMark[] marks =
        [
            new("email", PersonalDataKind.Email, MarkState.Proposed, "values look like e-mail addresses", null, ProfiledAt),
            new("name", PersonalDataKind.Name, MarkState.Confirmed, "confirmed by sam", "sam", ProfiledAt),
            new("city", PersonalDataKind.Address, MarkState.Cleared, "cleared by sam", "sam", ProfiledAt),
        ];

        var table = ctx.Render<FieldsProfileTable>(p => p.Add(t => t.Fields, fields).Add(t => t.Marks, marks));

        Assert.Equal("personal: Email (proposed)", Normalized(table.Find("[data-testid=personal-email]").TextContent));
        Assert.Equal("personal: Name", Normalized(table.Find("[data-testid=personal-name]").TextContent));
        Assert.Empty(table.FindAll("[data-testid=personal-city]"));
    }

    [Fact]
    public void The_sample_note_counts_rows_and_malformed_records_in_words()
    {
        var diagnostics = new ReadDiagnostics();
        Assert.Equal("1 row", SampleRowsGrid.Note(1, diagnostics));

        diagnostics.Report(new MalformedRecord(new RowPosition(3, 4), "expected 3 fields, found 2"));
        var note = SampleRowsGrid.Note(1000, diagnostics);
        Assert.StartsWith("1,000 rows; 1 malformed record skipped: ", note);
        Assert.DoesNotContain("(s)", note);
    }

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
}
