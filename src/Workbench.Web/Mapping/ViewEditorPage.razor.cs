using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Suggestions;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Application.Approvals;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;

namespace Workbench.Web.Mapping;

/// <summary>
/// The mapping session of one view: edits are kept on the server as immutable specs (undo/redo), saved as a
/// new version only when the steward saves, and only if nobody saved in between.
/// </summary>
public partial class ViewEditorPage
{
    private const int SampleSize = 20;

    private static readonly (string Key, string Label)[] Tabs =
    [
        ("connection", "Connection & transform"), ("suggestions", "Suggestions"), ("schema", "Target schema"),
        ("joins", "Datasets & joins"), ("versions", "Versions"), ("query", "Query"),
    ];

    private readonly HashSet<string> collapsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> samples = new(StringComparer.Ordinal);
    private Dictionary<string, DatasetDescriptor> datasets = new(StringComparer.Ordinal);
    private EditHistory? history;
    private ViewSpec saved = null!;
    private int baseVersion;
    private VersionStatus status = VersionStatus.Draft;
    private bool submitting;
    private bool notFound;
    private bool saving;
    private string? saveMessage;
    private SaveOutcome.Conflict? conflict;
    private (FieldRef Source, string Target)? selected;
    private string? pickedSource;
    private string? pickedTarget;
    private string? pickMessage;
    private string? search;
    private string tab = "connection";
    private MappingCanvas? canvas;
    private IReadOnlyList<ValidationIssue>? issues;

    [Parameter] public Guid Id { get; set; }

    [Inject] private ViewStore Store { get; set; } = null!;
    [Inject] private IDatasetCatalog Catalog { get; set; } = null!;
    [Inject] private AuditLog Audit { get; set; } = null!;
    [Inject] private ApprovalService Approvals { get; set; } = null!;

    private ViewSpec Spec => history!.Current;

    private bool Dirty => !ReferenceEquals(Spec, saved);

    private IReadOnlyList<ValidationIssue> Issues => issues ??= ViewValidator.Validate(Spec, datasets.Values.ToList());

    private IReadOnlySet<string> InvalidTargets =>
        Issues.Where(i => i.Severity == IssueSeverity.Error && i.Target is not null).Select(i => i.Target!).ToHashSet(StringComparer.Ordinal);

    protected override async Task OnParametersSetAsync()
    {
        var all = await Catalog.ListDatasetsAsync();
        datasets = all.GroupBy(d => d.QualifiedName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var current = await Store.GetAsync(Id);
        if (current is null)
        {
            notFound = true;
            return;
        }
        Load(current);
        // Source rows are read once the circuit is live, not again for the static prerender.
        if (RendererInfo.IsInteractive)
            await LoadSamplesAsync();
    }

    private void Load(ViewVersion version)
    {
        saved = version.Spec;
        baseVersion = version.Version;
        status = version.Status;
        if (history is null)
            history = new EditHistory(saved);
        else
            history.Apply(saved);
        issues = null;
    }

    /// <summary>Sample rows for the live transform preview, read once per dataset per session (and audited: they are source rows).</summary>
    private async Task LoadSamplesAsync()
    {
        foreach (var dataset in Spec.Datasets.Where(d => !samples.ContainsKey(d.Name) && datasets.ContainsKey(d.Name)))
        {
            var descriptor = datasets[dataset.Name];
            samples[dataset.Name] = await Catalog.SampleRowsAsync(descriptor.Id, SampleSize);
            await Audit.RecordAsync(new AuditEntry("dataset.sample", "dataset", descriptor.Id.ToString(),
                Details: new { dataset = dataset.Name, rows = samples[dataset.Name].Count, purpose = "transform preview" }));
        }
    }

    private IReadOnlyList<FieldSchema> FieldsOf(string dataset) =>
        datasets.TryGetValue(dataset, out var d) ? d.Fields : [];

    private void Apply(ViewSpec next)
    {
        history!.Apply(next);
        issues = null;
        saveMessage = null;
        if (selected is { } s && Spec.MappingFor(s.Target)?.Sources.Any(x => x.Field == s.Source) != true)
            selected = null;
    }

    private async Task ConnectAsync((FieldRef Source, string Target) connection)
    {
        Apply(MappingEdits.Connect(Spec, connection.Source, connection.Target));
        await SelectAsync(connection);
    }

    private Task SelectAsync((FieldRef Source, string Target) connection)
    {
        selected = connection;
        tab = "connection";
        return Task.CompletedTask;
    }

    private void Disconnect((FieldRef Source, string Target) connection) =>
        Apply(MappingEdits.Disconnect(Spec, connection.Source, connection.Target));

    private void ToggleCollapse(string dataset)
    {
        if (!collapsed.Remove(dataset))
            collapsed.Add(dataset);
    }

    private async Task MapPickedAsync()
    {
        pickMessage = null;
        if (FieldKeys.ParseSource(pickedSource) is { } source && !string.IsNullOrEmpty(pickedTarget))
            await ConnectAsync((source, pickedTarget));
        else
            pickMessage = "Choose a source field and a target field first.";
    }

    private void AcceptSuggestions(IReadOnlyList<MappingSuggestion> accepted) =>
        Apply(accepted.Aggregate(Spec, (spec, s) => MappingEdits.Connect(spec, s.Source, s.Target)));

    private void Undo()
    {
        history!.Undo();
        issues = null;
    }

    private void Redo()
    {
        history!.Redo();
        issues = null;
    }

    private Task PageKeyAsync(KeyboardEventArgs e)
    {
        if (e.CtrlKey && e.Key is "z" or "Z")
        {
            if (e.ShiftKey) Redo(); else Undo();
        }
        else if (e.CtrlKey && e.Key is "y" or "Y")
        {
            Redo();
        }
        return Task.CompletedTask;
    }

    private async Task RevealAsync()
    {
        if (canvas is not null && !string.IsNullOrWhiteSpace(search))
        {
            StateHasChanged();
            await Task.Yield();
            await canvas.RevealAsync();
        }
    }

    private async Task OpenTabAsync(string key)
    {
        tab = key;
        if (key == "joins")
            await LoadSamplesAsync();
    }

    private Task SaveAsync() => SaveFromAsync(baseVersion);

    /// <summary>After a conflict, the steward chose to put their version on top of the newest one.</summary>
    private Task SaveOverAsync() => SaveFromAsync(conflict!.CurrentVersion);

    private async Task SaveFromAsync(int expectedVersion)
    {
        saving = true;
        try
        {
            var outcome = await Store.SaveAsync(Id, expectedVersion, Spec);
            switch (outcome)
            {
                case SaveOutcome.Saved ok:
                    saved = Spec;
                    baseVersion = ok.Version;
                    status = VersionStatus.Draft;
                    conflict = null;
                    saveMessage = $"Saved as version {ok.Version}.";
                    break;
                case SaveOutcome.Conflict refused:
                    conflict = refused;
                    break;
                case SaveOutcome.NameTaken taken:
                    saveMessage = $"Not saved: another view is named {taken.Name}.";
                    break;
                case SaveOutcome.Invalid invalid:
                    saveMessage = $"Not saved: {invalid.Message}";
                    break;
                default:
                    saveMessage = "Not saved: the view no longer exists.";
                    break;
            }
        }
        finally
        {
            saving = false;
        }
    }

    private async Task ReloadTheirsAsync()
    {
        var current = await Store.GetAsync(Id);
        if (current is null)
            return;
        // Loading theirs is an edit like any other: Undo brings the steward's own changes back.
        Load(current);
        conflict = null;
        saveMessage = $"Loaded version {current.Version} by {current.Author}; Undo returns to your changes.";
        await LoadSamplesAsync();
    }

    private Task SubmitAsync() => ChangeStatusAsync(() => Approvals.SubmitAsync(Id, baseVersion));

    private Task WithdrawAsync() => ChangeStatusAsync(() => Approvals.WithdrawAsync(Id, baseVersion));

    private async Task ChangeStatusAsync(Func<Task<ApprovalOutcome>> change)
    {
        submitting = true;
        try
        {
            var outcome = await change();
            saveMessage = outcome.Message;
            if (outcome.Status is { } now)
                status = now;
        }
        finally
        {
            submitting = false;
        }
    }
}
