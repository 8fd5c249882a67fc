-- Issue 6, after the generated migration.
-- Rate-limit counters are worth nothing after a crash, and each submission bumps one outside the claim's
-- own transaction: unlogged, that bump writes no WAL and waits for no disk flush. (Was db/sql/020.)
alter table rate_limits set unlogged;--> statement-breakpoint
-- As filed: claims filed before requested_tier existed asked for the tier they still carry unless verified.
update claims set requested_tier = tier where requested_tier is null and verification_status = 'pending';--> statement-breakpoint
-- Versioning starts from the configuration each settlement has now.
insert into settlement_config_versions (settlement_id, version, config, actor, reason)
select id, 1, config, 'system:migration', 'configuration when versioning began' from settlements
on conflict do nothing;--> statement-breakpoint
-- claim_stats was dropped and recreated empty by 0001/0002: recount it from the claims. On a new database
-- the function does not exist yet (db/sql is applied after the migrations) and there is nothing to count.
do $$
begin
  if exists (select 1 from pg_proc where proname = 'claim_stats_rebuild') then
    perform claim_stats_rebuild(id) from settlements;
  end if;
end $$;
