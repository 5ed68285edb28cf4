using Workbench.Testing;
using Npgsql;

/// <summary>Generated lineage, written with set-based SQL: the writer's per-edge calls would make seeding the slow part.</summary>
internal static class LineageBenchmarkData
{
    /// <summary>
    /// 10 layers x 10 datasets x 99 columns (9,900 columns + 100 datasets = 10,000 nodes). Each column past the first
    /// layer is fed by 3 columns of the layer before (26,730 edges); 3,270 edges run from a layer back two layers,
    /// closing cycles: 30,000 flow edges.
    /// </summary>
    public static async Task<(long Nodes, long FlowEdges, long ContainsEdges)> SeedStoreAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into lineage_node (kind, namespace, qualified_name, display_name)
            select case when l = 0 then 'dataset' else 'table' end, 'bench', format('l%s.d%s', l, d), format('l%s.d%s', l, d)
            from generate_series(0, 9) l cross join generate_series(0, 9) d;

            insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id)
            select case when l = 0 then 'field' else 'column' end, 'bench', format('l%s.d%s.c%s', l, d, c), format('c%s', c), p.id
            from generate_series(0, 9) l cross join generate_series(0, 9) d cross join generate_series(0, 98) c
            join lineage_node p on p.namespace = 'bench' and p.qualified_name = format('l%s.d%s', l, d);

            insert into lineage_edge (from_node, to_node, kind)
            select parent_id, id, 'contains' from lineage_node where namespace = 'bench' and parent_id is not null;

            create temp table bench_column as
            select id, layer, (row_number() over (partition by layer order by id) - 1)::int as idx
            from (select id, (regexp_match(qualified_name, '^l(\d+)'))[1]::int as layer
                  from lineage_node where namespace = 'bench' and parent_id is not null) c;

            insert into lineage_edge (from_node, to_node, kind, transform)
            select s.id, c.id, 'maps', 'cast'
            from bench_column c cross join generate_series(1, 3) k
            join bench_column s on s.layer = c.layer - 1 and s.idx = (c.idx * 7 + k * 331) % 990
            where c.layer >= 1
            on conflict do nothing;

            insert into lineage_edge (from_node, to_node, kind, transform)
            select c.id, t.id, 'maps', 'feedback'
            from (select * from bench_column where layer >= 2 order by (idx * 7919 + layer * 104729) % 10007, id limit 30000) c
            join bench_column t on t.layer = c.layer - 2 and t.idx = (c.idx * 13) % 990
            on conflict do nothing;
            """);
        var flow = await connection.ExecuteScalarAsync<long>("select count(*) from lineage_edge where kind = 'maps'");
        if (flow > 30_000)
            await connection.ExecuteAsync(
                "delete from lineage_edge where id in (select id from lineage_edge where kind = 'maps' and transform = 'feedback' order by id desc limit @Extra)",
                new { Extra = flow - 30_000 });
        return await connection.QuerySingleAsync<(long, long, long)>("""
            select (select count(*) from lineage_node), (select count(*) from lineage_edge where kind = 'maps'),
                   (select count(*) from lineage_edge where kind = 'contains')
            """);
    }

    /// <summary>Columns of the last layer: an upstream walk of depth 5 from them goes through five layers and their cycles.</summary>
    public static async Task<IReadOnlyList<long>> DeepColumnsAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<long>(
            "select id from lineage_node where namespace = 'bench' and qualified_name like 'l9.%.c%' order by md5(id::text) limit @Count",
            new { Count = count })).ToList();
    }

    /// <summary>
    /// A hub column fed by 40 columns (4 tables), each fed by 49 columns (40 tables): 2,001 columns within two steps
    /// upstream, the neighbourhood the page draws by default. Returns the hub's id.
    /// </summary>
    public static async Task<long> SeedNeighbourhoodAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("""
            insert into lineage_node (kind, namespace, qualified_name, display_name)
            select 'table', 'page', t, t from (values ('hub.target')) v(t)
            union all select 'table', 'page', format('hub.mid%s', m), format('hub.mid%s', m) from generate_series(0, 3) m
            union all select 'dataset', 'page', format('hub.raw%s', r), format('hub.raw%s', r) from generate_series(0, 39) r;

            insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id)
            select 'column', 'page', 'hub.target.total', 'total', id from lineage_node where namespace = 'page' and qualified_name = 'hub.target';
            insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id)
            select 'column', 'page', format('hub.mid%s.m%s', i / 10, i), format('m%s', i), p.id
            from generate_series(0, 39) i join lineage_node p on p.namespace = 'page' and p.qualified_name = format('hub.mid%s', i / 10);
            insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id)
            select 'field', 'page', format('hub.raw%s.f%s', r, f), format('f%s', f), p.id
            from generate_series(0, 39) r cross join generate_series(0, 48) f
            join lineage_node p on p.namespace = 'page' and p.qualified_name = format('hub.raw%s', r);

            insert into lineage_edge (from_node, to_node, kind) select parent_id, id, 'contains' from lineage_node where namespace = 'page' and parent_id is not null;
            insert into lineage_edge (from_node, to_node, kind, transform)
            select m.id, h.id, 'maps', 'sum'
            from lineage_node m join lineage_node h on h.namespace = 'page' and h.qualified_name = 'hub.target.total'
            where m.namespace = 'page' and m.qualified_name like 'hub.mid%.m%';
            insert into lineage_edge (from_node, to_node, kind, transform)
            select f.id, m.id, 'maps', 'cast'
            from generate_series(0, 39) r
            join lineage_node m on m.namespace = 'page' and m.display_name = format('m%s', r) and m.qualified_name like 'hub.mid%'
            join lineage_node f on f.namespace = 'page' and f.qualified_name like format('hub.raw%s.f%%', r);

            select id from lineage_node where namespace = 'page' and qualified_name = 'hub.target.total';
            """);
    }

    /// <summary>A field of the neighbourhood's first raw dataset: itself, the column it feeds and the hub, three nodes.</summary>
    public static async Task<long> SmallNeighbourhoodAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "select id from lineage_node where namespace = 'page' and qualified_name = 'hub.raw0.f0'");
    }
}
