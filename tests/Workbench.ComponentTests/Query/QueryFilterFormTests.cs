using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Engine.Query;
using Workbench.Web.Query;
using Xunit;

namespace Workbench.ComponentTests.Query;

public sealed class QueryFilterFormTests
{
    private static readonly string[] Fields = ["holder", "premium"];
    private static readonly string[] Sources = ["legacy", "fast"];

    [Fact]
    public async Task Apply_passes_the_chosen_sources_issues_conditions_and_order()
    {
        await using var ctx = TestContexts.Mud();
        QueryFilters? applied = null;
        var form = ctx.Render<QueryFilterForm>(p => p.Add(f => f.Fields, Fields).Add(f => f.Sources, Sources).Add(f => f.OnApply, f => applied = f));

        // Any, then every combination of the sources a key can be held by.
        var sourceChoices = form.FindAll("[data-testid=filter-source] input[type=radio]");
        Assert.Equal(4, sourceChoices.Count);
        Assert.Contains("legacy+fast", form.Find("[data-testid=filter-source]").TextContent);
        await sourceChoices[3].ClickAsync(new MouseEventArgs());
        await form.FindAll("[data-testid=filter-issues] input[type=radio]")[1].ClickAsync(new MouseEventArgs());
        form.Find("textarea[data-testid=filter-conditions]").Change("premium between 100 and 500\n holder is not null ");
        form.Find("input[data-testid=filter-sort]").Change("premium");
        form.Find("form").Submit();

        Assert.NotNull(applied);
        Assert.Equal(
        [
            new QueryFilter("_source", FilterOp.Is, "legacy+fast"), new QueryFilter("_has_issues", FilterOp.Is, "true"),
            new QueryFilter("premium", FilterOp.GreaterOrEqual, "100"), new QueryFilter("premium", FilterOp.LessOrEqual, "500"),
            new QueryFilter("holder", FilterOp.IsNotNull),
        ], applied.Where);
        Assert.Equal(new QuerySort("premium"), applied.Sort);
        Assert.Equal("api/views/00000000-0000-0000-0000-000000000000/query.csv?version=2&where=_source%20is%20legacy%2Bfast&where=_has_issues%20is%20true"
            + "&where=premium%20%3E%3D%20100&where=premium%20%3C%3D%20500&where=holder%20is%20not%20null", applied.ExportUrl(Guid.Empty, 2));
    }

    [Fact]
    public async Task A_condition_that_cannot_be_read_is_shown_and_nothing_is_applied()
    {
        await using var ctx = TestContexts.Mud();
        var applied = new List<QueryFilters>();
        var form = ctx.Render<QueryFilterForm>(p => p.Add(f => f.Fields, Fields).Add(f => f.Sources, Sources).Add(f => f.OnApply, f => applied.Add(f)));

        form.Find("textarea[data-testid=filter-conditions]").Change("premium ~ 5");
        form.Find("form").Submit();

        Assert.Empty(applied);
        Assert.Contains("'~' is not an operator", form.Markup);

        form.Find("textarea[data-testid=filter-conditions]").Change("");
        form.Find("form").Submit();
        var everything = Assert.Single(applied);
        Assert.Empty(everything.Where);
        Assert.Null(everything.Sort);
    }
}
