using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workbench.Application.Sources;
using Workbench.Core.Sources;
using Workbench.Web.Account;
using Workbench.Web.Shared;
using Workbench.Web.Sources;
using Xunit;

namespace Workbench.ComponentTests.Sources;

public sealed class SourcesTableTests
{
    private static SourceSummary Source(string name, SourceKind kind, string status, int datasets, DateTimeOffset? checkedAt = null) =>
        new(Guid.NewGuid(), name, kind, new Dictionary<string, string?>(), [], default, status, status == "failed" ? "connection refused" : null,
            checkedAt, datasets, false);

    private static readonly SourceSummary Legacy = Source("Legacy policies (PostgreSQL)", SourceKind.PostgreSql, "ok", 2,
        new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero));

    private static readonly SourceSummary Agents = Source("Agents export (CSV)", SourceKind.File, "failed", 1);

    [Fact]
    public async Task Each_source_shows_its_kind_status_chip_readable_time_and_dataset_count()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);

        var table = ctx.Render<SourcesTable>(p => p.Add(t => t.Items, [Legacy, Agents]).AddCascadingValue(TimeZoneInfo.Utc));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        var legacy = rows.Single(r => r.TextContent.Contains("Legacy policies", StringComparison.Ordinal));
        var cells = legacy.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Legacy policies (PostgreSQL)", cells[0]);
        Assert.Equal("PostgreSQL", cells[1]);
        Assert.Equal("ok", cells[2]);
        Assert.Equal("3 Dec 2026, 14:05", cells[3]);
        Assert.Equal("2", cells[4]);
        Assert.Contains("mud-chip-color-success", legacy.QuerySelector(".mud-chip")!.ClassName);
        var agents = rows.Single(r => r.TextContent.Contains("Agents export", StringComparison.Ordinal));
        Assert.Contains("never", agents.TextContent);
        Assert.Contains("connection refused", agents.TextContent);
        Assert.Contains("mud-chip-color-error", agents.QuerySelector(".mud-chip")!.ClassName);
    }

    [Fact]
    public async Task A_steward_gets_test_edit_and_delete_that_hand_the_source_to_the_page()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);
        SourceSummary? tested = null, deleted = null;

        var table = ctx.Render<SourcesTable>(p => p
            .Add(t => t.Items, [Legacy])
            .Add(t => t.OnTest, s => tested = s)
            .Add(t => t.OnDelete, s => deleted = s));

        table.Find("button[aria-label='Test Legacy policies (PostgreSQL)']").Click();
        table.Find("button[aria-label='Delete Legacy policies (PostgreSQL)']").Click();
        Assert.Same(Legacy, tested);
        Assert.Same(Legacy, deleted);
        Assert.Equal($"sources/{Legacy.Id}/edit", table.Find("[aria-label='Edit Legacy policies (PostgreSQL)']").GetAttribute("href"));
    }

    [Fact]
    public async Task Someone_without_the_steward_role_gets_no_controls()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("ann").SetPolicies(Policies.Approver);

        var table = ctx.Render<SourcesTable>(p => p.Add(t => t.Items, [Legacy]));

        Assert.Empty(table.FindAll("button"));
        Assert.Empty(table.FindAll("[aria-label^='Edit']"));
        Assert.Contains("Legacy policies (PostgreSQL)", table.Find("tbody a").TextContent);
    }

    [Fact]
    public async Task The_source_being_tested_shows_it_and_cannot_be_tested_twice()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);

        var table = ctx.Render<SourcesTable>(p => p.Add(t => t.Items, [Legacy]).Add(t => t.Testing, Legacy.Id));

        var test = table.Find("button[aria-label='Test Legacy policies (PostgreSQL)']");
        Assert.True(test.HasAttribute("disabled"));
        Assert.Equal("Testing…", test.TextContent.Trim());
    }

    [Theory]
    [InlineData(1, "Delete the source \"Agents export (CSV)\" and its 1 dataset? Mappings that use it will lose their input.")]
    [InlineData(3, "Delete the source \"Agents export (CSV)\" and its 3 datasets? Mappings that use them will lose their input.")]
    public void The_delete_question_counts_the_datasets_in_words(int datasets, string expected) =>
        Assert.Equal(expected, SourcesTable.DeleteQuestion(Agents with { DatasetCount = datasets }));

    [Fact]
    public async Task The_delete_confirmation_deletes_only_when_confirmed()
    {
        await using var ctx = TestContexts.Mud();
        var provider = ctx.RenderProviders();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var keep = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "Delete source", SourcesTable.DeleteQuestion(Agents), "Delete", Color.Error));
        provider.WaitForElement("[data-testid=confirm-ok]");
        Assert.Contains("its 1 dataset?", provider.Find("[data-testid=confirm-dialog]").TextContent);
        Assert.Equal("Delete", provider.Find("[data-testid=confirm-ok]").TextContent.Trim());
        provider.Find("[data-testid=confirm-cancel]").Click();
        Assert.False(await keep);

        var delete = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "Delete source", SourcesTable.DeleteQuestion(Agents), "Delete", Color.Error));
        provider.WaitForElement("[data-testid=confirm-ok]").Click();
        Assert.True(await delete);
    }
}
