-- Approvals: every submit, approve, reject and withdraw of a view version, and the rules the database keeps
-- even when the application is bypassed: nobody decides on a version they authored, at most one version of
-- a view waits for a decision, and a decision always names who took it.

create table view_review (
    id             bigint generated always as identity primary key,
    view_id        uuid not null,
    version        integer not null,
    action         text not null check (action in ('submit', 'approve', 'reject', 'withdraw')),
    actor          text not null,
    occurred_at    timestamptz not null default now(),
    comment        text,
    -- The quality preview the submitter attached (the newest succeeded run of this version at submit time).
    quality_run_id bigint references quality_run (id),
    foreign key (view_id, version) references view_version (view_id, version),
    constraint view_review_reject_has_comment check (action <> 'reject' or coalesce(btrim(comment), '') <> '')
);
create index view_review_version on view_review (view_id, version, id);
create index view_review_recent on view_review (occurred_at desc, id desc);

create function view_review_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'view_review rows are never changed or deleted';
end;
$$;
create trigger view_review_append_only
    before update or delete on view_review
    for each row execute function view_review_is_append_only();

-- A new submit of the same view withdraws the waiting one first (the application does so in one transaction);
-- two waiting versions at once are refused here.
create unique index view_version_one_submitted on view_version (view_id) where status = 'submitted';

create function view_version_decision_rules() returns trigger language plpgsql as $$
begin
    -- On insert too: a row written straight as approved must obey the same rule as one moved there.
    if tg_op = 'INSERT' or new.status is distinct from old.status then
        if new.status <> 'draft' and coalesce(new.status_changed_by, '') = '' then
            raise exception 'view_version % of view % is %: status_changed_by must name who moved it there', new.version, new.view_id, new.status
                using errcode = 'check_violation';
        end if;
        if new.status in ('approved', 'rejected') and new.status_changed_by = new.author then
            raise exception 'self-approval refused: % authored version % of view % and cannot approve or reject it', new.author, new.version, new.view_id
                using errcode = 'check_violation';
        end if;
    end if;
    return new;
end;
$$;
-- Runs after view_version_immutable (triggers fire in name order), which already limits the moves themselves.
create trigger view_version_zz_decision_rules
    before insert or update on view_version
    for each row execute function view_version_decision_rules();
