using Workbench.Testing;
using Npgsql;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// The unit tests' hand-computed legacy/FAST example as raw tables (text columns, a numeric column, mixed key
/// spellings), so both engines can be held to the same hand-computed counts.
/// </summary>
internal static class HandTables
{
    public static readonly TableView View = new(
        [
            new TableSide("legacy", "hand", "legacy", ["pol_num"],
            [
                new FieldMapping("holder", new ColumnExpression("holder")),
                new FieldMapping("premium", new ColumnExpression("premium", ExpressionKind.Number)),
                new FieldMapping("status", new ColumnExpression("status")),
                new FieldMapping("eff_date", new ColumnExpression("eff_date")),
            ]),
            new TableSide("fast", "hand", "fast", ["policy_id"],
            [
                new FieldMapping("holder", new ColumnExpression("holder_name")),
                new FieldMapping("premium", new ColumnExpression("premium_amount", ExpressionKind.Number)),
            ]),
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

    /// <summary>Creates the tables once per database (test classes share their fixture's database across tests).</summary>
    public static async Task CreateAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        if (await connection.ExecuteScalarAsync<bool>("select exists (select from pg_namespace where nspname = 'hand')"))
            return;
        await connection.ExecuteAsync("""
            create schema hand;
            create table hand.legacy (pol_num text, holder text, premium text, status text, eff_date text);
            insert into hand.legacy values
                ('007', 'Ann', '100', 'A', '31/12/2020'),
                ('8', 'Bob', null, 'L', '31/02/2020'),
                ('9', 'Cy', 'abc', 'X', '2020-01-01'),
                (' 8', 'Bobby', '5', 'A', '01/01/2021'),
                (null, 'Nobody', '1', 'A', '01/01/2021'),
                ('10', 'Dee', '2000', 'A', null),
                ('12', 'Fay', '20', 'L', '29/02/2020');
            create table hand.fast (policy_id text, holder_name text, premium_amount numeric(10,3));
            insert into hand.fast values
                ('7', 'Ann', 100.5), ('8', 'Bob ', 50), ('11', 'eve', 3), ('11', 'Eve2', 4), ('9', 'Cy', 9), ('12.0', 'Fay', 20.005);
            """);
    }

    /// <summary>The counts worked out by hand in the unit tests' <c>HandComputedReportTests</c>.</summary>
    public static void AssertHandComputed(QualityReport report)
    {
        Assert.Equal(6, report.Keys);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 1, ["fast"] = 1, ["legacy+fast"] = 4 }, report.Presence);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 7, ["fast"] = 6 }, report.RowsScanned);
        Assert.Equal(new Dictionary<string, long> { ["legacy"] = 1, ["fast"] = 0 }, report.NullKeys);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates["legacy"]);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates["fast"]);
        var premium = report.Fields.Single(f => f.Name == "premium");
        Assert.Equal((1L, 1L, 1L), (premium.Nulls, premium.Invalid, premium.Mismatches));
        Assert.Equal(new Dictionary<string, long> { [ColumnExpression.NotANumber] = 1 }, premium.InvalidByReason);
        Assert.Equal(0, report.Fields.Single(f => f.Name == "holder").Mismatches);
        Assert.Equal(1, report.Fields.Single(f => f.Name == "eff_date").Nulls);
        Assert.Equal([0L, 1, 1, 1, 1, 1, 4, 2], report.RuleFailures.Select(r => r.Failures));
        Assert.Equal(11, report.IssueCounts[IssueKinds.Rule]);
    }
}
