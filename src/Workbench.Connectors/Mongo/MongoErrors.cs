using MongoDB.Driver;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Mongo;

/// <summary>Driver failures as sentences a user can act on; never the connection string (it may hold the password).</summary>
internal static class MongoErrors
{
    public static bool IsDriverError(Exception ex) => ex is MongoException or TimeoutException;

    public static SourceException Explain(Exception ex, SourceConnection connection)
    {
        var target = MongoSettings.Target(connection);
        if (Chain(ex).Any(e => e is MongoAuthenticationException))
            return new SourceException($"MongoDB at {target} refused the sign-in (authentication failed): check the user, its password and its authentication database.", ex);
        return ex switch
        {
            TimeoutException => new SourceException(
                $"Could not reach MongoDB at {target} within {connection.Timeout.TotalSeconds:0} s: check the host, the port and the TLS setting, and that the server is running.", ex),
            MongoConnectionException => new SourceException($"The connection to MongoDB at {target} failed while opening (reaching the server or signing in): check the host, the port, the TLS setting and the user.", ex),
            MongoCommandException command when command.Code == 13 => new SourceException($"MongoDB at {target} does not let this user read: {command.ErrorMessage}", ex),
            MongoCommandException command => new SourceException($"MongoDB at {target} refused the query: {command.ErrorMessage}", ex),
            _ => new SourceException($"MongoDB at {target} failed: {ex.Message}", ex),
        };
    }

    // The driver wraps a refused sign-in in the connection's exception.
    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            yield return e;
    }
}
