-- Foundation: the store's identity and the append-only audit trail every feature writes to.

create table workbench_instance (
    id              smallint primary key default 1 check (id = 1),
    created_at      timestamptz not null default now(),
    demo_seeded_at  timestamptz
);
insert into workbench_instance (id) values (1);

create table audit_event (
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz not null default now(),
    actor           text not null,
    action          text not null,
    entity_kind     text,
    entity_id       text,
    entity_version  integer,
    outcome         text not null default 'ok',
    client_address  text,
    details         jsonb
);
create index audit_event_occurred_at on audit_event (occurred_at desc);
create index audit_event_actor on audit_event (actor, occurred_at desc);
create index audit_event_entity on audit_event (entity_kind, entity_id);

-- The application never changes history; the database refuses it too.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only (% refused)', tg_op;
end;
$$;
create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
