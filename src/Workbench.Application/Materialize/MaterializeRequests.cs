using Workbench.Core.Mapping;
using Npgsql;
using Workbench.Core.Sql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Mapping;
using Workbench.Application.Sources;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Store;

namespace Workbench.Application.Materialize;

/// <summary>
/// Payload of a <see cref="MaterializeViewJob"/>: which approved view version goes into which table, and how. The table
/// is in the workbench's database, or with <paramref name="DestinationSourceId"/> in that registered PostgreSQL source.
/// </summary>
public sealed record MaterializeViewPayload(
    Guid ViewId, int Version, TableName Destination, WriteMode Mode = WriteMode.Replace, RejectsPolicy Rejects = RejectsPolicy.Table,
    Guid? DestinationSourceId = null);

/// <summary>What asking for a materialization came to.</summary>
public abstract record MaterializeOutcome
{
    public sealed record Enqueued(long JobId) : MaterializeOutcome;

    public sealed record NotFound : MaterializeOutcome;

    /// <summary>Only approved versions are written; <paramref name="Status"/> is the version's.</summary>
    public sealed record NotApproved(VersionStatus Status) : MaterializeOutcome;

    public sealed record InvalidDestination(string Problem) : MaterializeOutcome;

    /// <summary>The view is dissolved; <paramref name="Message"/> says so.</summary>
    public sealed record Dissolved(string Message) : MaterializeOutcome;
}

/// <summary>
/// Asks for a view version to be materialized: the approval gate, then the job, its audit (<c>materialize.enqueue</c>)
/// and the job's own in one transaction, then the job is handed to Hangfire. Refusals are audited as denied. The job
/// checks the approval again when it runs, so a job enqueued by other means is held to the same rule.
/// </summary>
public sealed class MaterializeRequests(
    NpgsqlDataSource dataSource, IDbContextFactory<WorkbenchDbContext> contexts, SourceStore sources, JobDispatcher jobs, IActorContext actor, AuditLog audit)
{
    public async Task<MaterializeOutcome> EnqueueAsync(MaterializeViewPayload request, CancellationToken cancellationToken = default)
    {
        // The target fields are known when the job runs; the rejects table's name can be judged now. Whether the
        // source lets the workbench write is known only when the job writes: a refusal there fails it with PostgreSQL's reason.
        var (destination, destinationProblem) =
            await MaterializeDestination.ResolveAsync(dataSource, sources, request.DestinationSourceId, request.Destination, cancellationToken);
        if ((destinationProblem ?? RejectsProblem(request)) is { } problem)
            return await RefuseAsync(request, new MaterializeOutcome.InvalidDestination(problem), problem, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A share lock on the view's row: a dissolve (which takes it for update) waits for this job to exist, then refuses.
        await db.Database.ExecuteSqlAsync($"select 1 from view_definition where id = {request.ViewId} for share", cancellationToken);
        if (await ViewStore.DissolutionAsync(db, request.ViewId, cancellationToken) is { } dissolution)
            return await RefuseAsync(request, new MaterializeOutcome.Dissolved(dissolution.Message), "dissolved", cancellationToken);
        var found = await db.ViewVersions.AsNoTracking()
            .Where(v => v.ViewId == request.ViewId && v.Version == request.Version)
            .Select(v => new VersionRow(v.Status, v.Spec))
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return await RefuseAsync(request, new MaterializeOutcome.NotFound(), "no such view version", cancellationToken);
        if (found.Status != VersionStatus.Approved)
            return await RefuseAsync(request, new MaterializeOutcome.NotApproved(found.Status), $"version is {found.Status.Name()}", cancellationToken);

        var label = $"{found.Name} v{request.Version} → {destination!.Describe()}";
        var jobId = await jobs.Store.EnqueueAsync(db, new JobRequest(MaterializeViewJob.KindName, request, label), actor, audit, cancellationToken);
        await audit.RecordAsync(db, Entry(request, AuditOutcome.Ok,
            new { jobId, destination = destination.Describe(), mode = Mode(request), rejects = Rejects(request) }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // After the commit: Hangfire's job must not run before the workbench's exists. Should this process die in
        // between, the dispatch sweep of any job server hands the job over.
        await jobs.DispatchAsync(jobId, CancellationToken.None);
        return new MaterializeOutcome.Enqueued(jobId);
    }

    private async Task<MaterializeOutcome> RefuseAsync(MaterializeViewPayload request, MaterializeOutcome outcome, string reason, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(Entry(request, AuditOutcome.Denied, new { reason, destination = request.Destination?.ToString(), request.DestinationSourceId, mode = Mode(request), rejects = Rejects(request) }), cancellationToken);
        return outcome;
    }

    private static string? RejectsProblem(MaterializeViewPayload request) =>
        request.Rejects == RejectsPolicy.Table ? RejectsTable.Problem(request.Destination, []) : null;

    private sealed record VersionRow(VersionStatus Status, string Spec)
    {
        public string? Name
        {
            get
            {
                using var document = JsonDocument.Parse(Spec);
                return document.RootElement.TryGetProperty("view", out var view) && view.ValueKind == JsonValueKind.Object
                    && view.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            }
        }
    }

    private static string Mode(MaterializeViewPayload request) => request.Mode.ToString().ToLowerInvariant();

    private static string Rejects(MaterializeViewPayload request) => request.Rejects.ToString().ToLowerInvariant();

    private static AuditEntry Entry(MaterializeViewPayload request, string outcome, object details) =>
        new("materialize.enqueue", "view", request.ViewId.ToString(), request.Version, outcome, details);
}
