-- Durable background jobs: a queue in the store that several workbench instances share.
-- Workers claim with FOR UPDATE SKIP LOCKED and hold a lease they renew; an expired lease makes the job claimable again.

create table job (
    id                  bigint generated always as identity primary key,
    -- Names the effect of the job in destination databases, so a retried job never applies twice.
    key                 uuid not null default gen_random_uuid() unique,
    kind                text not null,
    label               text not null default '',
    payload             jsonb not null default '{}',
    state               text not null default 'enqueued'
                        check (state in ('enqueued', 'scheduled', 'processing', 'succeeded', 'failed', 'cancelled')),
    attempts            integer not null default 0,
    max_attempts        integer not null check (max_attempts > 0),
    run_at              timestamptz not null default now(),
    lease_owner         text,
    lease_expires_at    timestamptz,
    cancel_requested    boolean not null default false,
    progress_done       bigint not null default 0,
    progress_total      bigint,
    -- Start of the current attempt's progress, for rows/s and the time remaining.
    progress_started_at timestamptz,
    error               text,
    result              jsonb,
    created_by          text not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    finished_at         timestamptz
);
create index job_claimable on job (run_at, id) where state in ('enqueued', 'scheduled', 'processing');
create index job_state on job (state, created_at desc);

create table job_attempt (
    id          bigint generated always as identity primary key,
    job_id      bigint not null references job (id) on delete cascade,
    attempt     integer not null,
    worker      text not null,
    started_at  timestamptz not null default now(),
    ended_at    timestamptz,
    -- running, succeeded, failed, cancelled, interrupted (graceful shutdown), abandoned (lease expired), lease-lost
    outcome     text not null default 'running',
    error       text
);
create index job_attempt_job on job_attempt (job_id, id);

-- Effects applied by jobs in this database (the workbench's own database is also a destination):
-- written in the same transaction as the effect, so an effect is applied once whatever happens to the worker.
create table workbench_job_effect (
    job_key       uuid primary key,
    target        text not null,
    rows_written  bigint not null,
    applied_at    timestamptz not null default now()
);
