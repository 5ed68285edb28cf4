using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sql;
using Workbench.Engine.Quality.Model;
using Workbench.Application.Materialize;
using Xunit;

namespace Workbench.UnitTests.Materialize;

public sealed class DestinationColumnTests
{
    [Fact]
    public void Merged_values_take_the_columns_type_or_fail_with_the_reason()
    {
        Assert.Equal(12.5m, new DestinationColumn("premium", FieldType.Decimal).Convert("12.5"));
        Assert.Equal(7L, new DestinationColumn("count", FieldType.Integer).Convert(7m));
        Assert.Equal("2024-01-02", new DestinationColumn("note", FieldType.Text).Convert(new DateOnly(2024, 1, 2)));
        Assert.Equal(new DateOnly(2024, 1, 2), new DestinationColumn("start", FieldType.Date).Convert(new DateTime(2024, 1, 2)));
        Assert.Equal(DateTimeKind.Utc, ((DateTime)new DestinationColumn("at", FieldType.Timestamp).Convert(new DateTime(2024, 1, 2, 3, 4, 5))!).Kind);
        Assert.Equal("{\"a\":1}", new DestinationColumn("extra", FieldType.Json).Convert("{\"a\":1}"));
        Assert.Null(new DestinationColumn("premium", FieldType.Decimal).Convert(null));

        var error = Assert.Throws<ValueConversionException>(() => new DestinationColumn("premium", FieldType.Decimal).Convert("n/a"));
        Assert.StartsWith("The value of premium cannot be written as Decimal: ", error.Message);
    }

    [Fact]
    public void In_a_sources_database_public_is_an_ordinary_schema_and_the_catalogs_stay_refused()
    {
        Assert.Null(DestinationTable.Problem(new TableName("public", "policy"), inWorkbench: false));
        Assert.Contains("holds PostgreSQL's own tables", DestinationTable.Problem(new TableName("pg_catalog", "policy"), inWorkbench: false));
    }

    [Theory]
    [InlineData("target", "Policy \"Copy\"; drop table x; --", null)]
    [InlineData("public", "policy", "holds the workbench's own tables")]
    [InlineData("pg_catalog", "policy", "holds PostgreSQL's own tables")]
    [InlineData("target", "workbench_job_effect", "records applied writes")]
    [InlineData("target", " ", "Name the destination schema and table.")]
    [InlineData("target", "a_table_name_that_is_far_longer_than_postgresql_lets_an_identifier_be", "longer than PostgreSQL's 63 bytes")]
    public void Destinations_the_workbench_needs_or_postgresql_would_cut_are_refused(string schema, string name, string? problem)
    {
        var found = DestinationTable.Problem(new TableName(schema, name));

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
    }

    [Fact]
    public void A_left_join_keeps_keys_of_its_left_dataset_and_an_inner_join_keys_of_both()
    {
        var sides = new[] { "a", "b", "c" };
        var left = new JoinKindFilter([new Relationship("a", "b", [], JoinKind.Left)], sides);
        var inner = new JoinKindFilter([new Relationship("a", "c", [], JoinKind.Inner)], sides);
        var outer = new JoinKindFilter([new Relationship("a", "b", [])], sides);
        MergedRow Present(int mask) => new("k", [], mask);

        Assert.Equal([false, true, false, true, false, true, false, true], Enumerable.Range(0, 8).Select(m => left.Keeps(Present(m))));
        Assert.Equal([false, false, false, false, false, true, false, true], Enumerable.Range(0, 8).Select(m => inner.Keeps(Present(m))));
        Assert.All(Enumerable.Range(1, 7), m => Assert.True(outer.Keeps(Present(m))));
    }
}
