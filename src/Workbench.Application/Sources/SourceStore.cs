using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Storage.Store;
using Workbench.Application.Sources;
using Workbench.Storage.Sources;

namespace Workbench.Application.Sources;

/// <summary>Sources and their datasets in the store. Secrets go in and come out only through <see cref="SecretProtector"/>.</summary>
public sealed class SourceStore(NpgsqlDataSource dataSource, SecretProtector protector)
{
    private readonly DataSourceContextFactory _contexts = new(dataSource);

    private readonly DbContextOptions<WorkbenchDbContext> _options = WorkbenchDbContext.Options(dataSource);

    public async Task<IReadOnlyList<SourceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await Rows(db).OrderBy(r => r.Name).ToListAsync(cancellationToken);
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
        await using var db = Context();
        var trimmed = name.Trim();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
        return await db.Sources.AnyAsync(s => s.Name.ToLower() == trimmed.ToLower() && (except == null || s.Id != except), cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    public async Task InsertAsync(NpgsqlTransaction transaction, Guid id, SourceDraft draft, bool isDemo, CancellationToken cancellationToken = default)
    {
        var secrets = draft.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value!);
        await using var db = await EnlistedAsync(transaction, cancellationToken);
        db.Sources.Add(new SourceEntity
        {
            Id = id, Name = draft.Name.Trim(), Kind = draft.Kind.ToString(), Settings = StoreJson.Write(draft.Settings),
            Secrets = protector.Protect(secrets), MalformedPolicy = draft.MalformedRecords.ToString(), IsDemo = isDemo,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Updates settings; a secret sent empty keeps its stored value, so the browser never needs to see it, but
    /// only while the source still points at the same place and account (<see cref="StoredSecrets"/>).
    /// </summary>
    public async Task UpdateAsync(NpgsqlTransaction transaction, Guid id, SourceDraft draft, CancellationToken cancellationToken = default)
    {
        await using var db = await EnlistedAsync(transaction, cancellationToken);
        // FOR UPDATE has no LINQ form; the row lock keeps the stored secrets from changing between reading them and writing the merge back.
        var current = (await db.Database.SqlQuery<StoredIdentity>($"""
            select kind as "Kind", settings::text as "Settings", secrets as "Secrets" from source where id = {id} for update
            """).ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new SourceException("The source no longer exists.");
        var secrets = StoredSecrets.For(Enum.Parse<SourceKind>(current.Kind), StoreJson.Read<Dictionary<string, string?>>(current.Settings),
            protector.Unprotect(current.Secrets), draft);
        var name = draft.Name.Trim();
        var settings = StoreJson.Write(draft.Settings);
        var protectedSecrets = protector.Protect(secrets);
        var policy = draft.MalformedRecords.ToString();
        await db.Sources.Where(s => s.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Name, name)
            .SetProperty(s => s.Settings, settings)
            .SetProperty(s => s.Secrets, protectedSecrets)
            .SetProperty(s => s.MalformedPolicy, policy)
            .SetProperty(s => s.Status, "unchecked")
            .SetProperty(s => s.StatusMessage, (string?)null)
            .SetProperty(s => s.UpdatedAt, s => DateTime.UtcNow), cancellationToken);
    }

    public async Task<bool> DeleteAsync(NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await EnlistedAsync(transaction, cancellationToken);
        return await db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task SetStatusAsync(Guid id, bool ok, string message, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var status = ok ? "ok" : "failed";
        await db.Sources.Where(s => s.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Status, status)
            .SetProperty(s => s.StatusMessage, message)
            .SetProperty(s => s.LastCheckedAt, s => (DateTime?)DateTime.UtcNow), cancellationToken);
    }

    /// <summary>
    /// Records what discovery found. A dataset keeps its id while its name stays, so mappings that point
    /// at it survive a rediscovery; datasets no longer found are removed.
    /// </summary>
    public async Task SaveDiscoveryAsync(NpgsqlTransaction transaction, Guid sourceId, IReadOnlyList<DiscoveredDataset> datasets, CancellationToken cancellationToken = default)
    {
        await using var db = await EnlistedAsync(transaction, cancellationToken);
        foreach (var dataset in datasets)
        {
            var locator = StoreJson.Write(dataset.Locator.Values);
            var fields = StoreJson.Write(dataset.Fields);
            // An upsert that keeps the profile only while the fields are unchanged: ON CONFLICT has no LINQ form.
            await db.Database.ExecuteSqlAsync($"""
                insert into source_dataset (id, source_id, name, locator, fields)
                values ({Guid.NewGuid()}, {sourceId}, {dataset.Name}, {locator}::jsonb, {fields}::jsonb)
                on conflict (source_id, name) do update
                set locator = excluded.locator, fields = excluded.fields, discovered_at = now(),
                    profile = case when source_dataset.fields = excluded.fields then source_dataset.profile end
                """, cancellationToken);
        }
        var names = datasets.Select(d => d.Name).ToList();
        await db.SourceDatasets.Where(d => d.SourceId == sourceId && !names.Contains(d.Name)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDataset>> DatasetsAsync(Guid? sourceId = null, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await DatasetRows(db, d => sourceId == null || d.SourceId == sourceId)
            .OrderBy(r => r.SourceName).ThenBy(r => r.Name)
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToStored()).ToList();
    }

    public async Task<StoredDataset?> DatasetAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await DatasetRows(db, d => d.Id == datasetId).SingleOrDefaultAsync(cancellationToken);
        return row?.ToStored();
    }

    public async Task SaveProfileAsync(Guid datasetId, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var json = StoreJson.Write(profile);
        await db.SourceDatasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Profile, json)
            .SetProperty(d => d.ProfiledAt, d => (DateTime?)DateTime.UtcNow), cancellationToken);
    }

    private async Task<SourceRow?> FindRowAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = Context();
        return await Rows(db).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    private WorkbenchDbContext Context() => _contexts.CreateDbContext();

    /// <summary>A context on the caller's connection and inside its transaction, so these writes commit with the audit row and lineage.</summary>
    /// <remarks>Not from the pool: it is given the caller's connection, which a pooled context would keep after it is returned.</remarks>
    private async Task<WorkbenchDbContext> EnlistedAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var db = new WorkbenchDbContext(_options);
        db.Database.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return db;
    }

    /// <summary>Each source with its dataset count, counted in the same query.</summary>
    private static IQueryable<SourceRow> Rows(WorkbenchDbContext db) =>
        db.Sources.AsNoTracking().Select(s => new SourceRow
        {
            Id = s.Id, Name = s.Name, Kind = s.Kind, Settings = s.Settings, Secrets = s.Secrets, MalformedPolicy = s.MalformedPolicy,
            Status = s.Status, StatusMessage = s.StatusMessage, LastCheckedAt = s.LastCheckedAt, IsDemo = s.IsDemo,
            DatasetCount = db.SourceDatasets.Count(d => d.SourceId == s.Id),
        });

    private static IQueryable<DatasetRow> DatasetRows(WorkbenchDbContext db, Expression<Func<SourceDatasetEntity, bool>> filter) =>
        from d in db.SourceDatasets.AsNoTracking().Where(filter)
        join s in db.Sources on d.SourceId equals s.Id
        select new DatasetRow
        {
            Id = d.Id, SourceId = d.SourceId, SourceName = s.Name, Name = d.Name, Locator = d.Locator, Fields = d.Fields, Profile = d.Profile,
        };

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

    private sealed record StoredIdentity(string Kind, string Settings, string? Secrets);

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
