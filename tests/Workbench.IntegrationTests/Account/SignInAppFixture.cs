using System.Globalization;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>One running workbench for the sign-in tests: lockout after 3 failures, no demo accounts.</summary>
public sealed class SignInAppFixture : IAsyncLifetime
{
    public const int MaxFailedAttempts = 3;

    public WorkbenchProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("signin");
        App = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string>
        {
            ["Accounts:Lockout:MaxFailedAttempts"] = MaxFailedAttempts.ToString(CultureInfo.InvariantCulture),
            ["Accounts:Lockout:DurationMinutes"] = "15",
            ["Demo:SeedWhenEmpty"] = "false",
        });
    }

    public Task<TestUser> UserAsync(string stem, params string[] roles) =>
        TestAccounts.CreateAsync(App.ConnectionString, TestAccounts.UniqueName(stem), null, roles);

    public async Task DisposeAsync()
    {
        if (App is not null)
            await App.DisposeAsync();
    }
}
