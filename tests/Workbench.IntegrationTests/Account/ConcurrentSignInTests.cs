using Microsoft.Extensions.Options;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>Guessing passwords in parallel: the lockout must hold as if the attempts came one by one.</summary>
public sealed class ConcurrentSignInTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const int MaxFailedAttempts = 5;

    [Fact]
    public async Task Thirty_simultaneous_attempts_check_no_more_passwords_than_the_limit_allows_and_lock_once()
    {
        var user = await TestAccounts.CreateAsync(database.ConnectionString, TestAccounts.UniqueName("burst"), null, Roles.Steward);
        var signIn = new SignInService(database.DataSource, new AccountStore(database.DataSource),
            Options.Create(new LockoutOptions { MaxFailedAttempts = MaxFailedAttempts, DurationMinutes = 15 }));
        var passwords = Enumerable.Repeat("wrong password!", 29).Append(user.Password).ToList();
        using var start = new ManualResetEventSlim();

        var attempts = passwords.Select(password => Task.Run(async () =>
        {
            start.Wait();
            return (Right: password == user.Password, (await signIn.SignInAsync(user.UserName, password, "127.0.0.1")).Outcome);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        var rows = await AuditRows.OfActorAsync(database.ConnectionString, user.UserName);
        var rightSignedIn = outcomes.Single(o => o.Right).Outcome == SignInOutcome.Succeeded;
        var checkedAndWrong = rows.Count(r => r is { Action: "account.sign-in", Outcome: "failed" });
        Assert.Single(rows, r => r.Action == "account.lockout");
        Assert.Equal(30, rows.Count(r => r.Action == "account.sign-in"));
        // Each attempt is counted before its password is checked: at most the limit can be checked before the lock,
        // plus, if the right password got in first, the limit again after it cleared the count.
        Assert.InRange(checkedAndWrong, 1, rightSignedIn ? 2 * MaxFailedAttempts - 1 : MaxFailedAttempts);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<bool>("select locked_until > now() from account where id = @id", new { id = user.Id }));

        var afterTheLock = await signIn.SignInAsync(user.UserName, user.Password, "127.0.0.1");

        Assert.Equal(SignInOutcome.LockedOut, afterTheLock.Outcome);
        var last = (await AuditRows.OfActorAsync(database.ConnectionString, user.UserName))[^1];
        Assert.Equal(("account.sign-in", "denied"), (last.Action, last.Outcome));
    }
}
