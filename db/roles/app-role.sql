-- PostgreSQL: the application connects as fairshare_app, which may read and append to the audit log
-- and nothing more; the owner role (fairshare_owner) runs `fairshare db migrate` and owns every table.
-- Run as the owner after each migration (idempotent): psql "$OWNER_URL" -f db/roles/app-role.sql
-- docs/decisions/0010-audit-anchors.md explains the set-up; lib/audit/app-role.test.ts proves it.
--
-- Create the role once, as a superuser:  create role fairshare_app login password '…';

grant usage on schema public to fairshare_app;
grant select, insert, update, delete on all tables in schema public to fairshare_app;
grant usage, select on all sequences in schema public to fairshare_app;
grant execute on all functions in schema public to fairshare_app;
-- The audit log: read and append only. Not the owner, the role can neither change rows nor switch off
-- the append-only triggers (ALTER TABLE … DISABLE TRIGGER needs ownership).
revoke update, delete, truncate, references, trigger on audit_log from fairshare_app;
