using Microsoft.AspNetCore.Components.Web;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workbench.Web.Approvals;
using Xunit;

namespace Workbench.ComponentTests.Approvals;

public sealed class DecisionDialogTests
{
    private static async Task<IDialogReference> OpenAsync(BunitContext ctx, IRenderedComponent<MudDialogProvider> provider, Decision decision)
    {
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<DecisionDialog>
        {
            { d => d.Decision, decision },
            { d => d.Subject, "Policy migration, version 3" },
        };
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<DecisionDialog>(null, parameters));
        provider.WaitForElement("[data-testid=confirm-decision]");
        return reference;
    }

    [Fact]
    public async Task A_rejection_without_a_comment_is_refused_with_a_message_and_the_dialog_stays_open()
    {
        await using var ctx = TestContexts.Mud();
        var provider = ctx.RenderProviders();
        var dialog = await OpenAsync(ctx, provider, Decision.Reject);

        await provider.Find("[data-testid=confirm-decision]").ClickAsync(new MouseEventArgs());

        provider.WaitForAssertion(() => Assert.Contains("Say what should change before rejecting.", provider.Markup));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Contains("Reject Policy migration, version 3", provider.Find("h2").TextContent);
    }

    [Fact]
    public async Task A_rejection_with_a_comment_returns_the_comment()
    {
        await using var ctx = TestContexts.Mud();
        var provider = ctx.RenderProviders();
        var dialog = await OpenAsync(ctx, provider, Decision.Reject);

        provider.Find("textarea").Input("  Map the holder's name too.  ");
        await provider.Find("[data-testid=confirm-decision]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("Map the holder's name too.", result.Data);
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=confirm-decision]")));
    }

    [Fact]
    public async Task An_approval_needs_no_comment()
    {
        await using var ctx = TestContexts.Mud();
        var provider = ctx.RenderProviders();
        var dialog = await OpenAsync(ctx, provider, Decision.Approve);

        Assert.Contains("Comment (optional)", provider.Markup);
        await provider.Find("[data-testid=confirm-decision]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("", result.Data);
    }

    [Fact]
    public async Task Cancel_decides_nothing()
    {
        await using var ctx = TestContexts.Mud();
        var provider = ctx.RenderProviders();
        var dialog = await OpenAsync(ctx, provider, Decision.Approve);

        await provider.Find("[data-testid=cancel-decision]").ClickAsync(new MouseEventArgs());

        Assert.True((await dialog.Result)!.Canceled);
    }
}
