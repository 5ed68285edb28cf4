using Workbench.Testing;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Jobs;

[Collection(BrowserCollection.Name)]
public sealed class JobsPageTests(BrowserFixture browser)
{
    [Fact]
    public Task The_jobs_page_lists_jobs_live_and_cancels_retries_and_shows_attempts() =>
        browser.RunAsync("jobs-page", async session =>
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var (scheduled, failed) = await SeedAsync(tag);

            await session.GotoAsync("/jobs");
            await session.WaitForCircuitAsync();
            await Expect(session.Page.GetByTestId("count-failed")).ToContainTextAsync("Failed");
            await session.Page.GetByTestId("label-filter").FillAsync(tag);
            await session.Page.GetByTestId("label-filter").PressAsync("Tab");
            var grid = session.Page.GetByTestId("jobs-grid");
            await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(2);

            var scheduledRow = grid.Locator("tbody tr", new() { HasText = $"Nightly {tag}" });
            await Expect(scheduledRow.GetByTestId("job-state")).ToHaveTextAsync("Scheduled");
            // One click, while the list refreshes every second and the dispatch sweep hands the job to Hangfire.
            await scheduledRow.GetByRole(AriaRole.Button, new() { Name = $"Cancel job {scheduled}" }).ClickAsync();
            await Expect(scheduledRow.GetByTestId("job-state")).ToHaveTextAsync("Cancelled");

            await grid.GetByRole(AriaRole.Button, new() { Name = $"Show job {failed}" }).ClickAsync();
            var detail = session.Page.GetByTestId("job-detail");
            await Expect(detail.GetByTestId("job-error")).ToContainTextAsync("connection refused");
            await Expect(detail.GetByTestId("job-attempts").Locator("tbody tr")).ToHaveCountAsync(1);

            // The retried job runs on the app's workers and fails at once (its payload names no table); the page follows live.
            await detail.GetByRole(AriaRole.Button, new() { Name = $"Retry job {failed}" }).ClickAsync();
            await Expect(detail.GetByTestId("job-attempts").Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await Expect(detail.GetByTestId("job-error")).ToContainTextAsync("must name a source and a destination");

            await detail.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Expect(session.Page.GetByTestId("job-detail")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task A_finished_job_reads_as_rows_written_and_rejected_with_its_reconciliation_and_is_deleted_after_a_confirmation() =>
        browser.RunAsync("jobs-result", async session =>
        {
            var page = session.Page;
            await page.SetViewportSizeAsync(1280, 800);
            var tag = Guid.NewGuid().ToString("N")[..8];
            var (succeeded, running) = await SeedFinishedAndRunningAsync(tag);
            try
            {
                await session.GotoAsync("/jobs");
                await page.GetByTestId("label-filter").FillAsync(tag);
                await page.GetByTestId("label-filter").PressAsync("Tab");
                var grid = page.GetByTestId("jobs-grid");
                await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(3);
                var finishedRow = grid.Locator("tbody tr", new() { HasText = $"Policy migration {tag}" });
                await Expect(finishedRow.GetByTestId("job-progress-note")).ToHaveTextAsync("2,884 written, 236 rejected");

                await grid.GetByRole(AriaRole.Button, new() { Name = $"Show job {succeeded}" }).ClickAsync();
                var result = page.GetByTestId("job-result");
                await Expect(result.GetByTestId("result-written")).ToContainTextAsync("2,884");
                await Expect(result.GetByTestId("result-rejects-table")).ToHaveTextAsync("target.policy_migration_rejects");
                await Expect(result.GetByTestId("result-reconciliation")).ToContainTextAsync("= keys kept");
                await Expect(result.GetByTestId("result-json")).ToHaveCountAsync(0);
                await session.ScreenshotAsync("jobs-result-light");
                await result.GetByTestId("result-details-toggle").ClickAsync();
                await Expect(result.GetByTestId("result-json")).ToContainTextAsync("rowsReadPerSource");

                await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
                await session.ScreenshotAsync("jobs-result-dark");
                await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" })).ToBeVisibleAsync();

                await page.GetByTestId("job-detail").GetByRole(AriaRole.Button, new() { Name = $"Delete job {succeeded}" }).ClickAsync();
                var dialog = page.GetByTestId("confirm-dialog");
                await Expect(dialog).ToContainTextAsync($"Delete job #{succeeded} and its attempt history?");
                await page.GetByTestId("confirm-cancel").ClickAsync();
                await Expect(dialog).ToHaveCountAsync(0);
                await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(3);
                await page.GetByTestId("job-detail").GetByRole(AriaRole.Button, new() { Name = $"Delete job {succeeded}" }).ClickAsync();
                await page.GetByTestId("confirm-ok").ClickAsync();
                await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(2);
                await Expect(page.GetByTestId("job-detail")).ToHaveCountAsync(0);
                Assert.Empty(session.ConsoleErrors);
            }
            finally
            {
                // A running job nobody runs would stay on the page of every later test.
                await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
                await connection.ExecuteAsync("delete from \"job\" where \"id\" = @running", new { running });
            }
        });

    /// <summary>A materialization that wrote 2,884 rows and rejected 236, a failed copy and a copy under way (held by a dispatch no server runs).</summary>
    private async Task<(long Succeeded, long Running)> SeedFinishedAndRunningAsync(string tag)
    {
        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        var succeeded = await connection.ExecuteScalarAsync<long>("""
            insert into job (kind, label, payload, state, attempts, max_attempts, progress_done, result, finished_at, created_by)
            values ('materialize-view', @label, '{}', 'succeeded', 1, 5, 3120, cast(@result as jsonb), now(), 'tester') returning id
            """, new { label = $"Policy migration {tag}", result = MaterializedResult });
        await connection.ExecuteAsync("""
            insert into job (kind, label, payload, state, attempts, max_attempts, error, finished_at, created_by)
            values ('table-copy', @label, '{}', 'failed', 1, 1, 'The destination refused the rows: value too long for type character varying(20)', now(), 'tester')
            """, new { label = $"Agents copy {tag}" });
        var running = await connection.ExecuteScalarAsync<long>("""
            insert into job (kind, label, payload, state, attempts, max_attempts, dispatch_id, worker, progress_done, progress_total, progress_started_at, created_by)
            values ('table-copy', @label, '{}', 'processing', 1, 5, 'seeded', 'elsewhere:1/seeded', 420000, 1000000, now() - interval '20 seconds', 'tester') returning id
            """, new { label = $"Payments copy {tag}" });
        return (succeeded, running);
    }

    private const string MaterializedResult = """
        {"view":"Policy migration","version":1,"destination":"target.policy_migration","mode":"replace","rejects":"table",
         "rejectsTable":"target.policy_migration_rejects","tableCreated":true,"rowsWritten":2884,"rowsRejected":236,
         "reconciliation":{"rowsReadPerSource":{"legacy":3050,"fast":2950},"keysJoined":3170,"keysLeftOutByJoinKind":50,"keysKept":3120,
                           "rowsWritten":2884,"rowsRejected":236},
         "rowsLeftOutByJoinKind":50,"malformedRecordsSkipped":0,"alreadyApplied":false,
         "quality":{"keys":3170,"presence":{"legacy+fast":2750,"legacy":250,"fast":170},
                    "issueCounts":{"presence":420,"null":12,"invalid":236,"mismatch":31,"duplicate":25,"null_key":5,"rule":0},
                    "rowsScanned":{"legacy":3050,"fast":2950},"nullKeys":{"legacy":5,"fast":0},
                    "duplicates":{"legacy":{"keys":20,"extraRows":25},"fast":{"keys":0,"extraRows":0}}}}
        """;

    private async Task<(long Scheduled, long Failed)> SeedAsync(string tag)
    {
        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        var scheduled = await connection.ExecuteScalarAsync<long>("""
            insert into job (kind, label, payload, state, max_attempts, run_at, created_by)
            values ('table-copy', @label, '{}', 'scheduled', 5, now() + interval '1 hour', 'tester') returning id
            """, new { label = $"Nightly {tag}" });
        var failed = await connection.ExecuteScalarAsync<long>("""
            insert into job (kind, label, payload, state, attempts, max_attempts, error, finished_at, created_by)
            values ('table-copy', @label, '{}', 'failed', 1, 1, 'SocketException: connection refused', now(), 'tester') returning id
            """, new { label = $"Copy {tag}" });
        await connection.ExecuteAsync("""
            insert into job_attempt (job_id, attempt, worker, ended_at, outcome, error)
            values (@failed, 1, 'elsewhere/1', now(), 'failed', 'SocketException: connection refused')
            """, new { failed });
        return (scheduled, failed);
    }
}
