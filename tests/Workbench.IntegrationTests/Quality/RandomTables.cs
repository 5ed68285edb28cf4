using System.Globalization;
using Workbench.Testing;
using Npgsql;
using NpgsqlTypes;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// Three tables of random policies with every defect the preview reports: keys null, blank, padded, zero-led,
/// typed differently (text vs integer), duplicated; amounts missing, malformed, disagreeing; dates impossible.
/// </summary>
internal static class RandomTables
{
    public static TableView View() => new(
        [
            new TableSide("legacy", "rnd", "legacy", ["pol_num"],
            [
                new FieldMapping("holder", new ColumnExpression("holder", ExpressionKind.Trim)),
                new FieldMapping("premium", new ColumnExpression("premium", ExpressionKind.Number)),
                new FieldMapping("effective", new ColumnExpression("eff_date", ExpressionKind.Date, ["dd/MM/yyyy", "yyyy-MM-dd"])),
                new FieldMapping("status", new ColumnExpression("status", ExpressionKind.Upper)),
                new FieldMapping("raw_date", new ColumnExpression("eff_date")),
            ]),
            new TableSide("fast", "rnd", "fast", ["policy_id"],
            [
                new FieldMapping("holder", new ColumnExpression("holder_name")),
                new FieldMapping("premium", new ColumnExpression("premium_amount", ExpressionKind.Number)),
                new FieldMapping("effective", new ColumnExpression("effective_date", ExpressionKind.Date, ["yyyy-MM-dd"])),
                new FieldMapping("age", new ColumnExpression("age", ExpressionKind.Integer)),
            ]),
            new TableSide("agents", "rnd", "agents", ["policy"],
            [
                new FieldMapping("holder", new ColumnExpression("holder", ExpressionKind.Lower)),
                new FieldMapping("premium", new ColumnExpression("premium", ExpressionKind.Integer)),
            ]),
        ],
        [new TargetField("holder"), new TargetField("premium", Tolerance: 0.5m, Precedence: ["agents", "fast"]), new TargetField("effective"), new TargetField("status"), new TargetField("age"), new TargetField("raw_date")],
        [
            new QualityRule("premium", RuleKind.NotNull),
            new QualityRule("premium", RuleKind.Between, Min: 10, Max: 900),
            new QualityRule("holder", RuleKind.Unique),
            new QualityRule("holder", RuleKind.Pattern, Pattern: "^[A-Z][a-z]+ [A-Z]"),
            new QualityRule("status", RuleKind.InSet, Values: ["ACTIVE", "LAPSED"]),
            new QualityRule("raw_date", RuleKind.ValidDate, Formats: ["yyyy-MM-dd"]),
            new QualityRule("holder", RuleKind.LengthBetween, Min: 4, Max: 9),
            new QualityRule("age", RuleKind.Between, Min: 18, Max: 99),
        ],
        new QualityOptions());

    public static async Task CreateAsync(NpgsqlDataSource database, int seed, int rows)
    {
        var random = new Random(seed);
        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            create schema rnd;
            create table rnd.legacy (pol_num text, holder text, premium text, eff_date text, status text);
            create table rnd.fast (policy_id bigint, holder_name text, premium_amount numeric(12,2), effective_date text, age text);
            create table rnd.agents (policy text, holder text, premium text);
            """);
        await using (var legacy = await connection.BeginBinaryImportAsync("copy rnd.legacy from stdin (format binary)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var key = random.Next(rows);
                if (random.Next(6) == 0)
                    continue;
                await legacy.WriteRowAsync(default, TextKey(random, key), Holder(random), Amount(random, key), Date(random), Pick(random, "active", "Lapsed ", "void", null));
            }
            await legacy.CompleteAsync();
        }
        await using (var fast = await connection.BeginBinaryImportAsync("copy rnd.fast from stdin (format binary)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var key = random.Next(rows);
                if (random.Next(5) == 0)
                    continue;
                await fast.StartRowAsync();
                await fast.WriteAsync(random.Next(50) == 0 ? null : (long?)key, NpgsqlDbType.Bigint);
                await fast.WriteAsync(Holder(random), NpgsqlDbType.Text);
                await fast.WriteAsync(random.Next(15) == 0 ? null : (decimal?)(key % 1000 + (random.Next(8) == 0 ? 0.75m : 0.25m)), NpgsqlDbType.Numeric);
                await fast.WriteAsync(random.Next(12) == 0 ? "2021-02-29" : "2021-03-01", NpgsqlDbType.Text);
                await fast.WriteAsync(Pick(random, "34", "17", "x", null, "101"), NpgsqlDbType.Text);
            }
            await fast.CompleteAsync();
        }
        await using (var agents = await connection.BeginBinaryImportAsync("copy rnd.agents from stdin (format binary)"))
        {
            for (var i = 0; i < rows / 2; i++)
            {
                var key = random.Next(rows);
                await agents.WriteRowAsync(default, TextKey(random, key), Holder(random), Pick(random, (key % 1000).ToString(CultureInfo.InvariantCulture), "12.5", null, "99"));
            }
            await agents.CompleteAsync();
        }
    }

    private static string? TextKey(Random random, int key) => random.Next(60) switch
    {
        0 => null,
        1 => "  ",
        2 => "00" + key,
        3 => " " + key + " ",
        4 => key + ".0",
        _ => key.ToString(CultureInfo.InvariantCulture),
    };

    private static string Holder(Random random) =>
        Pick(random, "Ann Lee", "Bob Stone ", "cy young", "Dee Ray", "Eve", "Fay Moss")! + (random.Next(3) == 0 ? "" : random.Next(400).ToString(CultureInfo.InvariantCulture));

    private static string? Amount(Random random, int key) => random.Next(14) switch
    {
        0 => null,
        1 => "",
        2 => "12,50",
        3 => "n/a",
        _ => (key % 1000 + 0.25m).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // Valid and impossible dates in both formats: the calendar (leap years, day 0, month 0, year 0) and the shape
    // (padding, one digit short, a non-ASCII digit) must be judged alike by C# and by SQL.
    private static string? Date(Random random) => random.Next(16) switch
    {
        0 => null,
        1 => "31/02/2020",
        2 => "2020-13-01",
        3 => "15/06/2020",
        4 => "29/02/2020",
        5 => "29/02/2021",
        6 => "00/06/2020",
        7 => "2020-00-10",
        8 => "0000-06-15",
        9 => " 2020-06-15 ",
        10 => "2020-6-15",
        11 => "2020-06-1\u0665",
        12 => "31/12/9999",
        _ => "2020-06-15",
    };

    private static string? Pick(Random random, params string?[] values) => values[random.Next(values.Length)];
}
