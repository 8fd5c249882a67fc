-- Issue 6, before the generated migration. Older installations created claim_stats and three
-- indexes from db/sql on every start; they now live in db/schema and the generated migration creates them,
-- so the old copies go first. claim_stats holds only aggregates: 0003 rebuilds it from the claims.
-- "paid" leaves the claim status enum (a payment will carry it): nothing wrote it, but a hand-edited row
-- becomes approved rather than failing the enum change. These updates run while claim_stats still exists,
-- because the claims triggers write to it.
update claims set status = 'approved' where status = 'paid';--> statement-breakpoint
update claim_events set status = 'approved' where status = 'paid';--> statement-breakpoint
-- claim_events and deficiencies get foreign keys to claims: rows whose claim is gone (the demo reset left
-- some) would make the constraint fail.
delete from claim_events e where not exists (select 1 from claims c where c.id = e.claim_pk);--> statement-breakpoint
delete from deficiencies d where not exists (select 1 from claims c where c.id = d.claim_pk);--> statement-breakpoint
drop table if exists claim_stats;--> statement-breakpoint
drop index if exists deficiencies_open_idx;--> statement-breakpoint
drop index if exists opt_outs_submitted_idx;--> statement-breakpoint
drop index if exists objections_submitted_idx;
