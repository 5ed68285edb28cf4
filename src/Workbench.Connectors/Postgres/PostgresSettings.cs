using Npgsql;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Postgres;

/// <summary>Setting and locator keys of PostgreSQL sources.</summary>
public static class PostgresSettings
{
    public const string Host = "host";
    public const string Port = "port";
    public const string Database = "database";
    public const string User = "user";
    public const string SslMode = "sslMode";
    public const string Password = "password";

    /// <summary>Schemas discovery looks in, comma separated; every non-system schema when empty.</summary>
    public const string Schemas = "schemas";

    /// <summary>Locator: a table or view.</summary>
    public const string Schema = "schema";
    public const string Table = "table";

    /// <summary>Query datasets of the source, one per line: <c>name: select ...</c> (see <see cref="PostgresQueries"/>).</summary>
    public const string Queries = "queries";

    /// <summary>Locator: a read-only SQL query used as a dataset.</summary>
    public const string Query = "query";

    /// <summary>
    /// How to reach the source. Unless <paramref name="forWriting"/> (a materialization into the source), every
    /// transaction of the session starts read-only, so nothing a read sends can open one that writes; and strings
    /// follow the standard, as <see cref="PostgresQueryText"/> reads them.
    /// </summary>
    public static string ConnectionString(SourceConnection connection, bool forStreaming = false, bool forWriting = false)
    {
        var sslText = connection.Text(SslMode, "Prefer");
        if (!Enum.TryParse<SslMode>(sslText, ignoreCase: true, out var ssl))
            throw new SourceException($"SSL mode '{sslText}' is not one of {string.Join(", ", Enum.GetNames<SslMode>())}.");
        var timeout = (int)connection.Timeout.TotalSeconds;
        return new NpgsqlConnectionStringBuilder
        {
            Host = connection.Required(Host, "Host"),
            Port = connection.Int(Port, 5432, 1, 65535),
            Database = connection.Required(Database, "Database"),
            Username = connection.Required(User, "User"),
            Password = connection.Secret(Password),
            SslMode = ssl,
            Timeout = timeout,
            CommandTimeout = forStreaming ? 0 : timeout,
            // A whole table streams through this buffer: each refill is a socket read and a cancellation
            // registration, which at the default 8 KB took a tenth of a materialization in a profile.
            ReadBufferSize = forStreaming ? 64 * 1024 : 8 * 1024,
            ApplicationName = "workbench",
            Options = forWriting ? "-c standard_conforming_strings=on" : "-c standard_conforming_strings=on -c default_transaction_read_only=on",
        }.ConnectionString;
    }
}
