using Workbench.Engine.Query;
using Xunit;

namespace Workbench.UnitTests.Query;

public sealed class QueryFilterTextTests
{
    private static readonly QueryShape Shape = new(["holder", "premium"], [false, true], ["legacy", "fast"]);

    public static TheoryData<string, QueryFilter[]> Written => new()
    {
        { "_source is legacy+fast", [new("_source", FilterOp.Is, "legacy+fast")] },
        { "_source is not legacy", [new("_source", FilterOp.IsNot, "legacy")] },
        { "_has_issues", [new("_has_issues", FilterOp.Is, "true")] },
        { "_has_issues = false", [new("_has_issues", FilterOp.Equals, "false")] },
        { "premium is null", [new("premium", FilterOp.IsNull)] },
        { "premium IS NOT NULL", [new("premium", FilterOp.IsNotNull)] },
        { "premium is invalid", [new("premium", FilterOp.IsInvalid)] },
        { "holder = 'Ann Lee'", [new("holder", FilterOp.Equals, "Ann Lee")] },
        { "holder=Ann", [new("holder", FilterOp.Equals, "Ann")] },
        { "premium >= 100", [new("premium", FilterOp.GreaterOrEqual, "100")] },
        { "premium<5", [new("premium", FilterOp.Less, "5")] },
        { "premium != 5", [new("premium", FilterOp.IsNot, "5")] },
        { "premium between 100 and 500", [new("premium", FilterOp.GreaterOrEqual, "100"), new("premium", FilterOp.LessOrEqual, "500")] },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void A_written_filter_is_read_into_its_parts(string text, QueryFilter[] expected) =>
        Assert.Equal(expected, QueryFilterText.Parse(text));

    [Theory]
    [InlineData("premium", "it has no operator")]
    [InlineData("premium ~ 5", "'~' is not an operator")]
    [InlineData("premium >=", "it has no value")]
    [InlineData("premium between 1", "between needs 'between LOW and HIGH'")]
    [InlineData("  ", "it names no field")]
    public void A_filter_that_cannot_be_read_says_why(string text, string why) =>
        Assert.Contains(why, Assert.Throws<QueryRejectedException>(() => QueryFilterText.Parse(text)).Message);

    [Fact]
    public void Parts_as_the_http_api_takes_them_give_the_same_filters_as_the_text()
    {
        Assert.Equal(QueryFilterText.Parse("premium between 1 and 2"), QueryFilterText.FromParts("premium", "between", "1", "2"));
        Assert.Equal(QueryFilterText.Parse("premium is not null"), QueryFilterText.FromParts("premium", "is  not null", null, null));
        Assert.Equal(QueryFilterText.Parse("_source is not legacy"), QueryFilterText.FromParts("_source", "is not", "legacy", null));
        Assert.Equal(QueryFilterText.Parse("holder <= b"), QueryFilterText.FromParts("holder", "<=", "b", null));
        Assert.Throws<QueryRejectedException>(() => QueryFilterText.FromParts("holder", "like", "b", null));
        Assert.Throws<QueryRejectedException>(() => QueryFilterText.FromParts("holder", "=", null, null));
    }

    [Fact]
    public void Binding_checks_fields_sources_values_and_the_page_against_the_view()
    {
        var bound = QueryBinder.Bind(Query("_source is fast", "premium >= 10.5", "holder is invalid"), Shape);
        Assert.Equal(
            [new BoundFilter.Source(2, false), new BoundFilter.Compare(1, FilterOp.GreaterOrEqual, 10.5m, "10.5"), new BoundFilter.Invalid(0)],
            bound.Filters);

        Assert.StartsWith("Cannot filter on 'nope'", Rejected(Query("nope is null")));
        Assert.Contains("'elsewhere' is not a source of the view", Rejected(Query("_source is legacy+elsewhere")));
        Assert.Contains("'premium' is a number, and 'lots' is not one", Rejected(Query("premium > lots")));
        Assert.Contains("true or false", Rejected(Query("_has_issues = maybe")));
        Assert.StartsWith("Cannot sort by 'nope'", Rejected(new ViewQuery([], new QuerySort("nope"))));
        Assert.Contains("limit must be between 1 and", Rejected(new ViewQuery([], Limit: ViewQuery.MaxLimit + 1)));
        Assert.Contains("Offset plus limit", Rejected(new ViewQuery([], Offset: ViewQuery.MaxWindow, Limit: 1)));
        Assert.Equal(-1, QueryBinder.Bind(new ViewQuery([], new QuerySort("_key", Descending: true)), Shape).SortField);
    }

    private static ViewQuery Query(params string[] where) => new(where.SelectMany(QueryFilterText.Parse).ToList());

    private static string Rejected(ViewQuery query) => Assert.Throws<QueryRejectedException>(() => QueryBinder.Bind(query, Shape)).Message;
}
