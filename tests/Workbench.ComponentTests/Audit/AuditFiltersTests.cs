using Microsoft.AspNetCore.Components.Web;
using Bunit;
using Workbench.Application.Audit;
using Workbench.Web.Audit;
using Xunit;

namespace Workbench.ComponentTests.Audit;

public sealed class AuditFiltersTests
{
    [Fact]
    public async Task Every_filter_field_has_a_visible_label()
    {
        await using var ctx = TestContexts.Mud();

        var filters = ctx.Render<AuditFilters>();

        var inputs = filters.FindAll("input");
        Assert.Equal(5, inputs.Count);
        var labels = inputs.Select(input =>
        {
            var id = input.GetAttribute("id");
            Assert.False(string.IsNullOrEmpty(id), "An input has no id for its label: " + input.OuterHtml);
            var label = filters.Find($"label[for='{id}']");
            return label.TextContent.Trim();
        }).ToList();
        Assert.Equal(["User", "Action", "Entity (kind or id)", "From (your local time)", "To (your local time)"], labels);
    }

    [Fact]
    public async Task Apply_passes_the_typed_filters_with_times_turned_into_utc()
    {
        await using var ctx = TestContexts.Mud();
        AuditFilter? applied = null;
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var filters = ctx.Render<AuditFilters>(p => p.Add(f => f.OnApply, f => applied = f).AddCascadingValue(berlin));
        filters.Find("input[data-testid=filter-user]").Input("ava");
        filters.Find("input[data-testid=filter-action]").Input("  view.approve ");
        filters.Find("input[data-testid=filter-from]").Change("2026-12-03T10:00");
        filters.Find("input[data-testid=filter-to]").Change("2026-12-03T10:30:15");
        filters.Find("form").Submit();

        Assert.Equal(new AuditFilter("ava", "view.approve", null, new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 3, 9, 30, 15, TimeSpan.Zero)), applied);
        Assert.DoesNotContain("Not a valid", filters.Markup);
    }

    [Fact]
    public async Task Clear_empties_the_fields_and_queries_everything_again()
    {
        await using var ctx = TestContexts.Mud();
        var applied = new List<AuditFilter>();

        var filters = ctx.Render<AuditFilters>(p => p.Add(f => f.OnApply, f => applied.Add(f)));
        filters.Find("input[data-testid=filter-entity]").Input("view:");
        filters.Find("form").Submit();
        await filters.Find("[data-testid=clear-filters]").ClickAsync(new MouseEventArgs());

        Assert.Equal([new AuditFilter(Entity: "view:"), new AuditFilter()], applied);
        Assert.Equal("", filters.Find("input[data-testid=filter-entity]").GetAttribute("value") ?? "");
    }
}
