using Bunit;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Application.Jobs;
using Workbench.Core.Jobs;
using Workbench.Web.Account;
using Workbench.Web.Jobs;
using Xunit;

namespace Workbench.ComponentTests.Jobs;

public sealed class JobsTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 14, 5, 0, TimeSpan.Zero);

    private static JobRecord Job(long id, JobState state, long done = 0, long? total = null, string? result = null, bool cancelRequested = false) => new()
    {
        Id = id, Kind = "materialize-view", Label = $"Policy migration v{id}", State = state, Attempts = 1, MaxAttempts = 5,
        ProgressDone = done, ProgressTotal = total, ProgressStartedAt = Now.AddSeconds(-10), CancelRequested = cancelRequested,
        Result = result, CreatedAt = Now.AddMinutes(-1), UpdatedAt = Now.AddSeconds(-1), RunAt = Now.AddMinutes(-1), CreatedBy = "sam",
    };

    private static IRenderedComponent<JobsTable> Render(BunitContext ctx, IReadOnlyList<JobRecord> jobs, Action<JobRecord> onCancel) =>
        ctx.Render<JobsTable>(p => p
            .Add(t => t.Jobs, jobs).Add(t => t.Now, Now).Add(t => t.OnCancel, onCancel)
            .AddCascadingValue(TimeZoneInfo.Utc));

    [Fact]
    public async Task A_cancel_clicked_as_the_list_refreshes_reaches_the_job_it_was_clicked_on()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);
        var cancelled = new List<long>();
        var table = Render(ctx, [Job(5, JobState.Processing, 100, 1000)], j => cancelled.Add(j.Id));
        // The handler the browser knows for the button, as it sends it with a click.
        var clicked = ClickHandler(table, "Cancel job 5");

        // The refresh reads a new job above it and job 5 a little further on, before the click arrives.
        table.Render(p => p.Add(t => t.Jobs, [Job(6, JobState.Enqueued), Job(5, JobState.Processing, 400, 1000)]));
        Assert.Equal(clicked, ClickHandler(table, "Cancel job 5"));
        // The click as the browser sends it, by handler id: the renderer's dispatch is the only way to send a given id.
#pragma warning disable BL0006
        await table.InvokeAsync(() => ctx.Renderer.DispatchEventAsync(clicked, new EventFieldInfo(), new MouseEventArgs()));
#pragma warning restore BL0006

        Assert.Equal([5], cancelled);
        Assert.Equal(["6", "5"], table.FindAll("tbody tr").Select(r => r.GetAttribute("data-job")!).ToList());
    }

    private static ulong ClickHandler(IRenderedComponent<JobsTable> table, string label) =>
        ulong.Parse(table.Find($"button[aria-label='{label}']").GetAttribute("blazor:onclick")!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_row_is_redrawn_only_when_what_it_shows_changed()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);
        var table = Render(ctx, [Job(7, JobState.Failed)], _ => { });
        var row = table.FindComponent<JobRow>();
        var renders = row.RenderCount;

        table.Render(p => p.Add(t => t.Jobs, [Job(7, JobState.Failed)]));
        Assert.Equal(renders, row.RenderCount);

        table.Render(p => p.Add(t => t.Jobs, [Job(7, JobState.Enqueued)]));
        Assert.Equal(renders + 1, row.RenderCount);
        Assert.Equal("Enqueued", table.Find("[data-testid=job-state]").TextContent.Trim());
    }

    [Fact]
    public async Task A_finished_materialization_says_rows_written_and_rejected_not_their_sum()
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("ann").SetPolicies(Policies.Approver);

        var table = Render(ctx, [Job(8, JobState.Succeeded, 3120, result: JobResultSummaryTests.Materialized)], _ => { });

        Assert.Equal("2,884 written, 236 rejected", table.Find("[data-testid=job-progress-note]").TextContent);
        Assert.Empty(table.FindAll("button[aria-label^='Delete']"));
    }

    [Theory]
    [InlineData(JobState.Processing, "Cancel")]
    [InlineData(JobState.Scheduled, "Cancel,Run now")]
    [InlineData(JobState.Failed, "Retry,Delete")]
    [InlineData(JobState.Succeeded, "Delete")]
    [InlineData(JobState.Cancelled, "Retry,Delete")]
    public async Task A_steward_gets_the_actions_the_jobs_state_allows(JobState state, string expected)
    {
        await using var ctx = TestContexts.Mud();
        ctx.AddAuthorization().SetAuthorized("sam").SetPolicies(Policies.Steward);

        var actions = ctx.Render<JobActions>(p => p.Add(a => a.Job, Job(9, state)));

        Assert.Equal(expected, string.Join(',', actions.FindAll("button").Select(b => b.TextContent.Trim())));
    }

    [Fact]
    public async Task A_job_asked_to_stop_cannot_be_cancelled_twice()
    {
        await using var ctx = TestContexts.Mud();

        var actions = ctx.Render<JobActions>(p => p.Add(a => a.Job, Job(10, JobState.Processing, cancelRequested: true)));

        Assert.True(actions.Find("button[aria-label='Cancel job 10']").HasAttribute("disabled"));
    }
}
