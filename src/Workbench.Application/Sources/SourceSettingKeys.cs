using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;

namespace Workbench.Application.Sources;

/// <summary>
/// Which settings and secrets each kind of source reads. The source form shows only these; a draft from the HTTP API
/// naming any other key, or sending a secret among its settings (where it would be stored unencrypted and shown back),
/// is refused with a sentence that says what to send instead.
/// </summary>
public static class SourceSettingKeys
{
    /// <summary>Whether a source of <paramref name="kind"/> reads the setting <paramref name="key"/>.</summary>
    public static bool Applies(SourceKind kind, string key) =>
        key == CommonSettings.TimeoutSeconds || (SettingsOf(kind).Contains(key) && !SecretsOf(kind).Contains(key));

    /// <summary>The secrets a source of <paramref name="kind"/> reads: encrypted at rest, never shown again.</summary>
    public static IReadOnlyList<string> SecretsOf(SourceKind kind) => kind switch
    {
        SourceKind.PostgreSql => [PostgresSettings.Password],
        SourceKind.RestApi => [RestSettings.Secret],
        SourceKind.MongoDb => [MongoSettings.Password, MongoSettings.ConnectionString],
        _ => [],
    };

    /// <summary>Why <paramref name="draft"/>'s keys cannot be saved, or null.</summary>
    public static string? Problem(SourceDraft draft)
    {
        var secrets = SecretsOf(draft.Kind);
        foreach (var key in draft.Settings.Keys)
        {
            if (secrets.Contains(key))
                return $"'{key}' is a secret: send it in secrets, not in settings, so that it is stored encrypted and never shown again.";
            if (!Applies(draft.Kind, key))
                return $"A {draft.Kind} source has no setting '{key}'. Its settings are: {string.Join(", ", Known(draft.Kind))}.";
        }
        foreach (var key in draft.Secrets.Keys.Where(k => !secrets.Contains(k)))
            return secrets.Count == 0
                ? $"A {draft.Kind} source has no secrets; '{key}' is not one."
                : $"A {draft.Kind} source has no secret '{key}'. Its secrets are: {string.Join(", ", secrets)}.";
        return null;
    }

    private static IEnumerable<string> Known(SourceKind kind) =>
        SettingsOf(kind).Where(k => Applies(kind, k)).Append(CommonSettings.TimeoutSeconds).Distinct().Order(StringComparer.Ordinal);

    /// <summary>Every key the kind's settings class declares (settings, secrets and locator keys alike).</summary>
    private static IReadOnlySet<string> SettingsOf(SourceKind kind) => kind switch
    {
        SourceKind.PostgreSql => Postgres,
        SourceKind.RestApi => Rest,
        SourceKind.MongoDb => Mongo,
        _ => Files,
    };

    private static readonly IReadOnlySet<string> Postgres = Declared(typeof(PostgresSettings));
    private static readonly IReadOnlySet<string> Rest = Declared(typeof(RestSettings));
    private static readonly IReadOnlySet<string> Mongo = Declared(typeof(MongoSettings));
    private static readonly IReadOnlySet<string> Files = Declared(typeof(FileSettings));

    private static HashSet<string> Declared(Type settings) =>
        settings.GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
}
