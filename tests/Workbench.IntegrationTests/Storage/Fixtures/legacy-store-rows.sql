-- Rows in every table of a store made by the SQL schema files 0001-0008 (the last version before EF Core
-- migrations), as that version wrote them: the upgrade test checks that each one survives the first start
-- of the new version unchanged. Quotes, unicode and NULLs on purpose.
update workbench_instance set demo_seeded_at = '2026-11-30 10:00:00+00';

insert into audit_event (occurred_at, actor, action, entity_kind, entity_id, entity_version, outcome, client_address, details) values
  ('2026-11-30 10:00:01+00', 'admin', 'account.create', 'account', '1', null, 'ok', '127.0.0.1', '{"user": "sam", "roles": ["steward"]}'),
  ('2026-11-30 10:00:02+00', 'sam', 'view.approve', 'view', '7f2e0c1a-0000-4000-8000-000000000001', 1, 'denied', null, '{"reason": "self-approval \"refused\""}'),
  ('2026-11-30 10:00:03+00', 'système', 'sign-in', null, null, null, 'failed', '::1', null);

insert into account (user_name, display_name, password_hash, roles, disabled, failed_attempts, locked_until, security_stamp, created_at) values
  ('sam', 'Sam O''Steward', 'AQAAAAIAAYagAAAAEHash1', '{steward}', false, 0, null, 'stamp-1', '2026-11-30 09:00:00+00'),
  ('ava', 'Ava Approver', 'AQAAAAIAAYagAAAAEHash2', '{approver,steward}', false, 3, '2026-11-30 11:00:00+00', 'stamp-2', '2026-11-30 09:00:01+00'),
  ('admin', 'Admin', 'AQAAAAIAAYagAAAAEHash3', '{admin}', true, 0, null, 'stamp-3', '2026-11-30 09:00:02+00');

insert into api_token (account_id, name, token_hash, created_at, revoked_at)
  select id, 'ci token', 'sha256-aaaa', '2026-11-30 09:30:00+00', null from account where user_name = 'sam';
insert into api_token (account_id, name, token_hash, created_at, revoked_at)
  select id, 'old', 'sha256-bbbb', '2026-11-30 09:31:00+00', '2026-11-30 09:32:00+00' from account where user_name = 'ava';

insert into data_protection_key (friendly_name, xml, created_at) values
  ('key-5d1f', '<key id="5d1f"><encryptedSecret>AAEC…</encryptedSecret></key>', '2026-11-30 08:59:00+00');

insert into source (id, name, kind, settings, secrets, malformed_policy, status, status_message, last_checked_at, is_demo, created_at, updated_at) values
  ('11111111-1111-4111-8111-111111111111', 'Legacy "policies"', 'PostgreSql', '{"host": "127.0.0.1", "port": "5432", "database": "legacy", "user": "reader"}',
   'CfDJ8EncryptedSecretBlob==', 'Fail', 'ok', 'Connected: PostgreSQL 15.', '2026-11-30 09:40:00+00', false, '2026-11-30 09:39:00+00', '2026-11-30 09:40:00+00'),
  ('22222222-2222-4222-8222-222222222222', 'FAST API', 'Rest', '{"baseUrl": "http://127.0.0.1:5000/demo/fast", "paths": "/policies"}',
   null, 'Skip', 'failed', 'The API answered 500.', null, false, '2026-11-30 09:39:01+00', '2026-11-30 09:39:01+00');

insert into source_dataset (id, source_id, name, locator, fields, profile, profiled_at, discovered_at) values
  ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 'legacy.policies', '{"schema": "legacy", "table": "policies"}',
   '[{"Name": "pol_num", "Type": "Text", "Nullable": false}]', '{"rows": 3040}', '2026-11-30 09:41:00+00', '2026-11-30 09:40:30+00'),
  ('44444444-4444-4444-8444-444444444444', '22222222-2222-4222-8222-222222222222', '/policies', '{"path": "/policies"}', '[]', null, null, '2026-11-30 09:40:31+00');

insert into view_definition (id, name, created_at, created_by, current_version) values
  ('7f2e0c1a-0000-4000-8000-000000000001', 'Policy migration', '2026-11-30 09:50:00+00', 'sam', 2);
insert into view_version (view_id, version, spec, author, created_at, status, status_changed_at, status_changed_by) values
  ('7f2e0c1a-0000-4000-8000-000000000001', 1, '{"name": "Policy migration", "target": [{"name": "policy_id"}]}', 'sam', '2026-11-30 09:50:00+00', 'approved', '2026-11-30 09:55:00+00', 'ava'),
  ('7f2e0c1a-0000-4000-8000-000000000001', 2, '{"name": "Policy migration", "target": [{"name": "policy_id"}, {"name": "premium"}]}', 'sam', '2026-11-30 09:56:00+00', 'draft', null, null);

insert into quality_run (view_id, view_version, fingerprint, source_fingerprints, status, engine, summary, error, rows_scanned, actor, started_at, finished_at) values
  ('7f2e0c1a-0000-4000-8000-000000000001', 1, 'fp-1', '{"legacy": "x"}', 'succeeded', 'pushdown', '{"keys": 3120, "both": 2884}', null, 6160, 'sam', '2026-11-30 09:52:00+00', '2026-11-30 09:52:01+00'),
  ('7f2e0c1a-0000-4000-8000-000000000001', 1, 'fp-2', '{}', 'failed', 'streaming', null, 'The API answered 500.', 0, 'sam', '2026-11-30 09:53:00+00', '2026-11-30 09:53:01+00');
insert into quality_issue_sample (run_id, ordinal, key, kind, field, detail, presence, "values")
  select id, 1, 'P-0001', 'mismatch', 'premium', '100.5 <> 100.50', 'legacy+fast', '{"legacy": "100.5", "fast": "100.50"}' from quality_run where fingerprint = 'fp-1';

insert into view_review (view_id, version, action, actor, occurred_at, comment, quality_run_id)
  select '7f2e0c1a-0000-4000-8000-000000000001', 1, 'submit', 'sam', '2026-11-30 09:54:00+00', 'ready', id from quality_run where fingerprint = 'fp-1';
insert into view_review (view_id, version, action, actor, occurred_at, comment, quality_run_id) values
  ('7f2e0c1a-0000-4000-8000-000000000001', 1, 'approve', 'ava', '2026-11-30 09:55:00+00', null, null);

insert into job (key, kind, label, payload, state, attempts, max_attempts, run_at, lease_owner, lease_expires_at, cancel_requested,
                 progress_done, progress_total, progress_started_at, error, result, created_by, created_at, updated_at, finished_at) values
  ('55555555-5555-4555-8555-555555555555', 'materialize-view', 'Policy migration v1 -> target.policies', '{"viewId": "7f2e0c1a-0000-4000-8000-000000000001", "version": 1}',
   'succeeded', 1, 5, '2026-11-30 10:00:00+00', null, null, false, 3120, 3120, '2026-11-30 10:00:01+00', null, '{"rowsWritten": 2884, "rowsRejected": 236}',
   'sam', '2026-11-30 10:00:00+00', '2026-11-30 10:00:09+00', '2026-11-30 10:00:09+00'),
  ('66666666-6666-4666-8666-666666666666', 'materialize-view', 'cancelled before it ran', '{}', 'cancelled', 0, 5, '2026-11-30 10:05:00+00', null, null, true,
   0, null, null, null, null, 'sam', '2026-11-30 10:05:00+00', '2026-11-30 10:05:30+00', '2026-11-30 10:05:30+00');
insert into job_attempt (job_id, attempt, worker, started_at, ended_at, outcome, error)
  select id, 1, 'host-1/4242', '2026-11-30 10:00:01+00', '2026-11-30 10:00:09+00', 'succeeded', null from job where key = '55555555-5555-4555-8555-555555555555';

insert into workbench_job_effect (job_key, target, rows_written, applied_at) values
  ('55555555-5555-4555-8555-555555555555', 'target.policies', 2884, '2026-11-30 10:00:09+00');

insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id, properties, created_at, updated_at) values
  ('source', 'workbench://legacy', 'legacy', 'Legacy', null, '{}', '2026-11-30 10:00:10+00', '2026-11-30 10:00:10+00'),
  ('table', 'postgres://store', 'target.policies', 'target.policies', null, '{"rows": 2884}', '2026-11-30 10:00:10+00', '2026-11-30 10:00:10+00');
insert into lineage_node (kind, namespace, qualified_name, display_name, parent_id, properties, created_at, updated_at)
  select 'column', 'postgres://store', 'target.policies.policy_id', 'policy_id', id, '{"type": "text"}', '2026-11-30 10:00:10+00', '2026-11-30 10:00:10+00'
  from lineage_node where qualified_name = 'target.policies';
insert into lineage_edge (from_node, to_node, kind, transform, transform_type, version_key, view_version_id, superseded, created_at)
  select s.id, t.id, 'maps', 'trim', 'DIRECT', 'v1', null, false, '2026-11-30 10:00:10+00'
  from lineage_node s, lineage_node t where s.qualified_name = 'legacy' and t.qualified_name = 'target.policies.policy_id';
insert into lineage_run (run_id, node_id, job_namespace, job_name, version_key, state, started_at, ended_at, error_message, producer)
  select '77777777-7777-4777-8777-777777777777', id, 'workbench', 'materialize', 'v1', 'COMPLETE', '2026-11-30 10:00:01+00', '2026-11-30 10:00:09+00', null, 'workbench/1.0'
  from lineage_node where qualified_name = 'target.policies';
