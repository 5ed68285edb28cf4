using Dapper;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Storage.Sources;

/// <summary>Sources and their datasets in the store. Secrets go in and come out only through <see cref="SecretProtector"/>.</summary>
public sealed class SourceStore(NpgsqlDataSource dataSource, SecretProtector protector)
{
    private const string SourceColumns = """
        s.id, s.name, s.kind, s.settings::text as settings, s.secrets, s.malformed_policy as malformedpolicy, s.status,
        s.status_message as statusmessage, s.last_checked_at as lastcheckedat, s.is_demo as isdemo,
        (select count(*) from source_dataset d where d.source_id = s.id)::int as datasetcount
        """;

    private const string DatasetColumns = """
        d.id, d.source_id as sourceid, s.name as sourcename, d.name, d.locator::text as locator, d.fields::text as fields, d.profile::text as profile
        from source_dataset d join source s on s.id = d.source_id
        """;

    public async Task<IReadOnlyList<SourceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await db.QueryAsync<SourceRow>(new CommandDefinition($"select {SourceColumns} from source s order by s.name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSummary(protector)).ToList();
    }

    public async Task<SourceSummary?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await FindRowAsync(id, cancellationToken))?.ToSummary(protector);

    /// <summary>The source with its secrets decrypted, for a connector call only.</summary>
    public async Task<(SourceSummary Source, SourceConnection Connection)?> ConnectionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await FindRowAsync(id, cancellationToken);
        if (row is null)
            return null;
        var summary = row.ToSummary(protector);
        return (summary, new SourceConnection(summary.Kind, summary.Settings, protector.Unprotect(row.Secrets), summary.MalformedRecords));
    }

    public async Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        return await db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from source where lower(name) = lower(@name) and id is distinct from @except)",
            new { name = name.Trim(), except }, cancellationToken: cancellationToken));
    }

    public async Task InsertAsync(NpgsqlTransaction transaction, Guid id, SourceDraft draft, bool isDemo, CancellationToken cancellationToken = default)
    {
        var secrets = draft.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value!);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            insert into source (id, name, kind, settings, secrets, malformed_policy, is_demo)
            values (@id, @name, @kind, @settings::jsonb, @secrets, @policy, @isDemo)
            """,
            new { id, name = draft.Name.Trim(), kind = draft.Kind.ToString(), settings = StoreJson.Write(draft.Settings), secrets = protector.Protect(secrets), policy = draft.MalformedRecords.ToString(), isDemo },
            transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Updates settings; a secret sent empty keeps its stored value, so the browser never needs to see it, but
    /// only while the source still points at the same place and account (<see cref="StoredSecrets"/>).
    /// </summary>
    public async Task UpdateAsync(NpgsqlTransaction transaction, Guid id, SourceDraft draft, CancellationToken cancellationToken = default)
    {
        var current = await transaction.Connection!.QuerySingleOrDefaultAsync<StoredIdentityRow>(new CommandDefinition(
            "select kind, settings::text as settings, secrets from source where id = @id for update", new { id }, transaction, cancellationToken: cancellationToken))
            ?? throw new SourceException("The source no longer exists.");
        var secrets = StoredSecrets.For(Enum.Parse<SourceKind>(current.Kind), StoreJson.Read<Dictionary<string, string?>>(current.Settings),
            protector.Unprotect(current.Secrets), draft);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            update source set name = @name, settings = @settings::jsonb, secrets = @secrets, malformed_policy = @policy,
                              status = 'unchecked', status_message = null, updated_at = now()
            where id = @id
            """,
            new { id, name = draft.Name.Trim(), settings = StoreJson.Write(draft.Settings), secrets = protector.Protect(secrets), policy = draft.MalformedRecords.ToString() },
            transaction, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("delete from source where id = @id", new { id }, transaction, cancellationToken: cancellationToken)) > 0;

    public async Task SetStatusAsync(Guid id, bool ok, string message, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "update source set status = @status, status_message = @message, last_checked_at = now() where id = @id",
            new { id, status = ok ? "ok" : "failed", message }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records what discovery found. A dataset keeps its id while its name stays, so mappings that point
    /// at it survive a rediscovery; datasets no longer found are removed.
    /// </summary>
    public async Task SaveDiscoveryAsync(NpgsqlTransaction transaction, Guid sourceId, IReadOnlyList<DiscoveredDataset> datasets, CancellationToken cancellationToken = default)
    {
        var db = transaction.Connection!;
        foreach (var dataset in datasets)
        {
            await db.ExecuteAsync(new CommandDefinition("""
                insert into source_dataset (id, source_id, name, locator, fields)
                values (@id, @sourceId, @name, @locator::jsonb, @fields::jsonb)
                on conflict (source_id, name) do update
                set locator = excluded.locator, fields = excluded.fields, discovered_at = now(),
                    profile = case when source_dataset.fields = excluded.fields then source_dataset.profile end
                """,
                new { id = Guid.NewGuid(), sourceId, name = dataset.Name, locator = StoreJson.Write(dataset.Locator.Values), fields = StoreJson.Write(dataset.Fields) },
                transaction, cancellationToken: cancellationToken));
        }
        await db.ExecuteAsync(new CommandDefinition(
            "delete from source_dataset where source_id = @sourceId and not (name = any(@names))",
            new { sourceId, names = datasets.Select(d => d.Name).ToArray() }, transaction, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<StoredDataset>> DatasetsAsync(Guid? sourceId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await db.QueryAsync<DatasetRow>(new CommandDefinition(
            $"select {DatasetColumns} where @sourceId is null or d.source_id = @sourceId order by s.name, d.name",
            new { sourceId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    public async Task<StoredDataset?> DatasetAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<DatasetRow>(new CommandDefinition(
            $"select {DatasetColumns} where d.id = @datasetId", new { datasetId }, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    public async Task SaveProfileAsync(Guid datasetId, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "update source_dataset set profile = @profile::jsonb, profiled_at = now() where id = @datasetId",
            new { datasetId, profile = StoreJson.Write(profile) }, cancellationToken: cancellationToken));
    }

    private async Task<SourceRow?> FindRowAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(
            $"select {SourceColumns} from source s where s.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private sealed class SourceRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Settings { get; init; } = "{}";
        public string? Secrets { get; init; }
        public string MalformedPolicy { get; init; } = "Fail";
        public string Status { get; init; } = "";
        public string? StatusMessage { get; init; }
        public DateTime? LastCheckedAt { get; init; }
        public bool IsDemo { get; init; }
        public int DatasetCount { get; init; }

        public SourceSummary ToSummary(SecretProtector protector) => new(
            Id, Name, Enum.Parse<SourceKind>(Kind), StoreJson.Read<Dictionary<string, string?>>(Settings),
            protector.Unprotect(Secrets).Keys.ToList(), Enum.Parse<MalformedRecordPolicy>(MalformedPolicy), Status, StatusMessage,
            LastCheckedAt is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null, DatasetCount, IsDemo);
    }

    private sealed class StoredIdentityRow
    {
        public string Kind { get; init; } = "";
        public string Settings { get; init; } = "{}";
        public string? Secrets { get; init; }
    }

    private sealed class DatasetRow
    {
        public Guid Id { get; init; }
        public Guid SourceId { get; init; }
        public string SourceName { get; init; } = "";
        public string Name { get; init; } = "";
        public string Locator { get; init; } = "{}";
        public string Fields { get; init; } = "[]";
        public string? Profile { get; init; }

        public StoredDataset ToStored() => new(
            Id, SourceId, SourceName, Name, StoreJson.Read<Dictionary<string, string?>>(Locator),
            StoreJson.Read<List<FieldSchema>>(Fields), Profile is null ? null : StoreJson.Read<DatasetProfile>(Profile));
    }
}
