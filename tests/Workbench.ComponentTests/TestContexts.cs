using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Workbench.ComponentTests;

/// <summary>
/// A bunit context with MudBlazor's services and loose JS interop. Each test makes its own with
/// <c>await using var ctx = TestContexts.Mud();</c>: MudBlazor's services dispose only asynchronously.
/// </summary>
public static class TestContexts
{
    public static BunitContext Mud()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    /// <summary>Renders the providers dialogs and popovers need, as the layout does.</summary>
    public static IRenderedComponent<MudDialogProvider> RenderProviders(this BunitContext ctx)
    {
        ctx.Render<MudPopoverProvider>();
        return ctx.Render<MudDialogProvider>();
    }
}
