using MongoDB.Driver;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Mongo;

/// <summary>Setting, secret and locator keys of MongoDB sources, and the driver settings they make.</summary>
public static class MongoSettings
{
    /// <summary>Secret: a whole <c>mongodb://</c> or <c>mongodb+srv://</c> connection string; when given, host, port, user and password are not used.</summary>
    public const string ConnectionString = "connectionString";

    public const string Host = "host";
    public const string Port = "port";
    public const string User = "user";

    /// <summary>Secret: the user's password.</summary>
    public const string Password = "password";

    /// <summary>The database the user is defined in (<c>admin</c> by default).</summary>
    public const string AuthDatabase = "authDatabase";

    public const string Database = "database";

    /// <summary>Collections discovery offers, comma separated; every collection of the database when empty.</summary>
    public const string Collections = "collections";

    public const string Tls = "tls";

    /// <summary>How many documents discovery samples per collection to infer its fields (1,000 by default).</summary>
    public const string SampleSize = "sampleSize";

    /// <summary>Documents per cursor batch of a read (1,000 by default).</summary>
    public const string BatchSize = "batchSize";

    /// <summary>Locator: the collection.</summary>
    public const string Collection = "collection";

    public static int SampleSizeOf(SourceConnection connection) => connection.Int(SampleSize, 1000, 1, 1_000_000);

    public static int BatchSizeOf(SourceConnection connection) => connection.Int(BatchSize, 1000, 1, 100_000);

    public static IReadOnlyList<string> CollectionsOf(SourceConnection connection) =>
        (connection.Text(Collections) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The database setting, or the one the connection string names.</summary>
    public static string DatabaseOf(SourceConnection connection) =>
        connection.Text(Database)
        ?? (connection.Secret(ConnectionString) is { } text ? Parse(text).DatabaseName : null)
        ?? throw new SourceException("Database is required.");

    /// <summary>Where the source is, for messages and the audit trail: hosts and database, never a credential.</summary>
    public static string Target(SourceConnection connection)
    {
        var database = connection.Text(Database) ?? "(no database)";
        if (connection.Secret(ConnectionString) is { } text)
        {
            try
            {
                var url = Parse(text);
                return $"{string.Join(",", url.Servers.Select(s => $"{s.Host}:{s.Port}"))}/{connection.Text(Database) ?? url.DatabaseName ?? "(no database)"}";
            }
            catch (SourceException)
            {
                return $"(invalid connection string)/{database}";
            }
        }
        return $"{connection.Text(Host) ?? "(no host)"}:{connection.Text(Port) ?? "27017"}/{database}";
    }

    public static MongoClientSettings ClientSettings(SourceConnection connection)
    {
        var timeout = connection.Timeout;
        MongoClientSettings settings;
        if (connection.Secret(ConnectionString) is { } text)
        {
            settings = MongoClientSettings.FromUrl(Parse(text));
        }
        else
        {
            settings = new MongoClientSettings
            {
                Server = new MongoServerAddress(connection.Required(Host, "Host"), connection.Int(Port, 27017, 1, 65535)),
            };
            if (connection.Text(User) is { } user)
                settings.Credential = MongoCredential.CreateCredential(connection.Text(AuthDatabase, "admin"), user, connection.Secret(Password) ?? "");
        }
        if (connection.Text(Tls) is not null)
            settings.UseTls = connection.Bool(Tls, false);
        settings.ServerSelectionTimeout = timeout;
        settings.ConnectTimeout = timeout;
        settings.ApplicationName = "workbench";
        // Reads only: nothing the workbench sends may change the source, and a retried read is harmless.
        settings.RetryWrites = false;
        return settings;
    }

    private static MongoUrl Parse(string text)
    {
        try
        {
            return MongoUrl.Create(text);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // Not the driver's message: it can quote the string, password included.
            throw new SourceException("The connection string is not a valid mongodb:// or mongodb+srv:// address.");
        }
    }
}
