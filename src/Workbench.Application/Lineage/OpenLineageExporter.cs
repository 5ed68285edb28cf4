using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Workbench.Core.Lineage;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Storage.Store;
using Workbench.Application.Lineage;
using Workbench.Storage.Lineage;

namespace Workbench.Application.Lineage;

/// <summary>
/// Job runs as OpenLineage run events: START, then COMPLETE, FAIL or ABORT once the run ended, with the
/// datasets read, the tables written and each written column's input fields (columnLineage facet).
/// </summary>
public sealed class OpenLineageExporter(IDbContextFactory<WorkbenchDbContext> contexts)
{
    private sealed record DatasetRow(long Id, string Namespace, string Name);

    private sealed record ColumnRow(long TableId, string Column, string Namespace, string Dataset, string Field, string? Transform, string TransformType);

    /// <summary>The events of one run, oldest first; null when there is no such run.</summary>
    public async Task<IReadOnlyList<RunEvent>?> RunEventsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.LineageRuns.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == runId, cancellationToken);
        return run is null ? null : await EventsAsync(db, run, cancellationToken);
    }

    /// <summary>Every run's events, oldest run first, read run by run so a large store streams.</summary>
    public async IAsyncEnumerable<RunEvent> AllEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runIds = await db.LineageRuns.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId).Select(r => r.RunId).ToListAsync(cancellationToken);
        foreach (var runId in runIds)
        {
            var run = await db.LineageRuns.AsNoTracking().SingleAsync(r => r.RunId == runId, cancellationToken);
            foreach (var runEvent in await EventsAsync(db, run, cancellationToken))
                yield return runEvent;
        }
    }

    private static async Task<IReadOnlyList<RunEvent>> EventsAsync(WorkbenchDbContext db, LineageRunEntity run, CancellationToken cancellationToken)
    {
        var inputs = await (
                from e in db.LineageEdges
                join n in db.LineageNodes on e.FromNode equals n.Id
                where e.ToNode == run.NodeId && e.Kind == LineageEdgeKind.Input
                orderby n.QualifiedName
                select new DatasetRow(n.Id, n.Namespace, n.QualifiedName))
            .AsNoTracking().ToListAsync(cancellationToken);
        var outputs = await (
                from e in db.LineageEdges
                join n in db.LineageNodes on e.ToNode equals n.Id
                where e.FromNode == run.NodeId && e.Kind == LineageEdgeKind.Output
                orderby n.QualifiedName
                select new DatasetRow(n.Id, n.Namespace, n.QualifiedName))
            .AsNoTracking().ToListAsync(cancellationToken);
        var tables = outputs.Select(o => o.Id).ToArray();
        var columns = await (
                from e in db.LineageEdges
                join c in db.LineageNodes on e.ToNode equals c.Id
                join f in db.LineageNodes on e.FromNode equals f.Id
                join d in db.LineageNodes on f.ParentId equals d.Id
                where e.Kind == LineageEdgeKind.Maps && e.VersionKey == run.VersionKey && c.ParentId != null && tables.Contains(c.ParentId.Value)
                orderby c.DisplayName, d.QualifiedName, f.DisplayName
                select new ColumnRow(c.ParentId!.Value, c.DisplayName, d.Namespace, d.QualifiedName, f.DisplayName, e.Transform, e.TransformType))
            .AsNoTracking().ToListAsync(cancellationToken);

        var inputInfos = inputs.Select(i => new DatasetInfo(i.Namespace, i.Name)).ToList();
        var outputInfos = outputs.Select(o => new DatasetInfo(o.Namespace, o.Name, ColumnFacet(columns.Where(c => c.TableId == o.Id)))).ToList();
        var job = new JobInfo(run.JobNamespace, run.JobName);
        var events = new List<RunEvent>
        {
            new("START", AsUtc(run.StartedAt), new RunInfo(run.RunId), job, inputInfos, outputInfos, run.Producer, OpenLineageSpec.RunEventSchema),
        };
        if (run.State != "RUNNING")
        {
            var facets = run.State == "FAIL"
                ? new RunFacets(new ErrorMessageFacet(run.Producer, OpenLineageSpec.ErrorMessageSchema, run.ErrorMessage ?? "The run failed.", "C#"))
                : null;
            events.Add(new RunEvent(
                run.State, AsUtc(run.EndedAt ?? run.StartedAt), new RunInfo(run.RunId, facets), job, inputInfos, outputInfos,
                run.Producer, OpenLineageSpec.RunEventSchema));
        }
        return events;
    }

    private static DatasetFacets? ColumnFacet(IEnumerable<ColumnRow> rows)
    {
        var fields = rows
            .GroupBy(r => r.Column, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new ColumnLineageField(g.Select(r => new InputField(r.Namespace, r.Dataset, r.Field, [TransformationOf(r)])).ToList()),
                StringComparer.Ordinal);
        return fields.Count == 0 ? null : new DatasetFacets(new ColumnLineageFacet(OpenLineageSpec.Producer, OpenLineageSpec.ColumnLineageSchema, fields));
    }

    private static Transformation TransformationOf(ColumnRow row) => row.TransformType == "INDIRECT"
        ? new Transformation("INDIRECT", Description: row.Transform)
        : new Transformation("DIRECT", string.IsNullOrEmpty(row.Transform) ? "IDENTITY" : "TRANSFORMATION", row.Transform);

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
