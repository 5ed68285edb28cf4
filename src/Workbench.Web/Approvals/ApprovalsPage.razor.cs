using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workbench.Core.Mapping;
using Workbench.Core.Text;
using Workbench.Application.Approvals;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Web.Account;
using Workbench.Web.Shared;

namespace Workbench.Web.Approvals;

/// <summary>
/// Submitted versions with the changes an approver signs off (against the newest approved version of the view) and
/// the quality preview attached at submit; approvers decide here. The service checks roles and self-approval again.
/// </summary>
public partial class ApprovalsPage : IDisposable
{
    private const int HistoryRows = 50;

    private IReadOnlyList<PendingApproval>? pending;
    private IReadOnlyList<ReviewRecord>? history;
    private readonly Dictionary<long, QualityRunRecord?> qualityRuns = [];
    private PendingApproval? selected;
    private Review? review;
    private bool isApprover;
    private bool busy;
    private string? message;
    private bool messageIsError;

    private sealed record Review(string DiffHeading, IReadOnlyList<string> Changes);

    [Inject] private ApprovalQueries Queries { get; set; } = null!;
    [Inject] private ApprovalService Approvals { get; set; } = null!;
    [Inject] private ViewStore Views { get; set; } = null!;
    [Inject] private QualityRunStore QualityRuns { get; set; } = null!;
    [Inject] private SignedInUser User { get; set; } = null!;
    [Inject] private ApprovalSignal Signal { get; set; } = null!;
    [Inject] private IAuthorizationService Authorization { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        isApprover = (await Authorization.AuthorizeAsync(User.Principal, Policies.Approver)).Succeeded;
        await LoadAsync();
        Signal.Changed += OnApprovalsChanged;
    }

    private async Task LoadAsync()
    {
        pending = await Queries.PendingAsync();
        history = await Queries.HistoryAsync(HistoryRows);
        foreach (var runId in pending.Select(p => p.QualityRunId).OfType<long>().Where(id => !qualityRuns.ContainsKey(id)))
            qualityRuns[runId] = await QualityRuns.GetAsync(runId);
        // Keep the version under review when it still waits; otherwise show the one waiting longest.
        var next = pending.FirstOrDefault(IsSelected) ?? (pending.Count > 0 ? pending[0] : null);
        if (next is null)
        {
            selected = null;
            review = null;
        }
        else if (!IsSelected(next) || review is null)
        {
            await SelectAsync(next);
        }
    }

    private bool IsSelected(PendingApproval item) =>
        selected is not null && selected.ViewId == item.ViewId && selected.Version == item.Version;

    private async Task SelectAsync(PendingApproval item)
    {
        selected = item;
        var versions = await Views.ListVersionsAsync(item.ViewId);
        var current = versions.FirstOrDefault(v => v.Version == item.Version);
        if (current is null)
        {
            review = new Review("Changes", ["This version no longer exists."]);
            return;
        }
        var approved = versions.FirstOrDefault(v => v.Status == VersionStatus.Approved && v.Version < item.Version);
        review = approved is null
            ? new Review("Changes: no version of this view is approved yet, so all of it is new",
                ViewDiff.Between(ViewSpec.Empty(current.Spec.Name), current.Spec))
            : new Review($"Changes against approved version {approved.Version}", ViewDiff.Between(approved.Spec, current.Spec));
    }

    /// <summary>Asks for the comment in a dialog (a rejection needs one), then records the decision.</summary>
    private async Task DecideAsync(Decision decision)
    {
        if (selected is not { } item)
            return;
        var parameters = new DialogParameters<DecisionDialog>
        {
            { d => d.Decision, decision },
            { d => d.Subject, $"{item.ViewName}, version {item.Version}" },
        };
        var dialog = await Dialogs.ShowAsync<DecisionDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not string comment)
            return;
        busy = true;
        try
        {
            var outcome = decision == Decision.Approve
                ? await Approvals.ApproveAsync(item.ViewId, item.Version, comment.Length == 0 ? null : comment)
                : await Approvals.RejectAsync(item.ViewId, item.Version, comment);
            message = outcome.Message;
            messageIsError = !outcome.Succeeded;
            if (outcome.Succeeded)
                await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private string QualityLine(long? runId)
    {
        if (runId is null)
            return "None attached";
        if (qualityRuns.GetValueOrDefault(runId.Value)?.Summary is not { } summary)
            return $"Run #{runId} (no summary)";
        var issues = summary.IssueCounts.Values.Sum();
        return $"Run #{runId}: {Plural.Of(summary.Keys, "key")}, {Plural.Of(issues, "issue")}";
    }

    private static Color ActionColor(string action) => action switch
    {
        "approve" => Color.Success,
        "reject" => Color.Error,
        "submit" => Color.Info,
        _ => Color.Default,
    };

    private void OnApprovalsChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        Signal.Changed -= OnApprovalsChanged;
        GC.SuppressFinalize(this);
    }
}
