using Workbench.Connectors.Contract;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;

namespace Workbench.Application.Sources;

/// <summary>
/// Whether a source's stored secrets may go with an edited draft. A secret was given for one place and one
/// account: once the settings that say where it goes or who it authenticates change, it is not sent
/// anywhere (neither on Test connection nor on save) until the user types it again.
/// </summary>
public static class StoredSecrets
{
    /// <summary>The settings that name where a secret goes and whose it is; any change to one of them sets the stored secret aside.</summary>
    public static IReadOnlyList<string> IdentitySettings(SourceKind kind) => kind switch
    {
        SourceKind.PostgreSql => [PostgresSettings.Host, PostgresSettings.Port, PostgresSettings.Database, PostgresSettings.User],
        // The whole base URL, not only its origin: a path can route to another service behind the same host.
        SourceKind.RestApi => [RestSettings.BaseUrl, RestSettings.Auth, RestSettings.ApiKeyHeader, RestSettings.User],
        // A stored connection string names its own hosts: it is typed again whole, so only the parts are listed here.
        SourceKind.MongoDb => [MongoSettings.Host, MongoSettings.Port, MongoSettings.User, MongoSettings.AuthDatabase, MongoSettings.Database],
        _ => [],
    };

    /// <summary>What the user is told when a stored secret is set aside.</summary>
    public static string RetypeSentence(SourceKind kind) => kind switch
    {
        SourceKind.PostgreSql => "The host, port, database or user changed: type the password again. The stored password is only sent to the server and user it was given for.",
        SourceKind.MongoDb => "The host, port, user, authentication database or database changed: type the password (or connection string) again. The stored one is only sent to the server and user it was given for.",
        _ => "The base URL, authentication, API key header or user changed: type the key, token or password again. The stored one is only sent to the API it was given for.",
    };

    /// <summary>True when <paramref name="draft"/> still points where the stored secrets were given for.</summary>
    public static bool SameIdentity(SourceKind storedKind, IReadOnlyDictionary<string, string?> storedSettings, SourceDraft draft) =>
        storedKind == draft.Kind && IdentitySettings(draft.Kind).All(key => Value(storedSettings, key) == Value(draft.Settings, key));

    /// <summary>
    /// The secrets to use for <paramref name="draft"/>: typed ones, plus stored ones only while the identity is unchanged.
    /// Throws a <see cref="SecretMustBeRetypedException"/> when the draft would need a stored secret it may no longer use.
    /// </summary>
    public static Dictionary<string, string> For(
        SourceKind storedKind, IReadOnlyDictionary<string, string?> storedSettings, IReadOnlyDictionary<string, string> stored, SourceDraft draft)
    {
        var typed = draft.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value!);
        if (SameIdentity(storedKind, storedSettings, draft))
        {
            var merged = new Dictionary<string, string>(stored);
            foreach (var (key, value) in typed)
                merged[key] = value;
            return merged;
        }
        if (stored.Keys.Any(key => !typed.ContainsKey(key) && Uses(draft, key)))
            throw new SecretMustBeRetypedException(RetypeSentence(draft.Kind));
        return typed;
    }

    /// <summary>Whether the draft's settings would send the secret <paramref name="key"/> at all (a REST source without authentication does not).</summary>
    private static bool Uses(SourceDraft draft, string key) =>
        !(draft.Kind == SourceKind.RestApi && key == RestSettings.Secret && (Value(draft.Settings, RestSettings.Auth) ?? "none").Equals("none", StringComparison.OrdinalIgnoreCase));

    private static string? Value(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>A stored secret would have gone to a new place or account; the user must type it again.</summary>
public sealed class SecretMustBeRetypedException(string message) : SourceException(message);
