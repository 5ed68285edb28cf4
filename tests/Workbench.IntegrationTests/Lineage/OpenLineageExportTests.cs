using System.Text.Json;
using Workbench.Core.Lineage;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Lineage;

public sealed class OpenLineageExportTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private LineageWriter Writer => new(db.DataSource);

    private OpenLineageExporter Exporter => new(new DataSourceContextFactory(db.DataSource));

    [Fact]
    public async Task A_completed_run_exports_START_and_COMPLETE_that_validate_and_carry_the_mapping_as_column_lineage()
    {
        var migration = new PolicyMigration("export");
        await migration.ApproveAndRunAsync(db.DataSource, Writer);

        var events = await Exporter.RunEventsAsync(migration.RunId);

        Assert.Equal(["START", "COMPLETE"], events!.Select(e => e.EventType));
        foreach (var runEvent in events!)
        {
            using var json = JsonDocument.Parse(runEvent.ToJson());
            Assert.Empty(RunEventValidator.Validate(json.RootElement));
        }
        var complete = events![1];
        Assert.Equal([migration.Fast.Name, migration.Legacy.Name], complete.Inputs.Select(i => i.Name));
        var output = Assert.Single(complete.Outputs);
        Assert.Equal((migration.Target.Namespace, migration.Target.Name), (output.Namespace, output.Name));
        var fields = output.Facets!.ColumnLineage!.Fields;
        var expected = migration.Mapping.GroupBy(e => e.Target.Field).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Source.Dataset.Name}.{e.Source.Field}").Order());
        Assert.Equal(expected.Keys.Order(), fields.Keys.Order());
        foreach (var (column, inputs) in expected)
            Assert.Equal(inputs, fields[column].InputFields.Select(i => $"{i.Name}.{i.Field}").Order());
        var status = fields["policy_id"].InputFields.Single(i => i.Field == "status").Transformations!.Single();
        var premium = fields["premium_amount"].InputFields.Single(i => i.Field == "premiumAmount").Transformations!.Single();
        Assert.Equal(("INDIRECT", "filter status <> 'X'"), (status.Type, status.Description));
        Assert.Equal(("DIRECT", "IDENTITY"), (premium.Type, premium.Subtype));
    }

    [Fact]
    public async Task A_failed_run_exports_FAIL_with_its_error_message()
    {
        var migration = new PolicyMigration("failed");
        await migration.ApproveAndRunAsync(db.DataSource, Writer, RunState.Fail);

        var events = await Exporter.RunEventsAsync(migration.RunId);

        Assert.Equal(["START", "FAIL"], events!.Select(e => e.EventType));
        Assert.Equal("COPY failed: disk full", events![1].Run.Facets!.ErrorMessage!.Message);
        using var json = JsonDocument.Parse(events[1].ToJson());
        Assert.Empty(RunEventValidator.Validate(json.RootElement));
    }

    [Fact]
    public async Task An_ingested_event_lands_in_the_graph_and_exports_back_with_the_same_column_lineage()
    {
        var runId = Guid.NewGuid();
        var sent = $$"""
            {
              "eventType": "COMPLETE", "eventTime": "2026-11-20T10:15:00Z",
              "run": { "runId": "{{runId}}" },
              "job": { "namespace": "airflow", "name": "nightly.orders" },
              "inputs": [ { "namespace": "postgres://erp:5432", "name": "erp.public.orders" } ],
              "outputs": [ { "namespace": "postgres://dwh:5432", "name": "dwh.mart.orders", "facets": { "columnLineage": {
                "_producer": "https://airflow.example/", "_schemaURL": "{{OpenLineageSpec.ColumnLineageSchema}}",
                "fields": { "order_total": { "inputFields": [
                  { "namespace": "postgres://erp:5432", "name": "erp.public.orders", "field": "amount",
                    "transformations": [ { "type": "DIRECT", "subtype": "AGGREGATION", "description": "sum(amount)" } ] } ] } } } } } ],
              "producer": "https://airflow.example/", "schemaURL": "{{OpenLineageSpec.RunEventSchema}}"
            }
            """;
        using var document = JsonDocument.Parse(sent);
        var ingestor = new OpenLineageIngestor(db.DataSource, Writer, new AuditLog(db.DataSource, new SystemActor("airflow")));

        var result = await ingestor.IngestAsync(document.RootElement);
        var events = await Exporter.RunEventsAsync(runId);

        Assert.True(result.Accepted);
        Assert.Equal(["START", "COMPLETE"], events!.Select(e => e.EventType));
        var input = Assert.Single(Assert.Single(events![1].Outputs).Facets!.ColumnLineage!.Fields["order_total"].InputFields);
        Assert.Equal(("postgres://erp:5432", "erp.public.orders", "amount", "sum(amount)"), (input.Namespace, input.Name, input.Field, input.Transformations![0].Description));
        var queries = new LineageQueries(db.DataSource);
        var column = (await queries.SearchAsync("dwh.mart.orders.order_total")).Single();
        var upstream = await queries.WalkAsync(column.Id, LineageDirection.Upstream, 3, LineageLevel.Column);
        Assert.Contains(upstream!.Nodes, n => n.Node.QualifiedName == "erp.public.orders.amount" && n.Depth == -1);
    }

    [Fact]
    public async Task A_bad_event_is_refused_with_its_reasons_and_writes_nothing()
    {
        using var document = JsonDocument.Parse("""{ "eventType": "DONE", "eventTime": "yesterday", "run": { "runId": "not-a-uuid" }, "job": { "namespace": "x" } }""");
        var ingestor = new OpenLineageIngestor(db.DataSource, Writer, new AuditLog(db.DataSource, new SystemActor()));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>("select count(*) from lineage_run");

        var result = await ingestor.IngestAsync(document.RootElement);

        Assert.False(result.Accepted);
        Assert.Contains("$.eventType: 'DONE' is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER", result.Errors);
        Assert.Contains("$.run.runId: must be a UUID", result.Errors);
        Assert.Contains("$.job.name: required", result.Errors);
        Assert.Contains("$.producer: required", result.Errors);
        Assert.Equal(before, await connection.ExecuteScalarAsync<long>("select count(*) from lineage_run"));
    }
}
