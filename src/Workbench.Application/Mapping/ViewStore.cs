using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Application.Audit;
using Workbench.Storage.Store;
using Workbench.Application.Mapping;
using Workbench.Storage.Mapping;

namespace Workbench.Application.Mapping;

/// <summary>
/// Views and their immutable versions. A save names the version it started from; when another save came
/// first it is refused (optimistic concurrency), never merged silently.
/// </summary>
public sealed class ViewStore(NpgsqlDataSource dataSource, IActorContext actor, AuditLog audit)
{
    private const string UniqueViolation = "23505";

    private readonly DataSourceContextFactory _contexts = new(dataSource);

    /// <summary>The live views, or with <paramref name="dissolved"/> the dissolved ones (for an admin to restore).</summary>
    public async Task<IReadOnlyList<ViewSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        await ListAsync(dissolved: false, cancellationToken);

    /// <inheritdoc cref="ListAsync(CancellationToken)"/>
    public async Task<IReadOnlyList<ViewSummary>> ListAsync(bool dissolved, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var definitions = db.ViewDefinitions.AsNoTracking().Where(d => (d.DissolvedAt != null) == dissolved);
        return await definitions
            .Join(db.ViewVersions, d => new { ViewId = d.Id, Version = d.CurrentVersion }, v => new { v.ViewId, v.Version }, (d, v) => new { d, v })
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
            .OrderBy(x => x.d.Name.ToLower())
#pragma warning restore CA1304, CA1311, CA1862
            .Select(x => new ViewSummary(x.d.Id, x.d.Name, x.d.CurrentVersion, x.v.CreatedAt, x.v.Author, x.v.Status,
                x.d.DissolvedAt, x.d.DissolvedBy, x.d.DissolveReason, !db.ViewReviews.Any(r => r.ViewId == x.d.Id) && !db.ViewVersions.Any(v => v.ViewId == x.d.Id && v.Status != VersionStatus.Draft)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether any view exists at all, dissolved ones included.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.ViewDefinitions.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// The dissolution of a view, or null while it is live (or unknown). Everything that reads a view's rows or moves
    /// its versions on asks this first: the preview, the approvals, materialization, and the query of a view to come.
    /// </summary>
    public async Task<ViewDissolution?> DissolutionAsync(Guid viewId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await DissolutionAsync(db, viewId, cancellationToken);
    }

    /// <inheritdoc cref="DissolutionAsync(Guid, CancellationToken)"/>
    public static async Task<ViewDissolution?> DissolutionAsync(WorkbenchDbContext db, Guid viewId, CancellationToken cancellationToken = default) =>
        await db.ViewDefinitions.AsNoTracking()
            .Where(d => d.Id == viewId && d.DissolvedAt != null)
            .Select(d => new ViewDissolution(d.Id, d.Name, d.DissolvedAt!.Value, d.DissolvedBy ?? "", d.DissolveReason))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// When the view is dissolved: audits <paramref name="action"/> as denied with the reason and answers the
    /// dissolution; null when the view is live.
    /// </summary>
    public async Task<ViewDissolution?> RefuseIfDissolvedAsync(string action, Guid viewId, int? version, CancellationToken cancellationToken = default)
    {
        if (await DissolutionAsync(viewId, cancellationToken) is not { } dissolution)
            return null;
        await audit.RecordAsync(new AuditEntry(action, "view", viewId.ToString(), version, AuditOutcome.Denied,
            new { reason = "dissolved", message = dissolution.Message }), cancellationToken);
        return dissolution;
    }

    public async Task<Guid?> FindIdByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.ViewDefinitions.AsNoTracking()
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
            .Where(d => d.Name.ToLower() == name.ToLower())
#pragma warning restore CA1304, CA1311, CA1862
            .Select(d => (Guid?)d.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The newest version, or the given one.</summary>
    public async Task<ViewVersion?> GetAsync(Guid viewId, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var versions = db.ViewVersions.AsNoTracking().Where(v => v.ViewId == viewId);
        versions = version is { } wanted
            ? versions.Where(v => v.Version == wanted)
            : versions.Where(v => db.ViewDefinitions.Any(d => d.Id == v.ViewId && d.CurrentVersion == v.Version));
        var row = await versions.SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ToVersion(row);
    }

    /// <summary>Every version, newest first.</summary>
    public async Task<IReadOnlyList<ViewVersion>> ListVersionsAsync(Guid viewId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.ViewVersions.AsNoTracking()
            .Where(v => v.ViewId == viewId)
            .OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken);
        return rows.Select(ToVersion).ToList();
    }

    public async Task<SaveOutcome> CreateAsync(ViewSpec spec, CancellationToken cancellationToken = default)
    {
        if (ViewSpecLimits.Problem(spec) is { } problem)
            return await RefuseAsync(new AuditEntry("view.create", "view", null, 1, AuditOutcome.Denied, new { reason = "invalid", problem }), problem, cancellationToken);
        var id = Guid.NewGuid();
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ViewDefinitions.Add(new ViewDefinitionEntity { Id = id, Name = spec.Name, CreatedBy = actor.Actor, CurrentVersion = 1 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: UniqueViolation })
        {
            return new SaveOutcome.NameTaken(spec.Name);
        }
        await InsertVersionAsync(db, transaction, "view.create", id, 1, spec, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveOutcome.Saved(id, 1);
    }

    /// <summary>Saves <paramref name="spec"/> as the version after <paramref name="expectedVersion"/>, if that is still the newest.</summary>
    public async Task<SaveOutcome> SaveAsync(Guid viewId, int expectedVersion, ViewSpec spec, CancellationToken cancellationToken = default)
    {
        if (ViewSpecLimits.Problem(spec) is { } problem)
            return await RefuseAsync(new AuditEntry("view.save", "view", viewId.ToString(), expectedVersion + 1, AuditOutcome.Denied,
                new { reason = "invalid", problem }), problem, cancellationToken);
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int advanced;
        try
        {
            // The compare-and-set on current_version is the concurrency check: of two saves from the same version, one matches;
            // the other waits for the winner's row lock, then finds current_version moved on and updates nothing.
            advanced = await db.ViewDefinitions
                .Where(d => d.Id == viewId && d.CurrentVersion == expectedVersion)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.CurrentVersion, d => d.CurrentVersion + 1)
                    .SetProperty(d => d.Name, spec.Name), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return new SaveOutcome.NameTaken(spec.Name);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: UniqueViolation })
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
        await InsertVersionAsync(db, transaction, "view.save", viewId, version, spec, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveOutcome.Saved(viewId, version);
    }

    /// <summary>A spec no view may have is refused, and the attempt audited as denied with the reason.</summary>
    private async Task<SaveOutcome> RefuseAsync(AuditEntry entry, string problem, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(entry, cancellationToken);
        return new SaveOutcome.Invalid(problem);
    }

    /// <summary>Adds the version and its audit row inside the caller's transaction, so both exist exactly when the save does.</summary>
    private async Task InsertVersionAsync(WorkbenchDbContext db, IDbContextTransaction transaction, string action, Guid viewId, int version, ViewSpec spec,
        CancellationToken cancellationToken)
    {
        db.ViewVersions.Add(new ViewVersionEntity
        {
            ViewId = viewId, Version = version, Spec = ViewSpecJson.Serialize(spec), Author = actor.Actor, Status = VersionStatus.Draft,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync((NpgsqlTransaction)transaction.GetDbTransaction(), new AuditEntry(action, "view", viewId.ToString(), version,
            Details: new { spec.Name }), cancellationToken);
    }

    private WorkbenchDbContext Context() => _contexts.CreateDbContext();

    private static ViewVersion ToVersion(ViewVersionEntity row) =>
        new(row.ViewId, row.Version, ViewSpecJson.Deserialize(row.Spec), row.Author, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero), row.Status);
}
