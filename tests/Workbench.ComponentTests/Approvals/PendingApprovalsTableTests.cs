using Microsoft.AspNetCore.Components.Web;
using Bunit;
using Workbench.Application.Approvals;
using Workbench.Web.Approvals;
using Xunit;

namespace Workbench.ComponentTests.Approvals;

public sealed class PendingApprovalsTableTests
{
    private static readonly PendingApproval Waiting = new(Guid.NewGuid(), "Policy migration", 3, "sam",
        new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero), "sam", "Ready for review", 42);

    [Fact]
    public async Task A_pending_version_shows_its_view_version_author_readable_time_and_quality_line()
    {
        await using var ctx = TestContexts.Mud();

        var table = ctx.Render<PendingApprovalsTable>(p => p
            .Add(t => t.Items, [Waiting])
            .Add(t => t.QualityLine, id => $"Run #{id}: 1,200 keys, 7 issues")
            .AddCascadingValue(TimeZoneInfo.Utc));

        var row = Assert.Single(table.FindAll("tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Policy migration", cells[0]);
        Assert.Equal("3", cells[1]);
        Assert.Equal("sam", cells[2]);
        Assert.Equal("3 Dec 2026, 14:05", cells[3]);
        Assert.Equal("Run #42: 1,200 keys, 7 issues", cells[4]);
        var time = row.QuerySelector("time")!;
        Assert.Equal("2026-12-03T14:05:00Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-12-03 14:05:00 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public async Task Review_hands_the_version_to_the_page_and_marks_the_one_under_review()
    {
        await using var ctx = TestContexts.Mud();
        PendingApproval? reviewed = null;

        var table = ctx.Render<PendingApprovalsTable>(p => p
            .Add(t => t.Items, [Waiting])
            .Add(t => t.OnReview, item => reviewed = item));
        await table.Find("button[aria-label='Review Policy migration version 3']").ClickAsync(new MouseEventArgs());

        Assert.Same(Waiting, reviewed);
        table.Render(p => p.Add(t => t.Selected, Waiting));
        Assert.Contains("wb-row-selected", table.Find("tbody tr").ClassName);
        Assert.Equal("true", table.Find("button[aria-label='Review Policy migration version 3']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task The_time_is_shown_in_the_users_zone()
    {
        await using var ctx = TestContexts.Mud();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var table = ctx.Render<PendingApprovalsTable>(p => p.Add(t => t.Items, [Waiting]).AddCascadingValue(berlin));

        Assert.Equal("3 Dec 2026, 15:05", table.Find("time").TextContent);
    }
}
