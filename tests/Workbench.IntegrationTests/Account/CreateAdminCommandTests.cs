using System.Globalization;
using System.Diagnostics;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>The first admin comes from a command on the server, with the password from the environment or standard input.</summary>
public sealed class CreateAdminCommandTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string? environmentPassword, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.BuiltProgram("Workbench.Web"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["ConnectionStrings__Workbench"] = connectionString;
        info.Environment["WORKBENCH_ADMIN_PASSWORD"] = environmentPassword ?? "";
        using var process = Process.Start(info)!;
        if (stdin is not null)
            await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Creates_an_admin_from_the_environment_or_standard_input_and_audits_it()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("createadmin");

        var fromEnvironment = await RunAsync(connectionString, "boss password 1", null, "create-admin", "--user", "boss", "--display-name", "The Boss");
        var fromStdin = await RunAsync(connectionString, null, "second boss password", "create-admin", "--user", "boss2");
        var tooShort = await RunAsync(connectionString, "short", null, "create-admin", "--user", "boss3");
        var taken = await RunAsync(connectionString, "another long one", null, "create-admin", "--user", "boss");

        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.Output);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Output);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 10 characters", tooShort.Output);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("taken", taken.Output);
        Assert.DoesNotContain("boss password 1", fromEnvironment.Output);

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var boss = await new AccountStore(dataSource).FindAsync("boss");
        Assert.Equal("The Boss", boss!.DisplayName);
        Assert.Equal([Roles.Admin], boss.Roles);
        Assert.Equal(
            [("account.create", boss.Id.ToString(CultureInfo.InvariantCulture)), ("account.create", (boss.Id + 1).ToString(CultureInfo.InvariantCulture))],
            (await AuditRows.OfActorAsync(connectionString, "create-admin command")).Select(r => (r.Action, r.EntityId)));
        var signIn = new SignInService(dataSource, new AccountStore(dataSource),
            Microsoft.Extensions.Options.Options.Create(new LockoutOptions()));
        Assert.Equal(SignInOutcome.Succeeded, (await signIn.SignInAsync("boss2", "second boss password", null)).Outcome);
    }
}
