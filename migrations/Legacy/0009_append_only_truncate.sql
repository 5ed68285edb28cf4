-- The row triggers that keep audit_event, view_version and view_review append-only never fire for TRUNCATE,
-- which empties a table without deleting a row; a statement-level guard refuses it as well.
create function history_is_never_truncated() returns trigger language plpgsql as $$
begin
    raise exception '% keeps history and is never truncated', tg_table_name
        using errcode = 'insufficient_privilege', hint = 'Its rows are append-only; nothing may empty the table.';
end;
$$;

create trigger audit_event_never_truncated
    before truncate on audit_event
    for each statement execute function history_is_never_truncated();

create trigger view_version_never_truncated
    before truncate on view_version
    for each statement execute function history_is_never_truncated();

create trigger view_review_never_truncated
    before truncate on view_review
    for each statement execute function history_is_never_truncated();
