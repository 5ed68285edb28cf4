using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;

namespace Workbench.Web.Sources;

/// <summary>
/// What the add/edit form holds: every kind's settings (switching kind loses nothing typed), the secrets typed, and
/// for an edited source what is stored, so the form can say when a stored secret no longer goes with the draft.
/// </summary>
public sealed class SourceFormState
{
    private static readonly string[] Keys =
    [
        PostgresSettings.Host, PostgresSettings.Port, PostgresSettings.Database, PostgresSettings.User, PostgresSettings.SslMode, PostgresSettings.Schemas, PostgresSettings.Queries,
        RestSettings.BaseUrl, RestSettings.Paths, RestSettings.Auth, RestSettings.ApiKeyHeader, RestSettings.User, RestSettings.Pagination,
        RestSettings.PageSize, RestSettings.RecordsPath, RestSettings.CursorPath, RestSettings.Retries, RestSettings.RequestsPerSecond,
        FileSettings.Path, FileSettings.Format, FileSettings.Delimiter, FileSettings.Encoding, FileSettings.Culture, FileSettings.HasHeader, FileSettings.HeaderRow,
        MongoSettings.Host, MongoSettings.Port, MongoSettings.User, MongoSettings.AuthDatabase, MongoSettings.Database, MongoSettings.Collections,
        MongoSettings.Tls, MongoSettings.SampleSize, MongoSettings.BatchSize,
        CommonSettings.TimeoutSeconds,
    ];

    private IReadOnlyList<string> _storedSecrets = [];
    private SourceKind _storedKind;
    private IReadOnlyDictionary<string, string?> _storedSettings = new Dictionary<string, string?>();

    /// <summary>The source being edited; null for a new one.</summary>
    public Guid? Id { get; private init; }

    public SourceKind Kind { get; set; } = SourceKind.PostgreSql;
    public string Name { get; set; } = "";
    public MalformedRecordPolicy Policy { get; set; } = MalformedRecordPolicy.Fail;

    public Dictionary<string, string?> Settings { get; } = Keys.Distinct().ToDictionary(k => k, _ => (string?)null);

    /// <summary>The secrets typed, by key; PostgreSQL's and MongoDB's password share theirs.</summary>
    public Dictionary<string, string?> Secrets { get; } =
        new[] { PostgresSettings.Password, RestSettings.Secret, MongoSettings.Password, MongoSettings.ConnectionString }.Distinct().ToDictionary(k => k, _ => (string?)"");

    /// <summary>A new source with the defaults each kind starts from.</summary>
    public static SourceFormState New()
    {
        var state = new SourceFormState();
        state.Settings[PostgresSettings.SslMode] = "Prefer";
        state.Settings[RestSettings.Auth] = "none";
        state.Settings[RestSettings.Pagination] = "page";
        state.Settings[RestSettings.PageSize] = "100";
        state.Settings[RestSettings.Retries] = "3";
        state.Settings[FileSettings.Format] = "";
        state.Settings[FileSettings.Delimiter] = ",";
        state.Settings[FileSettings.Encoding] = "utf-8";
        state.Settings[FileSettings.HasHeader] = "true";
        state.Settings[MongoSettings.Tls] = "";
        state.Settings[CommonSettings.TimeoutSeconds] = "10";
        return state;
    }

    /// <summary>A stored source to edit: its settings over the defaults; its secrets are never sent back, only their names.</summary>
    public static SourceFormState For(SourceSummary source)
    {
        var state = New();
        var edited = new SourceFormState { Id = source.Id, Kind = source.Kind, Name = source.Name, Policy = source.MalformedRecords };
        foreach (var (key, value) in state.Settings)
            edited.Settings[key] = value;
        foreach (var (key, value) in source.Settings)
            edited.Settings[key] = value;
        (edited._storedSecrets, edited._storedKind, edited._storedSettings) = (source.SecretNames, source.Kind, source.Settings);
        return edited;
    }

    /// <summary>The stored secrets no longer go with this draft: where they would be sent, or for whom, changed.</summary>
    public bool SecretSetAside => Id is not null && _storedSecrets.Count > 0 && !StoredSecrets.SameIdentity(_storedKind, _storedSettings, Draft());

    /// <summary>Under a secret's field: whether a stored one is kept when it is left empty, or must be typed again.</summary>
    public string? SecretHint(string key) =>
        !_storedSecrets.Contains(key) ? null : SecretSetAside ? "Type it again." : "Stored; leave empty to keep it.";

    /// <summary>What is sent: the kind's own settings that are filled in, and the secrets typed.</summary>
    public SourceDraft Draft() => new(Name, Kind,
        Settings.Where(s => !string.IsNullOrWhiteSpace(s.Value) && Applies(s.Key)).ToDictionary(s => s.Key, s => s.Value),
        Secrets.Where(s => !string.IsNullOrEmpty(s.Value) && SourceSettingKeys.SecretsOf(Kind).Contains(s.Key))
            .ToDictionary(s => s.Key, s => s.Value), Policy);

    /// <summary>An uploaded file becomes the source's path; its name becomes the source's only when none was typed.</summary>
    public void Uploaded(string path, string fileName)
    {
        Settings[FileSettings.Path] = path;
        if (string.IsNullOrWhiteSpace(Name))
            Name = Path.GetFileNameWithoutExtension(fileName);
    }

    private bool Applies(string key) => SourceSettingKeys.Applies(Kind, key);
}
