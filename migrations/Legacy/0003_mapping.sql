-- Views and their mapping versions. Every save is a new immutable row in view_version; the only thing that
-- ever changes on a version is its approval status, forward only, and an approved version never changes.

create table view_definition (
    id              uuid primary key,
    name            text not null,
    created_at      timestamptz not null default now(),
    created_by      text not null,
    -- The newest version: the optimistic-concurrency token a save must name.
    current_version integer not null default 0
);
create unique index view_definition_name on view_definition (lower(name));

create table view_version (
    view_id           uuid not null references view_definition (id),
    version           integer not null check (version > 0),
    spec              jsonb not null,
    author            text not null,
    created_at        timestamptz not null default now(),
    status            text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected')),
    status_changed_at timestamptz,
    status_changed_by text,
    primary key (view_id, version)
);

create function view_version_is_immutable() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'view_version rows are never deleted';
    end if;
    if new.view_id <> old.view_id or new.version <> old.version or new.spec <> old.spec
       or new.author <> old.author or new.created_at <> old.created_at then
        raise exception 'view_version % of view % is immutable: only its status may change', old.version, old.view_id;
    end if;
    if old.status in ('approved', 'rejected') then
        raise exception 'view_version % of view % is %, and never changes', old.version, old.view_id, old.status;
    end if;
    if not ((old.status = 'draft' and new.status in ('draft', 'submitted'))
         or (old.status = 'submitted' and new.status in ('submitted', 'approved', 'rejected', 'draft'))) then
        raise exception 'view_version status cannot go from % to %', old.status, new.status;
    end if;
    return new;
end;
$$;
create trigger view_version_immutable
    before update or delete on view_version
    for each row execute function view_version_is_immutable();
