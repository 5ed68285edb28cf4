using Bunit;
using Workbench.Application.Quality;
using Workbench.Web.Quality;
using Xunit;

namespace Workbench.ComponentTests.Quality;

public sealed class IssueKeyChangesViewTests
{
    [Fact]
    public async Task Lists_the_keys_that_lost_and_gained_issues_and_says_when_only_the_shown_part_is_listed()
    {
        await using var ctx = TestContexts.Mud();

        var view = ctx.Render<IssueKeyChangesView>(p => p.Add(c => c.Changes, new IssueKeyChanges(7, ["K9"], 1, ["K1", "K2"], 250, Remaining: 12, FromSamples: true)));

        Assert.Equal(["K1", "K2"], view.FindAll("[data-testid=keys-lost] li").Select(li => li.TextContent));
        Assert.Contains("(250)", view.Find("[data-testid=keys-lost]").TextContent);
        Assert.Contains("The first 2 of 250", view.Find("[data-testid=keys-lost]").TextContent);
        Assert.Equal(["K9"], view.FindAll("[data-testid=keys-gained] li").Select(li => li.TextContent));
        Assert.Equal("Remaining issues: 12", view.Find("[data-testid=remaining-issues]").TextContent.Trim());
        Assert.NotEmpty(view.FindAll("[data-testid=keys-from-samples]"));
    }

    [Fact]
    public async Task No_remaining_issues_shows_as_done()
    {
        await using var ctx = TestContexts.Mud();

        var view = ctx.Render<IssueKeyChangesView>(p => p.Add(c => c.Changes, new IssueKeyChanges(7, [], 0, ["K1"], 1, Remaining: 0, FromSamples: false)));

        var remaining = view.Find("[data-testid=remaining-issues]");
        Assert.Contains("wb-better", remaining.ClassList);
        Assert.StartsWith("Remaining issues: 0.", remaining.TextContent.Trim());
        Assert.Empty(view.FindAll("[data-testid=keys-from-samples]"));
        Assert.Contains("None.", view.Find("[data-testid=keys-gained]").TextContent);
    }
}
