-- Lineage: a column-level graph written as a side effect of discovery, approvals and job runs
-- (or fed by other tools as OpenLineage events), walked in both directions with recursive SQL.

create table lineage_node (
    id              bigint generated always as identity primary key,
    kind            text not null check (kind in ('source', 'dataset', 'field', 'view_version', 'job_run', 'table', 'column')),
    namespace       text not null,
    qualified_name  text not null,
    display_name    text not null,
    -- The dataset or table a field or column belongs to; the source a dataset belongs to.
    parent_id       bigint references lineage_node (id) on delete cascade,
    properties      jsonb not null default '{}'::jsonb,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (namespace, qualified_name)
);
create index lineage_node_parent on lineage_node (parent_id);
create index lineage_node_search on lineage_node (lower(qualified_name) text_pattern_ops);

-- contains: source -> dataset, dataset -> field, table -> column (structure, not flow).
-- maps: field -> column (the transform and the view version that made it).
-- input / output: dataset -> view version or job run -> table.
create table lineage_edge (
    id               bigint generated always as identity primary key,
    from_node        bigint not null references lineage_node (id) on delete cascade,
    to_node          bigint not null references lineage_node (id) on delete cascade,
    kind             text not null check (kind in ('contains', 'maps', 'input', 'output')),
    transform        text,
    transform_type   text not null default 'DIRECT' check (transform_type in ('DIRECT', 'INDIRECT')),
    -- '' when no view version is involved, so the uniqueness below holds for every edge.
    version_key      text not null default '',
    view_version_id  bigint references lineage_node (id) on delete set null,
    -- A later approved version of the same view replaced this edge: kept for the runs that used it,
    -- left out of walks so the graph shows what feeds each column now.
    superseded       boolean not null default false,
    created_at       timestamptz not null default now(),
    unique (from_node, kind, to_node, version_key)
);
-- Upstream walks follow edges backwards, downstream walks forwards: both directions are indexed.
create index lineage_edge_upstream on lineage_edge (to_node, kind, from_node);

create table lineage_run (
    run_id          uuid primary key,
    node_id         bigint not null references lineage_node (id) on delete cascade,
    job_namespace   text not null,
    job_name        text not null,
    -- The view version the run materialised (or the job's own key for runs reported by other tools):
    -- its column edges are the maps edges with this version key.
    version_key     text not null default '',
    state           text not null check (state in ('RUNNING', 'COMPLETE', 'FAIL', 'ABORT')),
    started_at      timestamptz not null,
    ended_at        timestamptz,
    error_message   text,
    producer        text not null
);
create index lineage_run_started on lineage_run (started_at desc);
