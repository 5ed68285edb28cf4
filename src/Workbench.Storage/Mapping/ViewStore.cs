using Dapper;
using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Storage.Audit;

namespace Workbench.Storage.Mapping;

/// <summary>
/// Views and their immutable versions. A save names the version it started from; when another save came
/// first it is refused (optimistic concurrency), never merged silently.
/// </summary>
public sealed class ViewStore(NpgsqlDataSource dataSource, IActorContext actor, AuditLog audit)
{
    private const string UniqueViolation = "23505";

    public async Task<IReadOnlyList<ViewSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ViewSummary>(new CommandDefinition("""
            select d.id as Id, d.name as Name, d.current_version as CurrentVersion, v.created_at as UpdatedAt,
                   v.author as UpdatedBy, v.status as Status
            from view_definition d join view_version v on v.view_id = d.id and v.version = d.current_version
            order by lower(d.name)
            """, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<Guid?> FindIdByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from view_definition where lower(name) = lower(@name)", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>The newest version, or the given one.</summary>
    public async Task<ViewVersion?> GetAsync(Guid viewId, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            SelectVersion + (version is null
                ? " join view_definition d on d.id = v.view_id and d.current_version = v.version where v.view_id = @viewId"
                : " where v.view_id = @viewId and v.version = @version"),
            new { viewId, version }, cancellationToken: cancellationToken));
        return row?.ToVersion();
    }

    /// <summary>Every version, newest first.</summary>
    public async Task<IReadOnlyList<ViewVersion>> ListVersionsAsync(Guid viewId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            SelectVersion + " where v.view_id = @viewId order by v.version desc", new { viewId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToVersion()).ToList();
    }

    public async Task<SaveOutcome> CreateAsync(ViewSpec spec, CancellationToken cancellationToken = default)
    {
        if (ViewSpecLimits.Problem(spec) is { } problem)
            return await RefuseAsync(new AuditEntry("view.create", "view", null, 1, AuditOutcome.Denied, new { reason = "invalid", problem }), problem, cancellationToken);
        var id = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into view_definition (id, name, created_by, current_version) values (@id, @Name, @Actor, 1)",
                new { id, spec.Name, actor.Actor }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return new SaveOutcome.NameTaken(spec.Name);
        }
        await InsertVersionAsync(transaction, id, 1, spec, cancellationToken);
        await audit.RecordAsync(transaction, new AuditEntry("view.create", "view", id.ToString(), 1, Details: new { spec.Name }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveOutcome.Saved(id, 1);
    }

    /// <summary>Saves <paramref name="spec"/> as the version after <paramref name="expectedVersion"/>, if that is still the newest.</summary>
    public async Task<SaveOutcome> SaveAsync(Guid viewId, int expectedVersion, ViewSpec spec, CancellationToken cancellationToken = default)
    {
        if (ViewSpecLimits.Problem(spec) is { } problem)
            return await RefuseAsync(new AuditEntry("view.save", "view", viewId.ToString(), expectedVersion + 1, AuditOutcome.Denied,
                new { reason = "invalid", problem }), problem, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int advanced;
        try
        {
            // The compare-and-set on current_version is the concurrency check: of two saves from the same version, one matches.
            advanced = await connection.ExecuteAsync(new CommandDefinition("""
                update view_definition set current_version = current_version + 1, name = @Name
                where id = @viewId and current_version = @expectedVersion
                """, new { viewId, expectedVersion, spec.Name }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return new SaveOutcome.NameTaken(spec.Name);
        }
        if (advanced == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var current = await GetAsync(viewId, cancellationToken: cancellationToken);
            if (current is null)
                return new SaveOutcome.NotFound(viewId);
            await audit.RecordAsync(new AuditEntry("view.save", "view", viewId.ToString(), expectedVersion + 1, AuditOutcome.Denied,
                new { reason = "conflict", expectedVersion, currentVersion = current.Version }), cancellationToken);
            return new SaveOutcome.Conflict(expectedVersion, current.Version, current.Author, current.CreatedAt);
        }
        var version = expectedVersion + 1;
        await InsertVersionAsync(transaction, viewId, version, spec, cancellationToken);
        await audit.RecordAsync(transaction, new AuditEntry("view.save", "view", viewId.ToString(), version, Details: new { spec.Name }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveOutcome.Saved(viewId, version);
    }

    /// <summary>A spec no view may have is refused, and the attempt audited as denied with the reason.</summary>
    private async Task<SaveOutcome> RefuseAsync(AuditEntry entry, string problem, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(entry, cancellationToken);
        return new SaveOutcome.Invalid(problem);
    }

    private async Task InsertVersionAsync(NpgsqlTransaction transaction, Guid viewId, int version, ViewSpec spec, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "insert into view_version (view_id, version, spec, author) values (@viewId, @version, @spec::jsonb, @Actor)",
            new { viewId, version, spec = ViewSpecJson.Serialize(spec), actor.Actor }, transaction, cancellationToken: cancellationToken));

    private const string SelectVersion = """
        select v.view_id as ViewId, v.version as Version, v.spec::text as Spec, v.author as Author, v.created_at as CreatedAt, v.status as Status
        from view_version v
        """;

    private sealed record VersionRow(Guid ViewId, int Version, string Spec, string Author, DateTime CreatedAt, string Status)
    {
        public ViewVersion ToVersion() =>
            new(ViewId, Version, ViewSpecJson.Deserialize(Spec), Author, new DateTimeOffset(CreatedAt, TimeSpan.Zero), Status);
    }
}
