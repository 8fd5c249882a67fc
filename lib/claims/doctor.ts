import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';

/**
 * `fairshare doctor`: do the numbers agree? Each check is one set-based query that lists what
 * disagrees (at most LIMIT examples, and the full count). Read-only; safe on a live database.
 *
 * - claim_stats equals a direct count of the claims (per settlement, day, status, tier, channel, late:
 *   claims, units, claims without units) — the dashboard and the declaration read claim_stats;
 * - a claim is deficient exactly when it has an open deficiency;
 * - every claim has its intake audit row: `claim.file` for the claim, or — for a claim imported from a
 *   file (it has a claim_ref) — the settlement's `claims.import` row, which audits the whole file;
 * - the claim's status is the last step of its timeline, and its tier/units/match are its newest
 *   verification's;
 * - no history row (timeline, deficiency, verification, decision) belongs to a missing claim or to a
 *   claim of another settlement (the foreign keys cannot see the second).
 */

export type DoctorCheck = { name: string; ok: boolean; count: number; examples: string[] };
export type DoctorReport = { ok: boolean; settlement: string | null; checks: DoctorCheck[] };

const LIMIT = 20;

const inSettlement = (col: SQL, sid: string | null) => (sid ? sql`${col} = ${sid}` : sql`true`);

const CHECKS: { name: string; build: (sid: string | null) => SQL; describe: (r: Record<string, unknown>) => string }[] = [
  {
    name: 'claim_stats agrees with the claims',
    build: (sid) => sql`
      with direct as (
        select c.settlement_id, (c.submitted_at at time zone (s.config -> 'dates' ->> 'timeZone'))::date as day, c.status::text as status, c.tier,
               c.channel::text as channel, c.late, count(*)::bigint as claims, coalesce(sum(c.units), 0)::bigint as units,
               count(*) filter (where c.units is null)::bigint as unitless
        from claims c join settlements s on s.id = c.settlement_id
        where ${inSettlement(sql`c.settlement_id`, sid)}
        group by 1, 2, 3, 4, 5, 6
      ), stats as (
        select settlement_id, day, status::text as status, tier, channel::text as channel, late,
               sum(claims)::bigint as claims, sum(units)::bigint as units, sum(unitless)::bigint as unitless
        from claim_stats where ${inSettlement(sql`settlement_id`, sid)}
        group by 1, 2, 3, 4, 5, 6
        having sum(claims) <> 0 or sum(units) <> 0 or sum(unitless) <> 0
      )
      select coalesce(d.settlement_id, t.settlement_id)::text as settlement_id, to_char(coalesce(d.day, t.day), 'YYYY-MM-DD') as day,
             coalesce(d.status, t.status) as status, coalesce(d.tier, t.tier) as tier, coalesce(d.channel, t.channel) as channel, coalesce(d.late, t.late) as late,
             coalesce(d.claims, 0) as direct_claims, coalesce(t.claims, 0) as stats_claims,
             coalesce(d.units, 0) as direct_units, coalesce(t.units, 0) as stats_units,
             coalesce(d.unitless, 0) as direct_unitless, coalesce(t.unitless, 0) as stats_unitless
      from direct d full outer join stats t
        on t.settlement_id = d.settlement_id and t.day = d.day and t.status = d.status and t.tier = d.tier and t.channel = d.channel and t.late = d.late
      where coalesce(d.claims, 0) <> coalesce(t.claims, 0) or coalesce(d.units, 0) <> coalesce(t.units, 0) or coalesce(d.unitless, 0) <> coalesce(t.unitless, 0)`,
    describe: (r) =>
      `${r.day} ${r.status}/${r.tier}/${r.channel}${r.late ? '/late' : ''}: claims ${r.direct_claims} counted, ${r.stats_claims} in claim_stats; units ${r.direct_units} vs ${r.stats_units}; without units ${r.direct_unitless} vs ${r.stats_unitless}`,
  },
  {
    name: 'deficient claims are exactly those with an open deficiency',
    build: (sid) => sql`
      select c.claim_id, c.status::text as status, count(d.id) as open
      from claims c left join deficiencies d on d.claim_pk = c.id and d.cured_at is null
      where ${inSettlement(sql`c.settlement_id`, sid)}
      group by c.id, c.claim_id, c.status
      having (c.status = 'deficient') <> (count(d.id) > 0)`,
    describe: (r) => (r.status === 'deficient' ? `${r.claim_id} is deficient but has no open deficiency` : `${r.claim_id} is ${r.status} but has ${r.open} open deficienc${Number(r.open) === 1 ? 'y' : 'ies'}`),
  },
  {
    name: 'every claim has its intake audit row',
    build: (sid) => sql`
      select c.claim_id, c.claim_ref is not null as imported
      from claims c
      where ${inSettlement(sql`c.settlement_id`, sid)}
        and not exists (select 1 from audit_log a where a.target_type = 'claim' and a.target_id = c.claim_id and a.action = 'claim.file' and a.settlement_id = c.settlement_id)
        and not (c.claim_ref is not null and exists (select 1 from audit_log a where a.settlement_id = c.settlement_id and a.action = 'claims.import'))`,
    describe: (r) => `${r.claim_id} has no ${r.imported ? 'claims.import' : 'claim.file'} audit row`,
  },
  {
    name: "a claim's status is the last step of its timeline",
    build: (sid) => sql`
      select c.claim_id, c.status::text as status, e.status::text as last
      from claims c
      left join lateral (select status from claim_events e where e.claim_pk = c.id order by e.at desc, e.id desc limit 1) e on true
      where ${inSettlement(sql`c.settlement_id`, sid)} and (e.status is null or e.status <> c.status)`,
    describe: (r) => (r.last ? `${r.claim_id} is ${r.status} but its timeline ends ${r.last}` : `${r.claim_id} has no timeline`),
  },
  {
    name: "a claim's tier and units are its newest verification's",
    build: (sid) => sql`
      select c.claim_id, c.tier, c.units, c.verification_status, v.tier as v_tier, v.units as v_units, v.status as v_status
      from claims c
      join lateral (select tier, units, status from claim_verifications v where v.claim_pk = c.id order by v.id desc limit 1) v on true
      where ${inSettlement(sql`c.settlement_id`, sid)}
        and (c.tier <> v.tier or c.units is distinct from v.units or c.verification_status <> v.status)`,
    describe: (r) => `${r.claim_id} says ${r.tier}/${r.units ?? '-'} units (${r.verification_status}); its newest verification says ${r.v_tier}/${r.v_units ?? '-'} (${r.v_status})`,
  },
  {
    name: 'no orphaned or cross-settlement history rows',
    build: (sid) => sql`
      select t.tbl, t.id, t.claim_pk
      from (
        select 'claim_events' as tbl, id, claim_pk, settlement_id from claim_events
        union all select 'deficiencies', id, claim_pk, settlement_id from deficiencies
        union all select 'claim_verifications', id, claim_pk, settlement_id from claim_verifications
        union all select 'claim_decisions', id, claim_pk, settlement_id from claim_decisions
      ) t
      left join claims c on c.id = t.claim_pk
      where ${inSettlement(sql`t.settlement_id`, sid)} and (c.id is null or c.settlement_id <> t.settlement_id)`,
    describe: (r) => `${r.tbl} row ${r.id} points at claim_pk ${r.claim_pk}, which is missing or in another settlement`,
  },
];

export async function runDoctor(db: Queryable, settlement: { id: string; slug: string } | null): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const sid = settlement?.id ?? null;
  for (const c of CHECKS) {
    const [{ n }] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from (${c.build(sid)}) x`));
    const count = Number(n);
    const examples = count ? rowsOf<Record<string, unknown>>(await db.execute(sql`${c.build(sid)} limit ${LIMIT}`)).map(c.describe) : [];
    checks.push({ name: c.name, ok: count === 0, count, examples });
  }
  return { ok: checks.every((c) => c.ok), settlement: settlement?.slug ?? null, checks };
}
