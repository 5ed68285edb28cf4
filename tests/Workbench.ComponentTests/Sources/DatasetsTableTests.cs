using Bunit;
using Workbench.Application.Sources;
using Workbench.Web.Sources;
using Xunit;

namespace Workbench.ComponentTests.Sources;

public sealed class ConnectionWarningsTests
{
    [Fact]
    public async Task Warnings_are_listed_in_an_alert_announced_when_they_appear()
    {
        await using var ctx = TestContexts.Mud();

        var warnings = ctx.Render<ConnectionWarnings>(p => p.Add(w => w.Warnings, ["The user may change data.", "TLS is off."]));

        var alert = warnings.Find("[data-testid=connection-warnings]");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Equal(["The user may change data.", "TLS is off."], alert.QuerySelectorAll("li").Select(li => li.TextContent).ToArray());
    }

    [Fact]
    public async Task No_warning_no_alert()
    {
        await using var ctx = TestContexts.Mud();

        var warnings = ctx.Render<ConnectionWarnings>(p => p.Add(w => w.Warnings, []));

        Assert.Empty(warnings.FindAll("[data-testid=connection-warnings]"));
    }
}

public sealed class DatasetsTableTests
{
    [Fact]
    public async Task A_dataset_links_to_its_page_and_says_how_it_was_profiled_in_words_and_local_time()
    {
        await using var ctx = TestContexts.Mud();
        var profile = new Workbench.Core.Profiling.DatasetProfile(1, false, new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero), []);
        var profiled = new StoredDataset(Guid.NewGuid(), Guid.NewGuid(), "Legacy", "legacy.policies", new Dictionary<string, string?>(), [], profile);
        var fresh = profiled with { Id = Guid.NewGuid(), Name = "legacy.agents", Profile = null };

        var table = ctx.Render<DatasetsTable>(p => p.Add(t => t.Items, [profiled, fresh]).AddCascadingValue(TimeZoneInfo.Utc));

        var rows = table.FindAll("tbody tr");
        var first = rows.Single(r => r.TextContent.Contains("legacy.policies", StringComparison.Ordinal));
        Assert.Equal($"datasets/{profiled.Id}", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("1 row (sample), 3 Dec 2026, 14:05", first.QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.Contains("not yet", rows.Single(r => r.TextContent.Contains("legacy.agents", StringComparison.Ordinal)).TextContent);
    }

    [Fact]
    public async Task No_dataset_says_so()
    {
        await using var ctx = TestContexts.Mud();

        var table = ctx.Render<DatasetsTable>(p => p.Add(t => t.Items, []));

        Assert.Contains("No datasets discovered.", table.Markup);
    }
}
