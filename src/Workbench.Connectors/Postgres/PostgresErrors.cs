using System.Net.Sockets;
using Npgsql;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Postgres;

/// <summary>Turns driver exceptions into messages a steward can act on (never containing the password).</summary>
internal static class PostgresErrors
{
    public static SourceException Explain(Exception ex, SourceConnection connection)
    {
        var where = $"{connection.Text(PostgresSettings.Host)}:{connection.Text(PostgresSettings.Port, "5432")}";
        var message = ex switch
        {
            PostgresException { SqlState: "28P01" } => $"Wrong password for user '{connection.Text(PostgresSettings.User)}'.",
            PostgresException { SqlState: "28000" } p => $"The server refused the login: {p.MessageText}",
            PostgresException { SqlState: "3D000" } => $"The database '{connection.Text(PostgresSettings.Database)}' does not exist on {where}.",
            PostgresException { SqlState: "42P01" } p => $"Table or view not found: {p.MessageText}",
            PostgresException { SqlState: "42703" } p => $"Column not found: {p.MessageText}",
            PostgresException { SqlState: "25006" } => "The query tried to change data; a query dataset must only read.",
            PostgresException { SqlState: "57014" } => $"The query was cancelled after {connection.Timeout.TotalSeconds:0} s.",
            PostgresException p => $"PostgreSQL said: {p.MessageText} ({p.SqlState})",
            NpgsqlException { InnerException: SocketException s } => $"Cannot reach {where}: {s.Message}.",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException =>
                $"No answer from {where} within {connection.Timeout.TotalSeconds:0} s.",
            NpgsqlException { InnerException: IOException io } => $"The connection to {where} failed: {io.Message}",
            NpgsqlException n => $"The connection to {where} failed: {n.Message}",
            _ => ex.Message,
        };
        return new SourceException(message, ex);
    }

    public static bool IsDriverError(Exception ex) => ex is NpgsqlException or TimeoutException or SocketException;
}
