using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;

namespace Workbench.Web.Account;

/// <summary>
/// On the first start of a store with no accounts (and <c>Demo:SeedWhenEmpty</c>), creates a steward "sam",
/// an approver "ava" and an "admin", each with a random password printed once to the console.
/// </summary>
public sealed class DemoAccounts(NpgsqlDataSource dataSource, AccountStore accounts, IConfiguration configuration) : IHostedService
{
    private static readonly (string UserName, string DisplayName, string Role)[] People =
    [
        ("sam", "Sam Steward", Roles.Steward),
        ("ava", "Ava Approver", Roles.Approver),
        ("admin", "Administrator", Roles.Admin),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:SeedWhenEmpty", false) || await accounts.AnyAsync(cancellationToken))
            return;
        var seed = new CommandLineOperator("system (demo seed)");
        var administration = new AccountAdministration(dataSource, accounts, new AuditLog(dataSource, seed), seed);
        var lines = new List<string>();
        foreach (var (userName, displayName, role) in People)
        {
            var password = AccountRules.GeneratePassword();
            try
            {
                await administration.CreateAsync(userName, displayName, password, [role], cancellationToken);
            }
            catch (AccountValidationException)
            {
                // Another instance starting on the same store seeded it first; its console shows the passwords.
                return;
            }
            lines.Add($"  {userName,-6} {role,-9} {password}");
        }
        Console.WriteLine("Demo accounts created. Their passwords are shown only this once:");
        lines.ForEach(Console.WriteLine);
        Console.WriteLine("Create your own admin with: Workbench.Web create-admin --user NAME (see docs/security.md, The first admin).");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
