using Workbench.Core.Sql;
using Workbench.Application.Materialize;
using Xunit;

namespace Workbench.UnitTests.Materialize;

public sealed class SqlIdentifierTests
{
    [Theory]
    [InlineData("policies", "\"policies\"")]
    [InlineData("Policy Copy", "\"Policy Copy\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("x\"; drop table job; --", "\"x\"\"; drop table job; --\"")]
    public void Quotes_any_name_literally(string name, string quoted) => Assert.Equal(quoted, SqlIdentifier.Quote(name));

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void Refuses_names_postgres_cannot_hold(string name) => Assert.Throws<ArgumentException>(() => SqlIdentifier.Quote(name));

    [Fact]
    public void A_table_name_quotes_schema_and_name_apart()
    {
        var table = new TableName("legacy data", "Pol.icies");

        Assert.Equal("\"legacy data\".\"Pol.icies\"", table.Quoted);
        Assert.Equal("legacy data.Pol.icies", table.ToString());
    }
}
