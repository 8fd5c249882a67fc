-- The audit log is append-only (issue 6 §3, docs/decisions/0010-audit-anchors.md). Rows are only ever
-- inserted (lib/audit/service.ts); an UPDATE, DELETE or TRUNCATE — by the application, a script or a
-- person at a SQL prompt — is refused with a message that says why. Deleting a settlement keeps its
-- history: audit_log has no foreign key to settlements, so nothing cascades here.
--
-- A superuser or the table's owner can still disable these triggers: that is what the separate
-- application role (INSERT and SELECT only on audit_log, see the decision record) and the signed
-- checkpoints kept outside the database (`fairshare audit checkpoint`) are for.
--
-- Idempotent: applied by migrateDb after the drizzle migrations on every start.

create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege',
          hint = 'history is never edited or removed; record a correction as a new audit row';
end $$;

drop trigger if exists audit_log_no_update_delete on audit_log;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_append_only();
drop trigger if exists audit_log_no_truncate on audit_log;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
