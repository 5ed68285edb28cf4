-- Accounts: who may sign in, with which roles; lockout state; hashed API tokens.

create table account (
    id               bigint generated always as identity primary key,
    user_name        text not null,
    display_name     text not null,
    password_hash    text not null,
    roles            text[] not null default '{}',
    disabled         boolean not null default false,
    failed_attempts  integer not null default 0,
    locked_until     timestamptz,
    -- Changes whenever password, roles or state change, so existing sign-ins are re-checked.
    security_stamp   text not null,
    created_at       timestamptz not null default now(),
    check (roles <@ array['steward', 'approver', 'admin']::text[])
);
create unique index account_user_name on account (lower(user_name));

create table api_token (
    id           bigint generated always as identity primary key,
    account_id   bigint not null references account (id),
    name         text not null,
    -- SHA-256 of the token, hex; the token itself is shown once and never stored.
    token_hash   text not null unique,
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);
create index api_token_account on api_token (account_id);
