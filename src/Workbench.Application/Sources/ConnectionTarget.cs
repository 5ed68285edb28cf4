using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;

namespace Workbench.Application.Sources;

/// <summary>Where a connection goes, for the audit trail: server and port (and database), the API's origin, or the file path. Never a secret.</summary>
public static class ConnectionTarget
{
    public static string? Describe(SourceConnection connection) => connection.Kind switch
    {
        SourceKind.PostgreSql =>
            $"{connection.Text(PostgresSettings.Host) ?? "(no host)"}:{connection.Text(PostgresSettings.Port) ?? "5432"}/{connection.Text(PostgresSettings.Database) ?? "(no database)"}",
        // Only the origin: a URL's user-info or query could carry a credential.
        SourceKind.RestApi => Uri.TryCreate(connection.Text(RestSettings.BaseUrl), UriKind.Absolute, out var url)
            ? $"{url.Scheme}://{url.Authority}"
            : "(no valid base URL)",
        SourceKind.MongoDb => MongoSettings.Target(connection),
        _ => connection.Text(FileSettings.Path),
    };
}
