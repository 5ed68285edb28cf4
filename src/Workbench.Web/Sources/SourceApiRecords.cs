using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Web.Sources;

/// <summary>
/// What <c>POST /api/sources</c> and <c>PUT /api/sources/{id}</c> read, as the source form sends it: the kind
/// (<c>postgres</c>, <c>rest</c>, <c>file</c>, <c>mongodb</c>), its settings, and its secrets, which are stored
/// encrypted and never sent back. On an edit, a secret left out keeps its stored value while the source still points
/// at the same place and account.
/// </summary>
public sealed record SourceBody(
    string? Name, string? Kind, Dictionary<string, string?>? Settings, Dictionary<string, string?>? Secrets, string? MalformedRecords = null)
{
    private static readonly Dictionary<string, SourceKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["postgres"] = SourceKind.PostgreSql, ["postgresql"] = SourceKind.PostgreSql, ["rest"] = SourceKind.RestApi,
        ["restapi"] = SourceKind.RestApi, ["file"] = SourceKind.File, ["mongodb"] = SourceKind.MongoDb,
    };

    /// <summary>The draft the source service reads, or the sentence saying what is wrong with the body.</summary>
    public (SourceDraft? Draft, string? Problem) ToDraft()
    {
        if (Kind is null || !Kinds.TryGetValue(Kind, out var kind))
            return (null, $"kind must be one of: postgres, rest, file, mongodb{(Kind is null ? "" : $" (not '{Kind}')")}.");
        var policy = MalformedRecordPolicy.Fail;
        if (MalformedRecords is not null && !Enum.TryParse(MalformedRecords, ignoreCase: true, out policy))
            return (null, $"malformedRecords must be fail or skip (not '{MalformedRecords}').");
        return (new SourceDraft(Name ?? "", kind,
            (Settings ?? []).Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => s.Value),
            (Secrets ?? []).Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value), policy), null);
    }

    public static string KindName(SourceKind kind) => kind switch
    {
        SourceKind.PostgreSql => "postgres",
        SourceKind.RestApi => "rest",
        SourceKind.MongoDb => "mongodb",
        _ => "file",
    };
}

/// <summary>A registered source: its settings and the names of the secrets it has stored (never their values).</summary>
public sealed record SourceDto(
    Guid Id, string Name, string Kind, IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> SecretsSet,
    string MalformedRecords, string Status, string? StatusMessage, DateTimeOffset? LastCheckedAt, int DatasetCount, bool IsDemo)
{
    public static SourceDto From(SourceSummary s) => new(
        s.Id, s.Name, SourceBody.KindName(s.Kind), s.Settings, s.SecretNames, s.MalformedRecords.ToString().ToLowerInvariant(),
        s.Status, s.StatusMessage, s.LastCheckedAt, s.DatasetCount, s.IsDemo);
}

/// <summary>How a connection test ended, in the connector's words (never with a secret).</summary>
public sealed record ConnectionCheckDto(bool Ok, string Message, long ElapsedMs)
{
    public static ConnectionCheckDto From(ConnectionCheck check) => new(check.Ok, check.Message, (long)check.Elapsed.TotalMilliseconds);
}

/// <summary>What a discovery found: the check's outcome and the source's datasets as they are now stored.</summary>
public sealed record DiscoveryDto(bool Ok, string Message, IReadOnlyList<DatasetSummaryDto> Datasets);
