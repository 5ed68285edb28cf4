using Workbench.Engine.Quality.Spec;
using Xunit;

namespace Workbench.UnitTests.Quality;

public sealed class PreviewSpecTests
{
    private const string Fields = """ "fields": [ { "name": "holder" } ] """;

    [Theory]
    [InlineData("""{ "name": "a", "key": ["id"], "fields": [] }""", "needs exactly one of \"table\", \"csv\" or \"api\"")]
    [InlineData("""{ "name": "a", "csv": "a.csv", "api": "http://127.0.0.1/x", "key": ["id"], "fields": [] }""", "needs exactly one of")]
    [InlineData("""{ "name": "a", "api": "ftp://127.0.0.1/x", "key": ["id"], "fields": [] }""", "must be an absolute http(s) URL")]
    [InlineData("""{ "name": "a", "api": "/relative", "key": ["id"], "fields": [] }""", "must be an absolute http(s) URL")]
    [InlineData("""{ "name": "a", "api": "http://127.0.0.1/x", "key": [], "fields": [] }""", "needs a \"key\"")]
    public void A_side_must_say_where_it_comes_from_once_and_how_it_is_keyed(string side, string message)
    {
        var spec = PreviewSpec.Parse($$"""{ "sides": [ {{side}} ], {{Fields}} }""");

        var error = Assert.Throws<ArgumentException>(() => spec.ToDefinition());

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void An_api_side_takes_its_records_and_cursor_properties_or_the_defaults()
    {
        var spec = PreviewSpec.Parse("""
            { "sides": [
                { "name": "a", "api": "http://127.0.0.1/a", "key": ["id"], "fields": [] },
                { "name": "b", "api": "https://example.test/b?x=1", "records": "data", "cursor": "after", "key": ["id"], "fields": [] } ],
              "fields": [] }
            """);

        spec.ToDefinition();
        Assert.Equal(("items", "next"), (spec.Sides[0].Records, spec.Sides[0].Cursor));
        Assert.Equal(("data", "after"), (spec.Sides[1].Records, spec.Sides[1].Cursor));
        Assert.False(spec.AllTables);
    }
}
