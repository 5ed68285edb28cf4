using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Web.Jobs;
using Xunit;

namespace Workbench.ComponentTests.Jobs;

public sealed class JobResultSummaryTests
{
    /// <summary>
    /// What a materialization of the demo view stores: 2,884 rows written and 236 rejected of 3,120 kept; its objects'
    /// keys in the order jsonb gives them back (shorter keys first).
    /// </summary>
    internal const string Materialized = """
        {"view":"Policy migration","version":1,"destination":"target.policy_migration","mode":"replace","rejects":"table",
         "rejectsTable":"target.policy_migration_rejects","tableCreated":true,"rowsWritten":2884,"rowsRejected":236,
         "reconciliation":{"rowsReadPerSource":{"legacy":3050,"fast":2950},"keysJoined":3170,"keysLeftOutByJoinKind":50,"keysKept":3120,
                           "rowsWritten":2884,"rowsRejected":236},
         "rowsLeftOutByJoinKind":50,"malformedRecordsSkipped":0,"alreadyApplied":false,
         "quality":{"keys":3170,"presence":{"fast":170,"legacy":250,"legacy+fast":2750},
                    "issueCounts":{"null":12,"rule":0,"invalid":236,"mismatch":31,"null_key":5,"presence":420,"duplicate":25},
                    "rowsScanned":{"legacy":3050,"fast":2950},"nullKeys":{"legacy":5,"fast":0},
                    "duplicates":{"legacy":{"keys":20,"extraRows":25},"fast":{"keys":0,"extraRows":0}}}}
        """;

    private const string Copied = """
        {"source":"public.orders","destination":"target.orders","mode":"append","rowsRead":1200,"rowsWritten":1200,"rowsRejected":0,"alreadyApplied":false}
        """;

    [Fact]
    public async Task Rows_written_and_rows_rejected_are_shown_apart_with_the_rejects_table()
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(Materialized)));

        Assert.Equal("2,884", summary.Find("[data-testid=result-written] .wb-job-figure-number").TextContent);
        Assert.Contains("rows written to target.policy_migration", Normalized(summary.Find("[data-testid=result-written]").TextContent));
        Assert.Equal("236", summary.Find("[data-testid=result-rejected] .wb-job-figure-number").TextContent);
        Assert.Equal("target.policy_migration_rejects", summary.Find("[data-testid=result-rejects-table]").TextContent);
        Assert.DoesNotContain("3,120 rows", summary.Markup);
        Assert.Contains("The table's rows were replaced by these. The table was created.", summary.Find("[data-testid=result-how]").TextContent);
    }

    [Fact]
    public async Task The_reconciliation_takes_the_rows_read_down_to_the_rows_written_and_rejected()
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(Materialized)));

        var lines = summary.FindAll("[data-testid=result-reconciliation] tr")
            .Select(r => Normalized(r.TextContent)).ToList();
        Assert.Equal(
        [
            "Rows read legacy 3,050 · fast 2,950 6,000",
            "rows without a key (they join nothing) − 5",
            "duplicate rows (beyond the first of a key in a source) − 25",
            // 6,000 - 5 - 25 - 3,170: the rows of keys both sources hold, counted once.
            "rows matched with another source's row (one key) − 2,800",
            "= keys joined 3,170",
            "left out by the join kinds − 50",
            "= keys kept 3,120",
            "= rows written 2,884",
            "+ rows rejected 236",
        ], lines);
    }

    [Fact]
    public async Task The_quality_figures_say_which_sources_hold_the_keys_and_name_each_kind_of_issue()
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(Materialized)));

        var chips = summary.FindAll("[data-testid=result-quality] .mud-chip").Select(c => Normalized(c.TextContent)).ToList();
        Assert.Equal(
        [
            "in legacy and fast: 2,750", "only in legacy: 250", "only in fast: 170",
            "keys missing from a source: 420", "missing values: 12", "invalid values: 236", "values that disagree: 31",
            "duplicate rows: 25", "rows without a key: 5",
        ], chips);
    }

    [Fact]
    public async Task The_raw_json_shows_only_behind_details()
    {
        await using var ctx = TestContexts.Mud();
        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(Materialized)));
        Assert.Empty(summary.FindAll("[data-testid=result-json]"));
        Assert.DoesNotContain("rowsReadPerSource", summary.Markup);

        await summary.Find("[data-testid=result-details-toggle]").ClickAsync(new MouseEventArgs());

        Assert.Contains("\"rowsReadPerSource\"", summary.Find("[data-testid=result-json]").TextContent);
        Assert.Contains("\"legacy+fast\": 2750", summary.Find("[data-testid=result-json]").TextContent);
        Assert.Equal("true", summary.Find("[data-testid=result-details-toggle]").GetAttribute("aria-expanded"));
        await summary.Find("[data-testid=result-details-toggle]").ClickAsync(new MouseEventArgs());
        Assert.Empty(summary.FindAll("[data-testid=result-json]"));
    }

    [Fact]
    public async Task A_table_copy_reconciles_the_rows_it_read_with_the_rows_it_wrote()
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(Copied)));

        Assert.Equal("1,200", summary.Find("[data-testid=result-written] .wb-job-figure-number").TextContent);
        Assert.DoesNotContain("kept with their reasons", summary.Find("[data-testid=result-rejected]").TextContent);
        var lines = summary.FindAll("[data-testid=result-reconciliation] tr").Select(r => Normalized(r.TextContent)).ToList();
        Assert.Equal(["Rows read public.orders 1,200 1,200", "= rows written 1,200"], lines);
        Assert.Empty(summary.FindAll("[data-testid=result-quality]"));
        Assert.Contains("These rows were added to the table's.", summary.Find("[data-testid=result-how]").TextContent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task A_job_without_a_readable_result_says_so(string? stored)
    {
        await using var ctx = TestContexts.Mud();

        var summary = ctx.Render<JobResultSummary>(p => p.Add(s => s.Result, JobResult.Parse(stored)));

        Assert.Contains("This job left no result.", summary.Markup);
        Assert.Empty(summary.FindAll("[data-testid=result-written]"));
    }

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
