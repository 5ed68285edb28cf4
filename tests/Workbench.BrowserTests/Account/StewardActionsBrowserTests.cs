using Microsoft.Playwright;
using Workbench.Application.Accounts;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Account;

/// <summary>
/// Reading a source's rows and changing sources, views and previews are a steward's: an approver sees the pages but
/// not the controls (Blazor wires no event for a control it did not render), and is told why.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StewardActionsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public Task An_approver_sees_sources_datasets_views_and_previews_without_the_stewards_controls() =>
        browser.RunAsAsync("approver-no-steward-actions", [Roles.Approver], async session =>
        {
            await session.GotoAsync("/sources");
            var grid = session.Page.GetByTestId("sources-grid");
            await Expect(grid).ToContainTextAsync("Legacy policies (PostgreSQL)", new() { Timeout = 60_000 });
            await Expect(session.Page.GetByTestId("steward-only")).ToHaveTextAsync("Stewards add, test, edit and delete sources.");
            await Expect(session.Page.GetByTestId("add-source")).ToHaveCountAsync(0);
            await Expect(session.Page.GetByTestId("reset-demo")).ToHaveCountAsync(0);
            await Expect(grid.GetByRole(AriaRole.Button, new() { Name = "Delete Legacy policies (PostgreSQL)" })).ToHaveCountAsync(0);
            await Expect(grid.GetByRole(AriaRole.Button, new() { Name = "Test Legacy policies (PostgreSQL)" })).ToHaveCountAsync(0);

            await grid.GetByRole(AriaRole.Link, new() { Name = "Legacy policies (PostgreSQL)" }).ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "legacy.policies" })).ToBeVisibleAsync();
            await Expect(session.Page.GetByTestId("refresh-source")).ToHaveCountAsync(0);

            await session.Page.GetByRole(AriaRole.Link, new() { Name = "legacy.policies" }).ClickAsync();
            await Expect(session.Page.GetByTestId("steward-only").First).ToHaveTextAsync("Stewards profile datasets and read their rows.");
            await Expect(session.Page.GetByTestId("profile-sample")).ToHaveCountAsync(0);
            await Expect(session.Page.GetByTestId("profile-full")).ToHaveCountAsync(0);

            await session.GotoAsync("/views");
            await Expect(session.Page.GetByTestId("steward-only")).ToHaveTextAsync("Stewards create and import views.");
            await Expect(session.Page.GetByTestId("create-view")).ToHaveCountAsync(0);
            await Expect(session.Page.GetByTestId("import-view")).ToHaveCountAsync(0);

            await session.GotoAsync("/quality");
            // The demo view (seeded by the visit to /views) gives the panel a version to preview.
            await Expect(session.Page.GetByTestId("preview-version")).ToBeVisibleAsync();
            await Expect(session.Page.GetByTestId("run-preview")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task A_steward_has_the_controls_the_approver_lacks() =>
        browser.RunAsAsync("steward-actions", [Roles.Steward], async session =>
        {
            await session.GotoAsync("/sources");
            await Expect(session.Page.GetByTestId("sources-grid")).ToContainTextAsync("Legacy policies (PostgreSQL)", new() { Timeout = 60_000 });
            await Expect(session.Page.GetByTestId("add-source")).ToBeVisibleAsync();
            await Expect(session.Page.GetByTestId("steward-only")).ToHaveCountAsync(0);

            await session.GotoAsync("/views");
            await Expect(session.Page.GetByTestId("create-view")).ToBeVisibleAsync();
        });
}
