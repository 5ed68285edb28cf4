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
    /// <summary>
    /// Clicks Cancel until the row says Cancelled. On CI a click was lost twice (the app never saw it) while the live
    /// refresh redrew the grid; a person clicks again, and so does the test, at most five times.
    /// </summary>
    private static async Task CancelAsync(ILocator row, long job)
    {
        var state = row.GetByTestId("job-state");
        var cancel = row.GetByRole(AriaRole.Button, new() { Name = $"Cancel job {job}" });
        for (var attempt = 1; ; attempt++)
        {
            if (await cancel.IsEnabledAsync())
                await cancel.ClickAsync();
            try
            {
                // The cancel waits for the job's row lock, which the dispatch sweep may hold while it hands the job to Hangfire.
                await Expect(state).ToHaveTextAsync("Cancelled", new() { Timeout = 6_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
                // Not cancelled yet: the click may not have reached the app.
            }
        }
    }

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
            await CancelAsync(scheduledRow, scheduled);

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
