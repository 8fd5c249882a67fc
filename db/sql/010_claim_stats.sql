-- Claim aggregates for the administrators' dashboard (lib/dashboard/). Counting 10M claims on every
-- page view is too slow for a p95 of 300 ms, so statement-level triggers keep one row per
-- (settlement, local day, status, tier, channel, late) up to date inside the writer's transaction.
--
-- Why statement-level with transition tables: a bulk import or a `verify` run that touches a million
-- claims fires the trigger once and aggregates the changed rows in one GROUP BY, instead of a million
-- single-row upserts. Updates that change none of the counted columns net to zero and touch nothing.
--
-- "day" is the calendar day of submitted_at in the settlement's time zone (config.dates.timeZone), the
-- day the administrator reports. If the time zone of a settlement ever changes, run
-- `select claim_stats_rebuild('<settlement id>')`.
--
-- Keys are upserted in sorted order so that concurrent bulk statements lock rows in the same order.
--
-- Why shards: every web claim of a day lands on the same (day, received, nationwide, web) row, and its
-- row lock is held until the claim's transaction commits, so concurrent intake queued behind one row
-- (bench/intake: 410 claims/s with one row, far more without). Each connection writes its own shard
-- (backend pid mod 16); readers sum the shards.
--
-- The table itself is in db/schema/claims.ts (claimStats) and created by the migrations; this file holds
-- only the functions and triggers. Units are integers (bigint), like claims.units.
--
-- Idempotent: applied by migrateDb after the drizzle migrations on every start.

-- Each settlement's time zone, read once per statement. Joining settlements and reading
-- config -> 'dates' ->> 'timeZone' per changed row detoasted the whole (large) config jsonb for every row:
-- that was 1.6 of the 4.2 s of a 20,000-claim UPDATE in batch verification (docs/benchmarks.md). PL/pgSQL
-- is never inlined into the caller's query, so the extraction runs once per settlement, not per row.
create or replace function settlement_time_zones() returns table (id uuid, tz text) language plpgsql stable as $$
begin
  return query select s.id, s.config -> 'dates' ->> 'timeZone' from settlements s;
end $$;

create or replace function claim_stats_on_insert() returns trigger language plpgsql as $$
begin
  insert into claim_stats as cs (settlement_id, day, status, tier, channel, late, claims, units, unitless, shard)
  select n.settlement_id, (n.submitted_at at time zone s.tz)::date, n.status, n.tier,
         n.channel, n.late, count(*), coalesce(sum(n.units), 0), count(*) filter (where n.units is null), pg_backend_pid() % 16
  from claim_stats_new n join settlement_time_zones() s on s.id = n.settlement_id
  group by 1, 2, 3, 4, 5, 6
  order by 1, 2, 3, 4, 5, 6
  on conflict (settlement_id, day, status, tier, channel, late, shard) do update
    set claims = cs.claims + excluded.claims, units = cs.units + excluded.units, unitless = cs.unitless + excluded.unitless;
  return null;
end $$;

create or replace function claim_stats_on_delete() returns trigger language plpgsql as $$
begin
  -- A settlement being deleted cascades to its claims: the join finds no settlement and claim_stats
  -- rows go with the settlement by their own foreign key.
  insert into claim_stats as cs (settlement_id, day, status, tier, channel, late, claims, units, unitless, shard)
  select o.settlement_id, (o.submitted_at at time zone s.tz)::date, o.status, o.tier,
         o.channel, o.late, -count(*), -coalesce(sum(o.units), 0), -count(*) filter (where o.units is null), pg_backend_pid() % 16
  from claim_stats_old o join settlement_time_zones() s on s.id = o.settlement_id
  group by 1, 2, 3, 4, 5, 6
  order by 1, 2, 3, 4, 5, 6
  on conflict (settlement_id, day, status, tier, channel, late, shard) do update
    set claims = cs.claims + excluded.claims, units = cs.units + excluded.units, unitless = cs.unitless + excluded.unitless;
  return null;
end $$;

create or replace function claim_stats_on_update() returns trigger language plpgsql as $$
begin
  insert into claim_stats as cs (settlement_id, day, status, tier, channel, late, claims, units, unitless, shard)
  select x.settlement_id, (x.submitted_at at time zone s.tz)::date, x.status, x.tier,
         x.channel, x.late, sum(x.claims), sum(x.units), sum(x.unitless), pg_backend_pid() % 16
  from (
    select n.settlement_id, n.submitted_at, n.status, n.tier, n.channel, n.late,
           1 as claims, coalesce(n.units, 0) as units, (n.units is null)::int as unitless
    from claim_stats_new n
    union all
    select o.settlement_id, o.submitted_at, o.status, o.tier, o.channel, o.late,
           -1, -coalesce(o.units, 0), -((o.units is null)::int)
    from claim_stats_old o
  ) x
  join settlement_time_zones() s on s.id = x.settlement_id
  group by 1, 2, 3, 4, 5, 6
  -- Updates that change no counted column (fraud scores, reasons…) net to zero and touch nothing.
  having sum(x.claims) <> 0 or sum(x.units) <> 0 or sum(x.unitless) <> 0
  order by 1, 2, 3, 4, 5, 6
  on conflict (settlement_id, day, status, tier, channel, late, shard) do update
    set claims = cs.claims + excluded.claims, units = cs.units + excluded.units, unitless = cs.unitless + excluded.unitless;
  return null;
end $$;

drop trigger if exists claim_stats_ins on claims;
create trigger claim_stats_ins after insert on claims
  referencing new table as claim_stats_new for each statement execute function claim_stats_on_insert();
drop trigger if exists claim_stats_del on claims;
create trigger claim_stats_del after delete on claims
  referencing old table as claim_stats_old for each statement execute function claim_stats_on_delete();
drop trigger if exists claim_stats_upd on claims;
create trigger claim_stats_upd after update on claims
  referencing old table as claim_stats_old new table as claim_stats_new for each statement execute function claim_stats_on_update();

-- Recomputes one settlement's aggregates from the claims (after a time-zone change, or to check them).
create or replace function claim_stats_rebuild(sid uuid) returns void language plpgsql as $$
begin
  delete from claim_stats where settlement_id = sid;
  insert into claim_stats (settlement_id, day, status, tier, channel, late, claims, units, unitless)
  select c.settlement_id, (c.submitted_at at time zone s.tz)::date, c.status, c.tier,
         c.channel, c.late, count(*), coalesce(sum(c.units), 0), count(*) filter (where c.units is null)
  from claims c join settlement_time_zones() s on s.id = c.settlement_id
  where c.settlement_id = sid
  group by 1, 2, 3, 4, 5, 6;
end $$;
