using System.Runtime.CompilerServices;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>The preview service over the real store, with sources scripted to fail or to hang until cancelled.</summary>
public sealed class ViewPreviewServiceTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DatasetDescriptor Left = new(Guid.NewGuid(), Guid.NewGuid(), "crm", "clients", [new("id", FieldType.Text), new("v", FieldType.Text)]);
    private static readonly DatasetDescriptor Right = new(Guid.NewGuid(), Guid.NewGuid(), "erp", "clients", [new("id", FieldType.Text), new("v", FieldType.Text)]);

    [Fact]
    public async Task Cancelling_stops_the_reads_and_keeps_the_run_as_cancelled()
    {
        var hanging = new TaskCompletionSource();
        var sources = new ScriptedDatasets(async (dataset, ct) =>
        {
            if (dataset == Right.Id)
            {
                hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        var (service, viewId) = await ServiceAsync(sources);
        using var cancellation = new CancellationTokenSource();

        var running = service.RunAsync(viewId, cancellationToken: cancellation.Token);
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        var cancelled = Assert.IsType<ViewPreviewResult.Cancelled>(result);
        Assert.Equal("cancelled", await StatusAsync(cancelled.RunId));
    }

    [Fact]
    public async Task A_source_failing_mid_read_becomes_a_failed_run_naming_it()
    {
        var sources = new ScriptedDatasets((dataset, _) =>
            dataset == Right.Id ? throw new IOException("connection reset by peer") : Task.CompletedTask);
        var (service, viewId) = await ServiceAsync(sources);

        var result = await service.RunAsync(viewId);

        var failed = Assert.IsType<ViewPreviewResult.Failed>(result);
        Assert.Equal("Source 'erp.clients' failed after 2 rows: connection reset by peer", failed.Error);
        Assert.Equal("failed", await StatusAsync(failed.RunId));
    }

    private async Task<(ViewPreviewService Service, Guid ViewId)> ServiceAsync(ScriptedDatasets sources)
    {
        var actor = new SystemActor("tester");
        var audit = new AuditLog(db.DataSource, actor);
        var views = new ViewStore(db.DataSource, actor, audit);
        var spec = new ViewSpec(TestAccounts.UniqueName("clients"),
            [new(Left.QualifiedName), new(Right.QualifiedName)],
            [new(Left.QualifiedName, Right.QualifiedName, [new JoinKey("id", "id")])],
            [new("v", FieldType.Text)],
            [new MappingEntry("v", [new MappingSource(new FieldRef(Left.QualifiedName, "v"), []), new MappingSource(new FieldRef(Right.QualifiedName, "v"), [])])],
            []);
        var saved = Assert.IsType<SaveOutcome.Saved>(await views.CreateAsync(spec));
        var runner = new QualityPreviewRunner(new QualityRunStore(db.DataSource), audit, actor);
        return (new ViewPreviewService(views, sources, sources, runner), saved.ViewId);
    }

    private async Task<string> StatusAsync(long runId)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("select status from quality_run where id = @runId", new { runId }) ?? "none";
    }

    /// <summary>Two rows per dataset, then <c>afterTwoRows</c> (which may throw or wait for cancellation), then a third row.</summary>
    private sealed class ScriptedDatasets(Func<Guid, CancellationToken, Task> afterTwoRows) : IDatasetCatalog, IDatasetReader
    {
        public Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DatasetDescriptor>>([Left, Right]);

        public Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
            Task.FromResult<DatasetDescriptor?>(datasetId == Left.Id ? Left : datasetId == Right.Id ? Right : null);

        public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<SourceRow> ReadAsync(
            Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var shape = new RowShape(request.Fields!);
            for (var i = 1; i <= 3; i++)
            {
                if (i == 3)
                    await afterTwoRows(datasetId, cancellationToken);
                yield return new SourceRow(shape, request.Fields!.Select(f => (object?)(f == "id" ? $"K{i}" : "x")).ToArray(), new RowPosition(i));
            }
        }
    }
}
