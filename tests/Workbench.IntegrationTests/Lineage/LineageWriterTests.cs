using Workbench.Core.Lineage;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Application.Lineage;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Lineage;

public sealed class LineageWriterTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private LineageWriter Writer => new(db.DataSource);

    private LineageQueries Queries => new(db.DataSource);

    [Fact]
    public async Task After_an_approval_and_a_job_every_target_column_has_edges_to_exactly_the_fields_that_feed_it()
    {
        var migration = new PolicyMigration("exact");
        await migration.ApproveAndRunAsync(db.DataSource, Writer);

        var expected = migration.Mapping
            .GroupBy(e => e.Target.QualifiedName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Source.QualifiedName).Order().ToList());
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string Column, string Field)>("""
            select c.qualified_name, f.qualified_name
            from lineage_edge e join lineage_node c on c.id = e.to_node join lineage_node f on f.id = e.from_node
            where e.kind = 'maps' and c.namespace = 'postgres://target' and c.qualified_name like 'public.policyexact.%'
            """))
            .GroupBy(r => r.Column)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Field).Order().ToList());
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (column, fields) in expected)
            Assert.Equal(fields, stored[column]);

        // The walk the page and the API use agrees with the table, column by column.
        foreach (var (column, fields) in expected)
        {
            var node = (await Queries.SearchAsync(column)).Single(n => n.QualifiedName == column);
            var upstream = await Queries.WalkAsync(node.Id, LineageDirection.Upstream, 1, LineageLevel.Column);
            Assert.Equal(fields, upstream!.Nodes.Where(n => n.Depth == -1).Select(n => n.Node.QualifiedName).Order());
        }
    }

    [Fact]
    public async Task The_job_run_links_the_datasets_it_read_to_the_table_it_wrote()
    {
        var migration = new PolicyMigration("runs");
        await migration.ApproveAndRunAsync(db.DataSource, Writer);

        var table = (await Queries.SearchAsync(migration.Target.Name)).Single(n => n.Kind == LineageNodeKind.Table);
        var upstream = await Queries.WalkAsync(table.Id, LineageDirection.Upstream, 2, LineageLevel.Dataset);

        var names = upstream!.Nodes.Select(n => (n.Node.Kind, n.Node.QualifiedName)).ToList();
        Assert.Contains((LineageNodeKind.JobRun, $"materialize-policiesruns/{migration.RunId}"), names);
        Assert.Contains((LineageNodeKind.ViewVersion, "policiesruns@v1"), names);
        Assert.Contains((LineageNodeKind.Dataset, migration.Legacy.Name), names);
        Assert.Contains((LineageNodeKind.Dataset, migration.Fast.Name), names);
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public async Task Writing_the_same_lineage_twice_adds_nothing()
    {
        var migration = new PolicyMigration("twice");
        await migration.ApproveAndRunAsync(db.DataSource, Writer);
        var before = await CountsAsync();

        await migration.ApproveAndRunAsync(db.DataSource, Writer);

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Lineage_written_in_a_rolled_back_transaction_leaves_nothing()
    {
        var migration = new PolicyMigration("rolledback");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Writer.RecordMappingAsync(transaction, migration.View(), migration.Mapping);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await Queries.SearchAsync("rolledback"));
    }

    [Fact]
    public async Task A_later_approved_version_replaces_the_earlier_mapping_in_walks()
    {
        var migration = new PolicyMigration("versions");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var v1 = await connection.BeginTransactionAsync())
        {
            await Writer.RecordMappingAsync(v1, migration.View(1), migration.Mapping);
            await v1.CommitAsync();
        }
        await using (var v2 = await connection.BeginTransactionAsync())
        {
            await Writer.RecordMappingAsync(v2, migration.View(2), [new(new(migration.Fast, "holderName"), new(migration.Target, "holder_name"), "upper")]);
            await v2.CommitAsync();
        }

        var holder = (await Queries.SearchAsync($"{migration.Target.Name}.holder_name")).Single();
        var premium = (await Queries.SearchAsync($"{migration.Target.Name}.premium_amount")).Single();
        var holderUpstream = await Queries.WalkAsync(holder.Id, LineageDirection.Upstream, 1, LineageLevel.Column);
        var premiumUpstream = await Queries.WalkAsync(premium.Id, LineageDirection.Upstream, 1, LineageLevel.Column);

        var edge = Assert.Single(holderUpstream!.Edges);
        Assert.Equal(("upper", "policiesversions@v2"), (edge.Transform, edge.VersionKey));
        Assert.Empty(premiumUpstream!.Edges);
    }

    [Fact]
    public async Task A_discovered_dataset_is_stored_under_its_source_with_its_fields_and_types()
    {
        var dataset = new DatasetDescriptor(Guid.NewGuid(), Guid.NewGuid(), "crm", "agents",
            [new FieldSchema("agent_id", FieldType.Integer, Nullable: false, NativeType: "int4"), new FieldSchema("name", FieldType.Text)]);

        await Writer.RecordDatasetAsync(dataset);

        var node = (await Queries.SearchAsync("crm.agents")).Single(n => n.Kind == LineageNodeKind.Dataset);
        var details = await new LineageDetailsQuery(new DataSourceContextFactory(db.DataSource), Queries).DetailsAsync(node.Id);
        Assert.Equal((LineageNodeKind.Source, "crm"), (details!.Parent!.Kind, details.Parent.QualifiedName));
        Assert.Equal(["agent_id", "name"], details.Children.Select(c => c.DisplayName));
        Assert.Contains("\"type\": \"Integer\"", details.Children[0].Properties);
        Assert.Contains("\"nativeType\": \"int4\"", details.Children[0].Properties);
        Assert.All(details.Children, c => Assert.Equal(LineageNodeKind.Field, c.Kind));
    }

    private async Task<(long Nodes, long Edges, long Runs)> CountsAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long)>(
            "select (select count(*) from lineage_node), (select count(*) from lineage_edge), (select count(*) from lineage_run)");
    }
}
