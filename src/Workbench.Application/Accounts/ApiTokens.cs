using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Storage.Store;
using Workbench.Application.Accounts;
using Workbench.Storage.Accounts;

namespace Workbench.Application.Accounts;

/// <summary>
/// Per-user bearer tokens for the HTTP API. Only the SHA-256 of a token is stored: a random 256-bit token
/// needs no slow hash, and a leaked table cannot be replayed. The container passes its context factory; code that
/// builds one by hand passes the data source alone.
/// </summary>
public sealed class ApiTokens(NpgsqlDataSource dataSource, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    public const string Prefix = "wbt_";

    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    public sealed record TokenInfo(long Id, string Name, DateTimeOffset CreatedAt, bool Revoked);

    /// <summary>Creates a token for the account inside the caller's transaction; the returned token is shown once.</summary>
    public static async Task<(long Id, string Token)> CreateAsync(WorkbenchDbContext db, long accountId, string name, CancellationToken cancellationToken = default)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiTokenEntity { AccountId = accountId, Name = name, TokenHash = Hash(token) };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (row.Id, token);
    }

    public static Task<int> RevokeAllAsync(WorkbenchDbContext db, long accountId, CancellationToken cancellationToken = default) =>
        db.ApiTokens.Where(t => t.AccountId == accountId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, t => DateTime.UtcNow), cancellationToken);

    /// <summary>The id of the enabled account holding this unrevoked token, or null.</summary>
    public async Task<long?> FindAccountIdAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Accounts.Where(a => !a.Disabled), t => t.AccountId, a => a.Id, (t, a) => (long?)a.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TokenInfo>> ListAsync(long accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.AccountId == accountId)
            .OrderBy(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.Name, Utc(t.CreatedAt), t.RevokedAt != null))
            .ToListAsync(cancellationToken);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
