using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Application.Accounts;
using Workbench.Web.Account;
using Workbench.Web.Components.Layout;
using Xunit;

namespace Workbench.ComponentTests.Layout;

public sealed class NavLinksTests
{
    private static async Task<IReadOnlyList<string>> VisibleTitlesAsync(params string[] roles)
    {
        await using var ctx = TestContexts.Mud();
        // The workbench's own policies, not bunit's stand-in for authorization.
        await using var authorization = new ServiceCollection().AddLogging().AddAuthorizationCore(Policies.Add).BuildServiceProvider();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "someone"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));
        var entries = await NavEntries.VisibleToAsync(authorization.GetRequiredService<IAuthorizationService>(), user);

        var nav = ctx.Render<NavLinks>(p => p.Add(n => n.Entries, entries));

        return nav.FindAll("nav[aria-label='Main navigation'] .wb-nav-text").Select(e => e.TextContent.Trim()).ToList();
    }

    private static readonly string[] EveryoneSees = ["Overview", "Sources", "Views & Mapping", "Quality", "Approvals", "Jobs", "Lineage"];

    [Fact]
    public async Task A_steward_sees_the_work_entries_and_neither_audit_nor_users()
    {
        Assert.Equal(EveryoneSees, await VisibleTitlesAsync(Roles.Steward));
    }

    [Fact]
    public async Task An_approver_sees_the_audit_trail_but_not_the_users()
    {
        Assert.Equal([.. EveryoneSees, "Audit"], await VisibleTitlesAsync(Roles.Approver));
    }

    [Fact]
    public async Task An_admin_sees_every_entry()
    {
        Assert.Equal([.. EveryoneSees, "Audit", "Users"], await VisibleTitlesAsync(Roles.Admin));
    }

    [Fact]
    public async Task Every_entry_is_a_link_to_its_page()
    {
        await using var ctx = TestContexts.Mud();

        var nav = ctx.Render<NavLinks>(p => p.Add(n => n.Entries, NavEntries.All));

        var hrefs = nav.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(NavEntries.All.Select(e => e.Path), hrefs);
    }

    [Fact]
    public async Task The_approvals_entry_shows_how_many_versions_wait_and_no_count_when_none_do()
    {
        await using var ctx = TestContexts.Mud();

        var nav = ctx.Render<NavLinks>(p => p.Add(n => n.Entries, NavEntries.All).Add(n => n.WaitingApprovals, 3));

        var count = nav.Find("[data-testid=nav-approvals-count]");
        Assert.Equal("3", count.TextContent);
        Assert.Equal("3 versions waiting for a decision", count.GetAttribute("title"));
        Assert.Contains("Approvals", count.ParentElement!.TextContent);

        nav.Render(p => p.Add(n => n.WaitingApprovals, 1));
        Assert.Equal("1 version waiting for a decision", nav.Find("[data-testid=nav-approvals-count]").GetAttribute("title"));

        nav.Render(p => p.Add(n => n.WaitingApprovals, 0));
        Assert.Empty(nav.FindAll("[data-testid=nav-approvals-count]"));
    }
}
