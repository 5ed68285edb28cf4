namespace Workbench.Application.Lineage;

/// <summary>The statements the writer runs; kept together so the keys they rely on are visible in one place.</summary>
internal static class LineageSql
{
    public const string UpsertNode = """
        insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id, properties)
        values (@Kind, @Namespace, @QualifiedName, @DisplayName, @ParentId, @Properties::jsonb)
        on conflict (namespace, qualified_name) do update
            set properties = lineage_node.properties || jsonb_strip_nulls(excluded.properties),
                parent_id = coalesce(excluded.parent_id, lineage_node.parent_id),
                updated_at = now()
        returning id, kind
        """;

    public const string UpsertEdge = """
        insert into lineage_edge (from_node, to_node, kind, transform, transform_type, version_key, view_version_id)
        values (@From, @To, @Kind, @Transform, @TransformType, @VersionKey, @ViewVersionId)
        on conflict (from_node, kind, to_node, version_key) do update
            set transform = excluded.transform,
                transform_type = excluded.transform_type,
                view_version_id = coalesce(excluded.view_version_id, lineage_edge.view_version_id)
        """;

    public const string SupersedeEarlierVersions = """
        update lineage_edge e set superseded = true
        from lineage_node v
        where e.view_version_id = v.id
          and v.kind = 'view_version' and v.namespace = @Namespace
          and v.properties ->> 'viewId' = @ViewId
          and (v.properties ->> 'version')::int < @Version
          and not e.superseded
        """;

    /// <summary>A run's state only moves forward: a late START after COMPLETE leaves it COMPLETE.</summary>
    public const string UpsertRun = """
        insert into lineage_run (run_id, node_id, job_namespace, job_name, version_key, state, started_at, ended_at, error_message, producer)
        values (@RunId, @NodeId, @JobNamespace, @JobName, @VersionKey, @State, @StartedAt, @EndedAt, @ErrorMessage, @Producer)
        on conflict (run_id) do update
            set state = case when excluded.state = 'RUNNING' then lineage_run.state else excluded.state end,
                started_at = least(lineage_run.started_at, excluded.started_at),
                ended_at = coalesce(excluded.ended_at, lineage_run.ended_at),
                error_message = coalesce(excluded.error_message, lineage_run.error_message)
        """;
}
