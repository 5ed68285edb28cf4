using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The login the demo's legacy source connects as: it may read the <c>legacy</c> schema and nothing else. The store's
/// own user owns the workbench's tables (accounts, secrets, audit), so the demo source must never connect as it.
/// </summary>
/// <remarks>
/// Roles belong to the whole server, which several stores may share (one database each): the role is named after
/// the store's database, so one store setting its reader's password never locks another store's demo out.
/// </remarks>
public sealed class DemoReaderRole(NpgsqlDataSource dataSource)
{
    public string Name { get; } = NameFor(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "workbench");

    public static string NameFor(string database)
    {
        var name = $"{database}_demo_reader";
        if (Encoding.UTF8.GetByteCount(name) <= 63)
            return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8];
        return $"{new string(database.TakeWhile((_, i) => i < 30).ToArray())}_{hash}_demo_reader";
    }

    /// <summary>
    /// Creates the role when missing and (again) limits it to reading <c>legacy</c>; with a password, sets it.
    /// Safe to run on every start: each statement leaves the same state however often it runs.
    /// </summary>
    public async Task EnsureAsync(string? password, CancellationToken cancellationToken)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        // Role statements take no parameters: the name and password travel as transaction-local settings and
        // format() quotes them (%I, %L), so neither ever becomes SQL text of its own.
        await using (var set = new NpgsqlCommand(
            "select set_config('workbench.demo_reader', $1, true), set_config('workbench.demo_reader_password', $2, true)", db, transaction))
        {
            set.Parameters.Add(new NpgsqlParameter { Value = Name });
            set.Parameters.Add(new NpgsqlParameter { Value = password ?? "" });
            await set.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            do $$
            declare
                reader text := current_setting('workbench.demo_reader');
                password text := current_setting('workbench.demo_reader_password');
            begin
                if not exists (select 1 from pg_roles where rolname = reader) then
                    execute format('create role %I login', reader);
                end if;
                execute format('alter role %I login nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit', reader);
                if password <> '' then
                    execute format('alter role %I password %L', reader, password);
                end if;
                -- The store's tables live in public: nothing there, should anyone have granted it.
                execute format('revoke all on all tables in schema public from %I', reader);
                execute format('revoke all on all sequences in schema public from %I', reader);
                execute format('revoke create on schema public from %I', reader);
                execute format('grant usage on schema legacy to %I', reader);
                execute format('grant select on all tables in schema legacy to %I', reader);
            end
            $$
            """, db, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="password"/> signs the role in on the store's server (false for a wrong or missing one).</summary>
    public async Task<bool> SignsInAsync(string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
            return false;
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Username = Name, Password = password, Pooling = false };
        try
        {
            await using var db = new NpgsqlConnection(target.ConnectionString);
            await db.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is "28P01" or "28000")
        {
            return false;
        }
    }

    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
