using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Workbench.Storage.Accounts;

/// <summary>
/// Per-user bearer tokens for the HTTP API. Only the SHA-256 of a token is stored: a random 256-bit token
/// needs no slow hash, and a leaked table cannot be replayed.
/// </summary>
public sealed class ApiTokens(NpgsqlDataSource dataSource)
{
    public const string Prefix = "wbt_";

    public sealed record TokenInfo(long Id, string Name, DateTimeOffset CreatedAt, bool Revoked);

    /// <summary>Creates a token for the account inside the caller's transaction; the returned token is shown once.</summary>
    public static async Task<(long Id, string Token)> CreateAsync(NpgsqlTransaction transaction, long accountId, string name, CancellationToken cancellationToken = default)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = await transaction.Connection!.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into api_token (account_id, name, token_hash) values (@accountId, @name, @hash) returning id",
            new { accountId, name, hash = Hash(token) }, transaction, cancellationToken: cancellationToken));
        return (id, token);
    }

    public static async Task<int> RevokeAllAsync(NpgsqlTransaction transaction, long accountId, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "update api_token set revoked_at = now() where account_id = @accountId and revoked_at is null",
            new { accountId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The user name of the enabled account holding this unrevoked token, or null.</summary>
    public async Task<long?> FindAccountIdAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            select a.id from api_token t join account a on a.id = t.account_id
            where t.token_hash = @hash and t.revoked_at is null and not a.disabled
            """, new { hash = Hash(token) }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<TokenInfo>> ListAsync(long accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Name, DateTime CreatedAt, bool Revoked)>(new CommandDefinition(
            "select id, name, created_at, revoked_at is not null from api_token where account_id = @accountId order by id",
            new { accountId }, cancellationToken: cancellationToken));
        return rows.Select(r => new TokenInfo(r.Id, r.Name, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), r.Revoked)).ToList();
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
