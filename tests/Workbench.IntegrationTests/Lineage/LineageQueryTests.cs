using Workbench.Core.Lineage;
using Workbench.Application.Lineage;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Lineage;

public sealed class LineageQueryTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private LineageWriter Writer => new(db.DataSource);

    private LineageQueries Queries => new(db.DataSource);

    private static readonly string[] ChainSteps = ["a", "b", "c", "d"];

    /// <summary>A chain a.x -> b.x -> c.x -> d.x, each step written by its own job, optionally closed back into a.x.</summary>
    private async Task<IReadOnlyList<long>> ChainAsync(string prefix, bool closeTheLoop)
    {
        var datasets = ChainSteps.Select(n => new DatasetRef("chain", $"{prefix}.{n}")).ToList();
        var edges = datasets.Zip(datasets.Skip(1), (from, to) => new ColumnEdge(new(from, "x"), new(to, "x"))).ToList();
        if (closeTheLoop)
            edges.Add(new ColumnEdge(new(datasets[^1], "x"), new(datasets[0], "x"), "feedback"));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var run = new JobRunRecord(Guid.NewGuid(), "chain", prefix, RunState.Complete, DateTimeOffset.UtcNow);
        await Writer.RecordJobRunAsync(transaction, run, datasets, datasets, edges);
        await transaction.CommitAsync();
        var ids = new List<long>();
        foreach (var dataset in datasets)
            ids.Add((await Queries.SearchAsync($"{dataset.Name}.x")).Single().Id);
        return ids;
    }

    [Fact]
    public async Task Upstream_and_downstream_stop_at_the_depth_asked_for()
    {
        var ids = await ChainAsync("depth", closeTheLoop: false);

        var upstream = await Queries.WalkAsync(ids[3], LineageDirection.Upstream, 2, LineageLevel.Column);
        var downstream = await Queries.WalkAsync(ids[0], LineageDirection.Downstream, 5, LineageLevel.Column);

        Assert.Equal([(ids[3], 0), (ids[2], -1), (ids[1], -2)], upstream!.Nodes.Select(n => (n.Node.Id, n.Depth)));
        Assert.Equal([(ids[0], 0), (ids[1], 1), (ids[2], 2), (ids[3], 3)], downstream!.Nodes.Select(n => (n.Node.Id, n.Depth)));
        Assert.Equal(3, downstream.Edges.Count);
        Assert.Equal(["depth.a", "depth.b", "depth.c", "depth.d"], downstream.Containers.Select(c => c.QualifiedName).Order());
    }

    [Fact]
    public async Task A_cycle_ends_the_walk_instead_of_hanging_it()
    {
        var ids = await ChainAsync("cycle", closeTheLoop: true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var upstream = await Queries.WalkAsync(ids[0], LineageDirection.Upstream, LineageGraph.MaxDepth, LineageLevel.Column, deadline.Token);
        var both = await Queries.NeighbourhoodAsync(ids[1], 1000, 1000, LineageLevel.Column, deadline.Token);

        // Each node once, at the depth it was first reached, however many times the loop goes round.
        Assert.Equal([(ids[0], 0), (ids[3], -1), (ids[2], -2), (ids[1], -3)], upstream!.Nodes.Select(n => (n.Node.Id, n.Depth)));
        Assert.Equal(4, upstream.Edges.Count);
        Assert.Equal(4, both!.Nodes.Count);
    }

    [Fact]
    public async Task Search_treats_wildcards_as_text()
    {
        await ChainAsync("wild", closeTheLoop: false);

        Assert.Empty(await Queries.SearchAsync("wild.%.x"));
        Assert.Empty(await Queries.SearchAsync("wild._.x"));
        Assert.Equal(4, (await Queries.SearchAsync("WILD.")).Count(n => n.Kind == LineageNodeKind.Field || n.Kind == LineageNodeKind.Column));
    }

    [Fact]
    public async Task Details_name_the_approvals_and_runs_behind_a_column_and_impact_names_the_approver()
    {
        var migration = new PolicyMigration("details");
        await migration.ApproveAndRunAsync(db.DataSource, Writer);
        var details = new LineageDetailsQuery(new DataSourceContextFactory(db.DataSource), Queries);
        var column = (await Queries.SearchAsync($"{migration.Target.Name}.policy_id")).Single();
        var field = (await Queries.SearchAsync($"{migration.Legacy.Name}.pol_num")).Single();

        var columnDetails = await details.DetailsAsync(column.Id);
        var impact = await details.ImpactAsync(field.Id, 5);

        Assert.Equal("Policies v1", Assert.Single(columnDetails!.ViewVersions).DisplayName);
        Assert.Equal((migration.RunId, "COMPLETE"), (Assert.Single(columnDetails.Runs).RunId, columnDetails.Runs[0].State));
        var item = Assert.Single(impact!);
        Assert.Equal(($"{migration.Target.Name}.policy_id", 1, "trim", "Policies v1", "bob"),
            (item.QualifiedName, item.Depth, item.Transform, item.ViewVersion, item.ApprovedBy));
    }

    [Fact]
    public async Task Asking_for_a_node_that_does_not_exist_answers_nothing()
    {
        Assert.Null(await Queries.WalkAsync(long.MaxValue, LineageDirection.Upstream, 3, LineageLevel.Column));
        Assert.Null(await new LineageDetailsQuery(new DataSourceContextFactory(db.DataSource), Queries).DetailsAsync(long.MaxValue));
    }
}
