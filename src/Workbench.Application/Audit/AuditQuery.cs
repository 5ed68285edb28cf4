using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Workbench.Core.Text;
using Workbench.Storage.Store;
using Workbench.Application.Audit;
using Workbench.Storage.Audit;

namespace Workbench.Application.Audit;

/// <summary>Filters for reading the audit trail; empty fields do not filter. Text filters match case-insensitively anywhere.</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? Action = null,
    string? Entity = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

public sealed record AuditRecord(
    long Id,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string? EntityKind,
    string? EntityId,
    int? EntityVersion,
    string Outcome,
    string? ClientAddress,
    string? Details);

/// <summary>Reads the audit trail, newest first: a page at a time for the grid, streamed for export.</summary>
public sealed class AuditQuery(IDbContextFactory<WorkbenchDbContext> contexts)
{
    public async Task<(IReadOnlyList<AuditRecord> Rows, long Total)> PageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Where(db.AuditEvents.AsNoTracking(), filter);
        var total = await rows.LongCountAsync(cancellationToken);
        var page = await Records(Newest(rows).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))).ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>Every matching row, newest first, without holding them all in memory.</summary>
    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var record in Records(Newest(Where(db.AuditEvents.AsNoTracking(), filter))).AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return record;
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(action => action).ToListAsync(cancellationToken);
    }

    private static IQueryable<AuditEventEntity> Where(IQueryable<AuditEventEntity> rows, AuditFilter filter)
    {
        UserText.Check(filter.Actor, "The user filter");
        UserText.Check(filter.Action, "The action filter");
        UserText.Check(filter.Entity, "The entity filter");
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = Contains(filter.Actor);
            rows = rows.Where(e => EF.Functions.ILike(e.Actor, actor, Escape));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = Contains(filter.Action);
            rows = rows.Where(e => EF.Functions.ILike(e.Action, action, Escape));
        }
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            var entity = Contains(filter.Entity);
            rows = rows.Where(e => EF.Functions.ILike(e.EntityKind!, entity, Escape) || EF.Functions.ILike(e.EntityId!, entity, Escape)
                || (e.EntityKind != null && e.EntityId != null && EF.Functions.ILike(e.EntityKind + ":" + e.EntityId, entity, Escape)));
        }
        if (filter.From is { } from)
        {
            var fromUtc = from.UtcDateTime;
            rows = rows.Where(e => e.OccurredAt >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var toUtc = to.UtcDateTime;
            rows = rows.Where(e => e.OccurredAt < toUtc);
        }
        return rows;
    }

    private static IQueryable<AuditEventEntity> Newest(IQueryable<AuditEventEntity> rows) =>
        rows.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);

    private static IQueryable<AuditRecord> Records(IQueryable<AuditEventEntity> rows) => rows.Select(e => new AuditRecord(
            e.Id, Utc(e.OccurredAt), e.Actor, e.Action, e.EntityKind, e.EntityId, e.EntityVersion, e.Outcome, e.ClientAddress, e.Details));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private const string Escape = @"\";

    /// <summary>The typed text is matched literally: % and _ are not wildcards.</summary>
    private static string Contains(string text) =>
        "%" + text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
