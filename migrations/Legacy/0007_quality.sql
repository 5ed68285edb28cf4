-- Quality previews: one row per run (its summary is the report without issue rows) and a sample of the
-- issue rows, which approvals attach. A run is found again by (view, version, fingerprint of the sources'
-- state); only succeeded runs are ever served from this cache.

create table quality_run (
    id                  bigint generated always as identity primary key,
    view_id             uuid not null,
    view_version        integer not null,
    fingerprint         text not null,
    source_fingerprints jsonb not null default '{}',
    status              text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'cancelled')),
    engine              text,
    summary             jsonb,
    error               text,
    rows_scanned        bigint not null default 0,
    actor               text not null,
    started_at          timestamptz not null default now(),
    finished_at         timestamptz,
    check ((status = 'succeeded') = (summary is not null)),
    check ((status = 'failed') = (error is not null))
);
create index quality_run_cache on quality_run (view_id, view_version, fingerprint, finished_at desc) where status = 'succeeded';
create index quality_run_view on quality_run (view_id, started_at desc);

create table quality_issue_sample (
    run_id      bigint not null references quality_run (id) on delete cascade,
    ordinal     integer not null,
    key         text not null,
    kind        text not null,
    field       text,
    detail      text,
    presence    text not null,
    "values"    jsonb not null,
    primary key (run_id, ordinal)
);
create index quality_issue_sample_kind on quality_issue_sample (run_id, kind);
