using System.Globalization;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.UnitTests.Quality;

/// <summary>Random two-source data with every kind of defect, reproducible from its seed.</summary>
internal static class RandomViews
{
    public static (QualityDefinition Definition, List<HarmonisedRow> Left, List<HarmonisedRow> Right) Make(int seed, int rows)
    {
        var random = new Random(seed);
        var definition = new QualityDefinition(
            [new QualitySide("left", ["name", "amount", "day"]), new QualitySide("right", ["name", "amount"])],
            [new TargetField("name"), new TargetField("amount"), new TargetField("day")],
            [
                new QualityRule("amount", RuleKind.NotNull),
                new QualityRule("amount", RuleKind.Between, Min: 0, Max: 900),
                new QualityRule("name", RuleKind.Unique),
            ],
            new QualityOptions { NumericTolerance = 0.5m });
        var number = new ColumnExpression("amount", ExpressionKind.Number);
        var date = new ColumnExpression("day", ExpressionKind.Date, ["yyyy-MM-dd"]);
        var left = new List<HarmonisedRow>();
        var right = new List<HarmonisedRow>();
        for (var i = 0; i < rows; i++)
        {
            var key = random.Next(rows);
            var amount = random.Next(10) == 0 ? "n/a" : random.Next(12) == 0 ? null : random.Next(1000).ToString(CultureInfo.InvariantCulture);
            if (random.Next(8) > 0)
                left.Add(Harmonised(i + 1, Key(random, key), [Name(random), amount, random.Next(5) == 0 ? "2023-02-30" : "2023-01-15"], [null, number, date]));
            if (random.Next(8) > 0)
                right.Add(Harmonised(i + 1, Key(random, key), [Name(random), random.Next(6) == 0 ? (random.Next(1000) + 0.25m).ToString(CultureInfo.InvariantCulture) : amount], [null, number]));
        }
        return (definition, left, right);
    }

    private static object? Key(Random random, int key) => random.Next(40) switch
    {
        0 => null,
        1 => "0" + key,
        2 => (long)key,
        _ => key.ToString(CultureInfo.InvariantCulture),
    };

    private static string Name(Random random) => "n" + random.Next(2000);

    private static HarmonisedRow Harmonised(long position, object? key, string?[] raw, ColumnExpression?[] expressions)
    {
        var values = new object?[raw.Length];
        string?[]? failures = null;
        for (var i = 0; i < raw.Length; i++)
        {
            if (expressions[i] is null)
            {
                values[i] = raw[i];
                continue;
            }
            var (value, failure) = expressions[i]!.Evaluate(raw[i]);
            values[i] = value;
            if (failure is not null)
                (failures ??= new string?[raw.Length])[i] = failure;
        }
        return new HarmonisedRow([key], values, failures, position);
    }
}
