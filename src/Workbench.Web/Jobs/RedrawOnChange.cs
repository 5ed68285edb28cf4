using Microsoft.AspNetCore.Components;

namespace Workbench.Web.Jobs;

/// <summary>
/// A part of the live job list that redraws only when what it shows changed. The list is read again every second and
/// hands each part a new record; redrawing a MudBlazor button gives its click a new handler id, so a click the browser
/// sent just before would find no handler and be lost.
/// </summary>
public abstract class RedrawOnChange : ComponentBase
{
    private string? _shown;
    private string? _wanted;

    /// <summary>Everything the component shows, as one string: it redraws when this differs from the last drawn.</summary>
    protected abstract string Shown();

    protected override void OnParametersSet() => _wanted = Shown();

    protected override bool ShouldRender() => _wanted != _shown;

    protected override void OnAfterRender(bool firstRender) => _shown = _wanted;
}
