using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Streaming;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// The same views previewed twice against real tables: pushed down as one SQL statement, and streamed row by
/// row through the hash join (with and without spilling). Every count must agree.
/// </summary>
public sealed class PushdownAgreementTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Random_three_source_data_gives_the_same_counts_in_both_engines()
    {
        await RandomTables.CreateAsync(db.DataSource, seed: 4242, rows: 3000);
        var view = RandomTables.View();

        var pushdown = await PushdownQualityEngine.RunAsync(db.DataSource, view);
        var streaming = await Stream(view, budget: QualityOptions.DefaultMemoryBudgetBytes);
        var spilled = await Stream(view, budget: 50_000);

        Assert.Equal("pushdown", pushdown.Engine);
        Assert.True(spilled.Spilled);
        Assert.Equal(Counts(pushdown), Counts(streaming));
        Assert.Equal(Counts(pushdown), Counts(spilled));
        Assert.All(pushdown.IssueCounts, kind => Assert.True(kind.Value > 0, $"the random data has no {kind.Key} issue"));
        Assert.All(pushdown.Presence, combination => Assert.True(combination.Value > 0, $"no key is in exactly {combination.Key}"));
        Assert.All(pushdown.RuleFailures, rule => Assert.True(rule.Failures > 0, $"no failure of {rule.Description}"));
        Assert.All(pushdown.RuleFailures, rule => Assert.True(rule.Failures < pushdown.Keys, $"every key fails {rule.Description}"));
    }

    [Fact]
    public async Task The_hand_computed_tables_give_the_hand_computed_counts_in_both_engines()
    {
        await HandTables.CreateAsync(db.DataSource);

        var pushdown = await PushdownQualityEngine.RunAsync(db.DataSource, HandTables.View);
        var streaming = await Stream(HandTables.View, QualityOptions.DefaultMemoryBudgetBytes);

        HandTables.AssertHandComputed(pushdown);
        HandTables.AssertHandComputed(streaming);
        Assert.Equal(IssueSet(streaming, except: [IssueKinds.Duplicate, IssueKinds.NullKey]), IssueSet(pushdown, except: []));
        Assert.Contains(pushdown.Issues, i => i.Kind == IssueKinds.Mismatch && i.Key == "7" && i.Values["fast"] == "100.500");
    }

    [Fact]
    public async Task The_issue_sample_comes_with_the_counts_holds_the_first_issues_by_key_and_changes_no_count()
    {
        await HandTables.CreateAsync(db.DataSource);
        var limited = HandTables.View with { Options = HandTables.View.Options with { IssueSampleLimit = 2 } };

        var full = await PushdownQualityEngine.RunAsync(db.DataSource, HandTables.View);
        var sampled = await PushdownQualityEngine.RunAsync(db.DataSource, limited);
        var countsOnly = await PushdownQualityEngine.RunAsync(db.DataSource, HandTables.View with { Options = HandTables.View.Options with { IssueSampleLimit = 0 } });

        Assert.True(full.Issues.Count > 2);
        Assert.Equal(full.Issues.Take(2).Select(Json), sampled.Issues.Select(Json));
        Assert.Empty(countsOnly.Issues);
        Assert.Equal(Counts(full), Counts(sampled));
        Assert.Equal(Counts(full), Counts(countsOnly));
    }

    [Fact]
    public async Task A_view_without_issues_samples_none_and_still_counts()
    {
        await using (var command = db.DataSource.CreateCommand(
            "create schema clean; create table clean.a (id text, v text); insert into clean.a values ('1', 'x'), ('2', 'y')"))
            await command.ExecuteNonQueryAsync();
        TableSide Side(string name) => new(name, "clean", "a", ["id"], [new FieldMapping("v", new ColumnExpression("v"))]);
        var view = new TableView([Side("left"), Side("right")], [new TargetField("v")], [], new QualityOptions());

        var report = await PushdownQualityEngine.RunAsync(db.DataSource, view);

        Assert.Empty(report.Issues);
        Assert.Equal(2, report.Keys);
        Assert.Equal(2, report.Presence["left+right"]);
    }

    /// <summary>Issue rows in a comparable order (the engines meet keys in different orders).</summary>
    private static List<string> IssueSet(QualityReport report, string[] except) => report.Issues
        .Where(i => !except.Contains(i.Kind))
        .Select(Json)
        .Order(StringComparer.Ordinal)
        .ToList();

    private static string Json(IssueRow issue) => System.Text.Json.JsonSerializer.Serialize(issue);

    [Fact]
    public void Identifiers_are_quoted_and_values_are_parameters()
    {
        var query = PushdownQuery.For(HandTables.View with
        {
            Rules = [new QualityRule("status", RuleKind.Pattern, Pattern: "'; drop table x; --")],
        });

        Assert.Contains("from \"hand\".\"legacy\"", query.Sql);
        Assert.DoesNotContain("drop table", query.Sql);
        Assert.Contains(query.Parameters, p => p.Value as string == "'; drop table x; --");
    }

    [Fact]
    public async Task A_missing_table_fails_the_pushdown_with_a_clear_message()
    {
        var view = HandTables.View with { Sides = [HandTables.View.Sides[0] with { Table = "nowhere" }, HandTables.View.Sides[1]] };

        var error = await Assert.ThrowsAsync<QualityPreviewException>(() => PushdownQualityEngine.RunAsync(db.DataSource, view));

        Assert.Contains("relation \"hand.nowhere\" does not exist", error.Message);
    }

    private Task<QualityReport> Stream(TableView view, long budget) =>
        StreamingQualityEngine.RunAsync(
            view.ToDefinition() with { Options = view.Options with { MemoryBudgetBytes = budget } },
            view.Sides.Select(side => PostgresSideReader.ReadAsync(db.DataSource, side)).ToList());

    private static string Counts(QualityReport report) =>
        (report with { Engine = "", ElapsedMs = 0, Spilled = false, Issues = [] }).ToJson();
}
