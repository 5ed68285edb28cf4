using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Workbench.Core.Mapping;
using Workbench.Application.Approvals;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Web.Account;

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
    private string? comment;
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
        comment = null;
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

    private Task ApproveAsync() => DecideAsync(() => Approvals.ApproveAsync(selected!.ViewId, selected.Version, comment));

    private Task RejectAsync() => DecideAsync(() => Approvals.RejectAsync(selected!.ViewId, selected.Version, comment ?? ""));

    private async Task DecideAsync(Func<Task<ApprovalOutcome>> decide)
    {
        busy = true;
        try
        {
            var outcome = await decide();
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
        return $"Run #{runId}: {summary.Keys:N0} keys, {issues:N0} issue{(issues == 1 ? "" : "s")}";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

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
