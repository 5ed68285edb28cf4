using System.Globalization;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Xunit;

namespace Workbench.UnitTests.Mapping;

public sealed class TransformTests
{
    private static TransformResult Apply(Transform transform, object? value) => transform.Apply(value, TransformContext.None);

    [Theory]
    [InlineData(FieldType.Integer, "42", 42L)]
    [InlineData(FieldType.Integer, "-7", -7L)]
    [InlineData(FieldType.Boolean, "yes", true)]
    [InlineData(FieldType.Boolean, "F", false)]
    [InlineData(FieldType.Text, "abc", "abc")]
    public void Cast_converts_good_text(FieldType to, string input, object expected)
    {
        var result = Apply(new Cast(to), input);
        Assert.False(result.Failed, result.Failure);
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Cast_to_decimal_date_and_timestamp_reads_invariant_iso_forms()
    {
        Assert.Equal(1234.5m, Apply(new Cast(FieldType.Decimal), "1234.50").Value);
        Assert.Equal(new DateOnly(2024, 2, 29), Apply(new Cast(FieldType.Date), "2024-02-29").Value);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 30, 0), Apply(new Cast(FieldType.Timestamp), "2024-03-01T10:30:00").Value);
        Assert.Equal(12L, Apply(new Cast(FieldType.Integer), 12.0m).Value);
    }

    [Theory]
    [InlineData(FieldType.Integer, "12a")]
    [InlineData(FieldType.Integer, "1.5")]
    [InlineData(FieldType.Decimal, "1,5x")]
    [InlineData(FieldType.Date, "2023-02-30")]
    [InlineData(FieldType.Date, "31/12/2023")]
    [InlineData(FieldType.Timestamp, "yesterday")]
    [InlineData(FieldType.Boolean, "maybe")]
    public void Cast_reports_bad_text_as_a_failure_not_an_exception(FieldType to, string input)
    {
        var result = Apply(new Cast(to), input);
        Assert.True(result.Failed);
        Assert.Contains(input.Trim(), result.Failure);
    }

    [Fact]
    public void Cast_keeps_null_and_rejects_a_fractional_integer()
    {
        Assert.Equal(TransformResult.Ok(null), Apply(new Cast(FieldType.Integer), null));
        Assert.True(Apply(new Cast(FieldType.Integer), 2.5m).Failed);
        Assert.True(Apply(new Cast(FieldType.Boolean), 7L).Failed);
    }

    [Fact]
    public void Trim_and_case_change_text_and_leave_other_values()
    {
        Assert.Equal("Smith", Apply(new Trim(), "  Smith \t").Value);
        Assert.Equal(5L, Apply(new Trim(), 5L).Value);
        Assert.Equal("ACTIVE", Apply(new ChangeCase(LetterCase.Upper), "active").Value);
        Assert.Equal("active", Apply(new ChangeCase(LetterCase.Lower), "AcTiVe").Value);
        Assert.Null(Apply(new ChangeCase(LetterCase.Lower), null).Value);
    }

    [Fact]
    public void Parse_date_tries_the_formats_in_order()
    {
        var parse = new ParseDate(["yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yyyy"]);
        Assert.Equal(new DateOnly(2023, 12, 31), Apply(parse, "31/12/2023").Value);
        Assert.Equal(new DateOnly(2023, 1, 5), Apply(parse, "05.01.2023").Value);
        Assert.Equal(new DateOnly(2023, 1, 5), Apply(parse, "2023-01-05").Value);
        Assert.Null(Apply(parse, "  ").Value);
    }

    [Theory]
    [InlineData("2023-02-30")]
    [InlineData("13/13/2023")]
    [InlineData("not a date")]
    public void Parse_date_fails_on_impossible_or_unknown_dates(string input)
    {
        var result = Apply(new ParseDate(["yyyy-MM-dd", "dd/MM/yyyy"]), input);
        Assert.True(result.Failed);
        Assert.Contains("matches none of", result.Failure);
    }

    [Fact]
    public void Parse_date_without_formats_fails_and_with_time_gives_a_timestamp()
    {
        Assert.True(Apply(new ParseDate([]), "2023-01-01").Failed);
        Assert.Equal(new DateTime(2023, 1, 2, 3, 4, 0), Apply(new ParseDate(["yyyy-MM-dd HH:mm"], WithTime: true), "2023-01-02 03:04").Value);
    }

    [Fact]
    public void Parse_number_reads_the_given_culture()
    {
        Assert.Equal(1234.5m, Apply(new ParseNumber("de-DE"), "1.234,50").Value);
        Assert.Equal(1234.5m, Apply(new ParseNumber("en-US"), "1,234.50").Value);
        Assert.Equal(99m, Apply(new ParseNumber(""), "99").Value);
    }

    [Fact]
    public void Parse_number_fails_on_garbage_and_on_an_unknown_culture()
    {
        Assert.True(Apply(new ParseNumber("en-US"), "twelve").Failed);
        var unknown = Apply(new ParseNumber("xx-NOPE"), "1");
        Assert.True(unknown.Failed);
        Assert.Contains("unknown culture", unknown.Failure);
    }

    [Fact]
    public void Default_replaces_null_and_blank_only()
    {
        var fallback = new DefaultWhenNull("unknown");
        Assert.Equal("unknown", Apply(fallback, null).Value);
        Assert.Equal("unknown", Apply(fallback, "  ").Value);
        Assert.Equal("x", Apply(fallback, "x").Value);
        Assert.Equal("  ", Apply(new DefaultWhenNull("unknown", BlankIsNull: false), "  ").Value);
    }

    [Fact]
    public void Value_map_translates_codes_and_handles_the_unmapped_as_told()
    {
        var map = new Dictionary<string, string?> { ["A"] = "active", ["L"] = "lapsed" };
        Assert.Equal("active", Apply(new ValueMap(map), "A").Value);
        Assert.Equal("Z", Apply(new ValueMap(map), "Z").Value);
        Assert.Null(Apply(new ValueMap(map, UnmappedValue.Null), "Z").Value);
        var failed = Apply(new ValueMap(map, UnmappedValue.Fail), "Z");
        Assert.True(failed.Failed);
        Assert.Contains("\"Z\"", failed.Failure);
    }

    [Fact]
    public void Concat_joins_fields_of_the_row_and_skips_nulls()
    {
        var row = new Dictionary<FieldRef, object?>
        {
            [new FieldRef("crm.people", "last")] = "Smith",
            [new FieldRef("crm.people", "middle")] = null,
        };
        var context = new TransformContext(f => row.GetValueOrDefault(f));
        var concat = new Concat([new FieldRef("crm.people", "middle"), new FieldRef("crm.people", "last")]);
        Assert.Equal("Ann Smith", concat.Apply("Ann", context).Value);
        Assert.Equal("Smith", concat.Apply(null, context).Value);
    }

    [Fact]
    public void Regex_extract_keeps_the_group_and_reports_no_match_and_bad_patterns()
    {
        Assert.Equal("12345", Apply(new RegexExtract(@"POL-(\d+)"), "POL-12345").Value);
        Assert.Equal("POL-1", Apply(new RegexExtract(@"POL-\d", 0), "xPOL-1x").Value);
        Assert.True(Apply(new RegexExtract(@"POL-(\d+)"), "nothing").Failed);
        Assert.Contains("invalid pattern", Apply(new RegexExtract("(unclosed"), "x").Failure);
        Assert.Contains("no group 3", Apply(new RegexExtract(@"(\d)", 3), "1").Failure);
    }

    [Fact]
    public void A_chain_stops_at_the_first_failure_and_names_the_step()
    {
        IReadOnlyList<Transform> chain = [new Trim(), new Cast(FieldType.Integer)];
        Assert.Equal(7L, TransformChain.Apply(chain, " 7 ", TransformContext.None).Value);
        var failed = TransformChain.Apply(chain, " x ", TransformContext.None);
        Assert.StartsWith("cast to integer:", failed.Failure);
        Assert.Equal(FieldType.Integer, TransformChain.OutputType(chain, FieldType.Text));
    }

    [Fact]
    public void Transforms_do_not_depend_on_the_thread_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(1.5m, Apply(new Cast(FieldType.Decimal), "1.5").Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
