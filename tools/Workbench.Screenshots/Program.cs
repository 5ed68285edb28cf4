using Microsoft.Playwright;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Migrations;
using Workbench.Screenshots;
using Workbench.Testing;

// Usage: bash scripts/screenshots.sh [folder]   (default docs/images)
// Starts the workbench with its demo on a throwaway PostgreSQL, as the browser tests do, with the demo's people made by
// the program (so their passwords are known): sam (steward), ava (approver), admin. Then follows the README's demo story
// in Chromium, photographing each step, and photographs each main page; a few pages also in the dark theme. Every picture
// waits for what it must show, never for a fixed time.

var output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(RepoPaths.Root, "docs", "images"));
Directory.CreateDirectory(output);

Console.WriteLine("Starting a throwaway PostgreSQL and the workbench with its demo");
var connectionString = await TestPostgres.CreateDatabaseAsync("screenshots");
await using (var dataSource = NpgsqlDataSource.Create(connectionString))
    await new StoreMigrator(dataSource).MigrateAsync();
// Made before the app starts, so it finds accounts and prints no demo passwords; the names are the demo's own.
var sam = await TestAccounts.CreateAsync(connectionString, "sam", "Sam Steward", Roles.Steward);
var ava = await TestAccounts.CreateAsync(connectionString, "ava", "Ava Approver", Roles.Approver);
var admin = await TestAccounts.CreateAsync(connectionString, "admin", "Administrator", Roles.Admin);
await using var app = await WorkbenchProcess.StartAsync(connectionString);
await DemoSources.WaitAsync(connectionString, TimeSpan.FromSeconds(120));
Assertions.SetDefaultExpectTimeout(Camera.Timeout);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
var camera = new Camera(browser, app, output);

try
{
    await DemoStory.RunAsync(camera, sam, ava);
    await MainPages.RunAsync(camera, sam, ava, admin);
}
catch
{
    Console.Error.WriteLine("The workbench's output:\n" + app.Output);
    throw;
}
Console.WriteLine($"{camera.Taken.Count} pictures in {output}");
return 0;
