using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;

namespace Workbench.Testing;

public sealed record TestUser(long Id, string UserName, string DisplayName, string Password, IReadOnlyList<string> Roles);

/// <summary>
/// Accounts made straight in a test store, through the same administration service the Users page uses
/// (audited with the actor <see cref="Actor"/>).
/// </summary>
public static class TestAccounts
{
    public const string Actor = "test fixture";

    public static async Task<TestUser> CreateAsync(string connectionString, string userName, string? displayName, params string[] roles)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var password = AccountRules.GeneratePassword();
        var id = await Administration(dataSource).CreateAsync(userName, displayName, password, roles);
        return new TestUser(id, userName, displayName ?? userName, password, roles);
    }

    /// <summary>A new API token for the account: send it as <c>Authorization: Bearer</c>.</summary>
    public static async Task<string> CreateTokenAsync(string connectionString, long accountId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await Administration(dataSource).CreateApiTokenAsync(accountId, "test");
    }

    /// <summary>A user name nobody else in the run has, readable in failure messages.</summary>
    public static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    private static AccountAdministration Administration(NpgsqlDataSource dataSource)
    {
        var fixture = new CommandLineOperator(Actor);
        return new AccountAdministration(dataSource, new AccountStore(dataSource), new AuditLog(dataSource, fixture), fixture);
    }
}
