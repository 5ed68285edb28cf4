using Workbench.Engine.Quality.Expressions;
using Xunit;

namespace Workbench.UnitTests.Quality;

public sealed class ExpressionTests
{
    [Theory]
    [InlineData("29/02/2024", true)]
    [InlineData("29/02/2023", false)]
    [InlineData("31/04/2024", false)]
    [InlineData("00/01/2024", false)]
    [InlineData("01/13/2024", false)]
    [InlineData("1/1/2024", false)]
    [InlineData("01/01/0000", false)]
    [InlineData("01-01-2024", false)]
    public void Dates_follow_the_format_and_the_calendar(string text, bool valid) =>
        Assert.Equal(valid, DateFormats.Get("dd/MM/yyyy").TryParse(text, out _));

    [Fact]
    public void The_first_format_that_parses_wins()
    {
        Assert.True(DateFormats.TryParseAny("2024-03-01", ["dd/MM/yyyy", "yyyy-MM-dd"], out var iso));
        Assert.True(DateFormats.TryParseAny("01/03/2024", ["dd/MM/yyyy", "yyyy-MM-dd"], out var european));
        Assert.Equal(new DateOnly(2024, 3, 1), iso);
        Assert.Equal(iso, european);
    }

    [Theory]
    [InlineData("yyyy-MM")]
    [InlineData("dd/MM/yy")]
    [InlineData("yyyy-MM-dd-dd")]
    [InlineData("yyyy\U0001F4C5MM-dd")]
    public void Unsupported_formats_are_refused(string format) =>
        Assert.Throws<ArgumentException>(() => DateFormats.Get(format));

    [Theory]
    [InlineData("dd/MM/yyyy", 7, 4, 1)]
    [InlineData("yyyy-MM-dd", 1, 6, 9)]
    [InlineData("MM.dd.yyyy", 7, 1, 4)]
    [InlineData("yyyyMMdd", 1, 5, 7)]
    public void Each_part_of_a_format_starts_at_a_fixed_character(string format, int year, int month, int day)
    {
        var compiled = DateFormats.Get(format);
        Assert.Equal((year, month, day), (compiled.YearStart, compiled.MonthStart, compiled.DayStart));
    }

    [Theory]
    [InlineData(" 12.50 ", "12.50", null)]
    [InlineData("-.5", "-0.5", null)]
    [InlineData("7.", "7", null)]
    [InlineData("", null, null)]
    [InlineData("1,5", null, ColumnExpression.NotANumber)]
    [InlineData("1e3", null, ColumnExpression.NotANumber)]
    [InlineData("123456789012345678901", null, ColumnExpression.NotANumber)]
    public void Numbers_parse_only_in_the_shared_syntax(string raw, string? value, string? failure)
    {
        var (result, reason) = new ColumnExpression("premium", ExpressionKind.Number).Evaluate(raw);
        Assert.Equal(value, ValueText.Of(result));
        Assert.Equal(failure, reason);
    }

    [Fact]
    public void Text_transforms_never_fail()
    {
        Assert.Equal(("ab", (string?)null), new ColumnExpression("c", ExpressionKind.Trim).Evaluate(" ab "));
        Assert.Equal(("AB ", (string?)null), new ColumnExpression("c", ExpressionKind.Upper).Evaluate("ab "));
        Assert.Equal(("12.50", (string?)null), new ColumnExpression("c").Evaluate(12.50m));
        Assert.Equal(((object?)null, (string?)null), new ColumnExpression("c").Evaluate(DBNull.Value));
    }

    [Fact]
    public void Integers_and_dates_report_their_reason()
    {
        Assert.Equal((object?)42L, new ColumnExpression("c", ExpressionKind.Integer).Evaluate("+042").Value);
        Assert.Equal(ColumnExpression.NotAnInteger, new ColumnExpression("c", ExpressionKind.Integer).Evaluate("4.2").Failure);
        var date = new ColumnExpression("c", ExpressionKind.Date, ["dd.MM.yyyy"]);
        Assert.Equal((object?)new DateOnly(2020, 2, 29), date.Evaluate("29.02.2020").Value);
        Assert.Equal("not a date (dd.MM.yyyy)", date.Evaluate("30.02.2020").Failure);
    }

    [Fact]
    public void Numbers_disagree_only_beyond_the_tolerance()
    {
        Assert.False(ValueComparer.Differ(100m, 100.01m, 0.01m));
        Assert.True(ValueComparer.Differ(100m, 100.02m, 0.01m));
        Assert.False(ValueComparer.Differ(7L, 7.0m, 0m));
        Assert.False(ValueComparer.Differ("Bob", "Bob  ", 0m));
        Assert.True(ValueComparer.Differ("Bob", "bob", 0m));
    }
}
