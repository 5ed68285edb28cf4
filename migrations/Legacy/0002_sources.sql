-- Sources: registered connections, their datasets with schema and profile, and the Data Protection keys
-- that encrypt source secrets at rest.

create table source (
    id               uuid primary key,
    name             text not null unique check (length(trim(name)) > 0),
    kind             text not null,
    settings         jsonb not null default '{}',
    -- Data Protection ciphertext of a JSON object of secrets; never returned to the browser.
    secrets          text,
    malformed_policy text not null default 'Fail' check (malformed_policy in ('Fail', 'Skip')),
    status           text not null default 'unchecked' check (status in ('unchecked', 'ok', 'failed')),
    status_message   text,
    last_checked_at  timestamptz,
    is_demo          boolean not null default false,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create table source_dataset (
    id           uuid primary key,
    source_id    uuid not null references source (id) on delete cascade,
    name         text not null,
    locator      jsonb not null,
    fields       jsonb not null default '[]',
    profile      jsonb,
    profiled_at  timestamptz,
    discovered_at timestamptz not null default now(),
    unique (source_id, name)
);
create index source_dataset_source on source_dataset (source_id);

create table data_protection_key (
    friendly_name text primary key,
    xml           text not null,
    created_at    timestamptz not null default now()
);
