using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Web.Hosting;

namespace Workbench.Web.Account;

/// <summary>
/// <c>create-admin --user NAME [--display-name TEXT]</c>: the password comes from <c>WORKBENCH_ADMIN_PASSWORD</c>
/// or the first line of standard input, never from the command line (it would show in the process list).
/// <c>create-token --user NAME [--name TEXT]</c>: prints a new API token for the account.
/// Other arguments configure the store as for the web app.
/// </summary>
public static class AccountCommands
{
    public static bool Handles(string[] args) => args is ["create-admin", ..] or ["create-token", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args[0];
        var rest = args[1..].ToList();
        var userName = Take(rest, "--user");
        if (userName is null)
        {
            Console.Error.WriteLine($"Usage: Workbench.Web {command} --user NAME " +
                (command == "create-admin" ? "[--display-name TEXT]  (password from WORKBENCH_ADMIN_PASSWORD or standard input)" : "[--name TEXT]"));
            return 2;
        }
        var label = Take(rest, command == "create-admin" ? "--display-name" : "--name");

        await using var app = await WorkbenchApp.BuildAsync([.. rest]);
        var dataSource = app.App.Services.GetRequiredService<NpgsqlDataSource>();
        var accounts = app.App.Services.GetRequiredService<AccountStore>();
        var operatorName = $"{command} command";
        var administration = new AccountAdministration(dataSource, accounts, new AuditLog(dataSource, new CommandLineOperator(operatorName)), new CommandLineOperator(operatorName));
        try
        {
            if (command == "create-admin")
            {
                var password = Environment.GetEnvironmentVariable("WORKBENCH_ADMIN_PASSWORD") is { Length: > 0 } fromEnvironment
                    ? fromEnvironment
                    : ReadPassword();
                await administration.CreateAsync(userName, label, password, [Roles.Admin], CancellationToken.None);
                Console.WriteLine($"Created admin '{userName}'. Sign in at /account/sign-in.");
            }
            else
            {
                var account = await accounts.FindAsync(userName) ?? throw new AccountValidationException($"There is no account '{userName}'.");
                Console.WriteLine(await administration.CreateApiTokenAsync(account.Id, label ?? "command line", CancellationToken.None));
            }
            return 0;
        }
        catch (AccountValidationException ex)
        {
            Console.Error.WriteLine($"{command}: {ex.Message}");
            return 1;
        }
    }

    private static string ReadPassword()
    {
        if (!Console.IsInputRedirected)
            Console.Error.Write("Password for the new admin (at least 10 characters): ");
        return Console.In.ReadLine() ?? "";
    }

    private static string? Take(List<string> args, string option)
    {
        var at = args.IndexOf(option);
        if (at < 0 || at + 1 >= args.Count)
            return null;
        var value = args[at + 1];
        args.RemoveRange(at, 2);
        return value;
    }
}
