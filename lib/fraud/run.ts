import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { pgArray, rowsOf } from '@/db/client';
import { claimSignals, fraudRuns } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_INTAKE, CLAIM_PAYMENT, CLAIM_PII, type ClaimPii, type IntakeMeta, type PaymentDetails } from '@/lib/claims/seal';
import { decryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { clusterClaims, type Edge, type LinkKind } from './cluster';
import { IP_BURST_WINDOW_MINUTES } from './rules/ip-burst';
import { rulesetVersion, scoreClaim } from './score';
import { claimSignalValues } from './signals';
import type { FraudFacts, RuleHit } from './types';

/**
 * `fairshare fraud score` (docs/decisions/0019-fraud-scoring.md). A run goes through four stages, each
 * committed with the run's progress so an interrupted run resumes where it stopped:
 *
 *  1. signals  — claims without claim_signals (imported, or filed before) get them, a page at a time;
 *  2. features — ONE set-based statement (window functions over the keyed hashes) counts, for every claim,
 *                the claims sharing its payout destination, e-mail, phone, record, device, building,
 *                and those from its network within the burst window; only claims sharing something get a row;
 *  3. clusters — union-find over the strong shared identifiers of those claims;
 *  4. score    — the rules, a page of claims at a time (keyset on claims.id): each claim's result is
 *                compared with the one it carries, and only a changed result is written (a claim_fraud row
 *                for this run and the mirror on the claim row), so a second run with nothing changed
 *                writes nothing but its run row. A claim's fraud_run_id always names the run that holds
 *                its current result and evidence.
 *
 * Memory is flat in the settlement's size: pages of claims, and the union-find over claims that share
 * a strong identifier only.
 */

export type FraudRunOptions = {
  actor: string;
  pageSize?: number;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => Promise<void> | void;
  /** Tests: stop after this many score pages, as a crash would (the run stays `running`). */
  stopAfterPages?: number;
  /** Filled with the seconds each stage took (bench/fraud.ts prints them). */
  timings?: Record<string, number>;
};

export type FraudCounts = {
  settlement: string;
  runId: string;
  rulesetVersion: string;
  configVersion: number;
  resumed: boolean;
  finished: boolean;
  signalsComputed: number;
  claimsScored: number;
  /** Claims whose result changed in this run (a claim_fraud row was written). */
  changed: number;
  byAction: Record<string, number>;
  byReason: Record<string, number>;
  clusters: { count: number; largest: number; claims: number };
};

type Stage = 'signals' | 'features' | 'clusters' | 'score';
type Progress = { stage: Stage; after: number; changed: number; signals: number };

export async function runFraudScoring(db: Db, settlement: Settlement, opts: FraudRunOptions): Promise<FraudCounts> {
  const sid = settlement.id;
  const version = rulesetVersion();
  const key = await settlementKey(db, sid);
  const now = opts.now ?? new Date();

  // Resume the settlement's unfinished run under the same rules and configuration, or start one.
  const [open] = await db
    .select()
    .from(fraudRuns)
    .where(and(eq(fraudRuns.settlementId, sid), eq(fraudRuns.status, 'running'), eq(fraudRuns.rulesetVersion, version), eq(fraudRuns.configVersion, settlement.configVersion)))
    .orderBy(desc(fraudRuns.startedAt))
    .limit(1);
  if (!open) {
    // An unfinished run under other rules or another configuration cannot be resumed: it is superseded.
    const stale = await db
      .update(fraudRuns)
      .set({ status: 'failed', error: 'superseded by a run under other rules or configuration', finishedAt: now })
      .where(and(eq(fraudRuns.settlementId, sid), eq(fraudRuns.status, 'running')))
      .returning({ id: fraudRuns.id });
    for (const r of stale) await db.execute(sql`delete from fraud_features where run_id = ${r.id}`);
  }
  const run = open ?? (await db.insert(fraudRuns).values({ settlementId: sid, rulesetVersion: version, configVersion: settlement.configVersion, actor: opts.actor, startedAt: now, progress: { stage: 'signals', after: 0, changed: 0, signals: 0 } }).returning())[0];
  const progress: Progress = { stage: 'signals', after: 0, changed: 0, signals: 0, ...(run.progress as Partial<Progress> | null) };
  const saveProgress = (tx: Queryable, scored = 0) =>
    tx
      .update(fraudRuns)
      .set({ progress: { ...progress }, claimsScored: sql`${fraudRuns.claimsScored} + ${scored}` })
      .where(eq(fraudRuns.id, run.id));
  const aborted = () => opts.signal?.aborted ?? false;
  const timings = opts.timings ?? {};
  let lap = performance.now();
  const stageDone = (name: string) => {
    const t = performance.now();
    timings[name] = +((t - lap) / 1000).toFixed(2);
    lap = t;
  };

  try {
    if (progress.stage === 'signals') {
      progress.signals += await computeSignals(db, key, sid, opts);
      if (aborted()) return await partial(db, settlement, run.id, version, !!open, progress);
      progress.stage = 'features';
      await saveProgress(db);
      stageDone('signals');
    }
    if (progress.stage === 'features') {
      await db.transaction(async (tx) => {
        await noJit(tx);
        await computeFeatures(tx, sid, run.id);
        // Fresh rows: without statistics the planner may join them as if there were none.
        await tx.execute(sql`analyze fraud_features`);
        progress.stage = 'clusters';
        await saveProgress(tx);
      });
      stageDone('features');
    }
    if (progress.stage === 'clusters') {
      const edges = await clusterEdges(db, sid, run.id);
      const clusters = clusterClaims(edges);
      await db.transaction(async (tx) => {
        await tx.execute(sql`delete from fraud_clusters where run_id = ${run.id}`);
        for (let i = 0; i < clusters.length; i += 5000) {
          const page = clusters.slice(i, i + 5000);
          await tx.execute(sql`
            insert into fraud_clusters (run_id, cluster_id, settlement_id, size, links)
            select ${run.id}::uuid, v.id, ${sid}::uuid, v.size, v.links::jsonb
            from unnest(${pgArray(page.map((c) => c.clusterId))}::bigint[], ${pgArray(page.map((c) => c.members.length))}::int[], ${pgArray(page.map((c) => JSON.stringify(c.links)))}::text[]) as v(id, size, links)`);
        }
        const pks: number[] = [];
        const ids: number[] = [];
        for (const c of clusters) for (const m of c.members) (pks.push(m), ids.push(c.clusterId));
        for (let i = 0; i < pks.length; i += 20_000)
          await tx.execute(sql`
            update fraud_features f set cluster_id = v.cid
            from unnest(${pgArray(pks.slice(i, i + 20_000))}::bigint[], ${pgArray(ids.slice(i, i + 20_000))}::bigint[]) as v(pk, cid)
            where f.run_id = ${run.id} and f.claim_pk = v.pk`);
        progress.stage = 'score';
        progress.after = 0;
        await saveProgress(tx);
      });
      stageDone('clusters');
    }

    const [{ total }] = rowsOf<{ total: number }>(await db.execute(sql`select count(*)::int as total from claims where settlement_id = ${sid}`));
    const pageSize = opts.pageSize ?? 5000;
    let pages = 0;
    for (;;) {
      if (aborted() || (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages)) return await partial(db, settlement, run.id, version, !!open, progress);
      const done = await db.transaction(async (tx) => {
        await noJit(tx);
        const facts = await loadFacts(tx, sid, run.id, progress.after, pageSize);
        if (facts.length === 0) return true;
        progress.changed += await scorePage(tx, settlement, run.id, facts);
        progress.after = facts[facts.length - 1].facts.claimPk;
        await saveProgress(tx, facts.length);
        return false;
      });
      if (done) break;
      pages++;
      await opts.onProgress?.(Math.min(total, pages * pageSize), total, 'claims scored');
    }

    stageDone('score');
    const counts = await finalCounts(db, settlement, run.id, version, !!open, progress, true);
    await db.transaction(async (tx) => {
      await tx.update(fraudRuns).set({ status: 'done', finishedAt: new Date(), counts: { ...counts }, progress: { ...progress } }).where(eq(fraudRuns.id, run.id));
      await tx.execute(sql`delete from fraud_features where run_id = ${run.id}`);
      await appendAudit(tx, {
        settlementId: sid,
        actor: opts.actor,
        action: 'fraud.score',
        targetType: 'settlement',
        targetId: settlement.slug,
        details: { runId: run.id, rulesetVersion: version, configVersion: settlement.configVersion, claimsScored: counts.claimsScored, changed: counts.changed, byAction: counts.byAction, clusters: counts.clusters },
      });
    });
    stageDone('totals');
    return counts;
  } catch (e) {
    await db.update(fraudRuns).set({ status: 'failed', error: e instanceof Error ? e.message.slice(0, 500) : String(e) }).where(eq(fraudRuns.id, run.id));
    await db.execute(sql`delete from fraud_features where run_id = ${run.id}`);
    throw e;
  }
}

async function partial(db: Db, settlement: Settlement, runId: string, version: string, resumed: boolean, progress: Progress): Promise<FraudCounts> {
  await db.update(fraudRuns).set({ progress: { ...progress } }).where(eq(fraudRuns.id, runId));
  return finalCounts(db, settlement, runId, version, resumed, progress, false);
}

/**
 * PostgreSQL's JIT compiles the page query (its cost estimate is large, its work is small) for ~0.1 s a
 * page, more than the query itself: off for the run's transactions. PGlite has no JIT; the setting is harmless.
 */
async function noJit(tx: Queryable) {
  await tx.execute(sql`set local jit = off`);
}

// ---- 1. signals ------------------------------------------------------------------------------------

/** claim_signals for every claim of the settlement that has none yet (sealed data opened once per claim). */
export async function computeSignals(db: Db, key: DataKey, settlementId: string, opts: Pick<FraudRunOptions, 'signal'> = {}): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    if (opts.signal?.aborted) return total;
    const page = rowsOf<{ id: string | number; pii: string; payment: string; intake: string | null }>(
      await db.execute(sql`
        select c.id, c.pii, c.payment, c.intake from claims c
        where c.settlement_id = ${settlementId} and c.id > ${after}
          and not exists (select 1 from claim_signals s where s.claim_pk = c.id)
        order by c.id limit 2000`),
    );
    if (page.length === 0) return total;
    const rows = page.map((c) => {
      const pii = decryptJson<ClaimPii>(key, c.pii, CLAIM_PII);
      const intake = c.intake ? decryptJson<IntakeMeta>(key, c.intake, CLAIM_INTAKE) : null;
      const payment = decryptJson<PaymentDetails>(key, c.payment, CLAIM_PAYMENT);
      return { claimPk: Number(c.id), settlementId, ...claimSignalValues(key, pii, intake, payment) };
    });
    await db.insert(claimSignals).values(rows).onConflictDoNothing();
    total += rows.length;
    after = Number(page[page.length - 1].id);
  }
}

// ---- 2. features -----------------------------------------------------------------------------------

/**
 * The claims of the settlement with the keys the rules compare. The payout destination is the keyed
 * payment hash, or for a check the mailing address (street with unit, ZIP). A record counts when the
 * claim is verified to it or in conflict over it.
 */
const base = (sid: string) => sql`
  select c.id, c.submitted_at, c.email_hash, c.phone_hash, c.device_hash,
    coalesce(c.payment_hash, case when c.payment_method = 'check' and s.address_hash is not null then 'check:' || s.address_hash end) as pk,
    s.address_hash as addr, s.building_hash as bld, s.unit_hash as unit, s.ip_net_hash as net, s.ua_hash as ua,
    case when m.status in ('verified', 'conflict') then m.record_id end as rec,
    coalesce(cm.members, 1) as email_members,
    exists (select 1 from class_members pm where pm.settlement_id = c.settlement_id and s.payout_identity_hash is not null
            and (pm.email_hash = s.payout_identity_hash or pm.phone_hash = s.payout_identity_hash)) as payout_member
  from claims c
    left join claim_signals s on s.claim_pk = c.id
    left join claim_match_state m on m.claim_pk = c.id
    left join (select email_hash as eh, count(*)::int as members from class_members
               where settlement_id = ${sid} and email_hash is not null group by email_hash having count(*) > 1) cm on cm.eh = c.email_hash
  where c.settlement_id = ${sid}`;

async function computeFeatures(tx: Queryable, sid: string, runId: string): Promise<void> {
  await tx.execute(sql`delete from fraud_features where run_id = ${runId}`);
  const win = sql.raw(`interval '${IP_BURST_WINDOW_MINUTES} minutes'`);
  await tx.execute(sql`
    insert into fraud_features (run_id, claim_pk, payout_n, payout_one_address, email_n, email_rank, email_members, phone_n, phone_rank, phone_one_address,
      record_n, record_rank, record_one_payout, payout_is_member, device_n, building_n, building_units_differ, ip_window_n, ua_window_n)
    select ${runId}::uuid, y.* from (
      select x.id,
        case when pk is null then 1 else count(*) over wp end as payout_n,
        case when pk is null then true else coalesce(min(addr) over wp = max(addr) over wp and count(addr) over wp = count(*) over wp, false) end as payout_one,
        case when email_hash is null then 1 else count(*) over we end as email_n,
        case when email_hash is null then 1 else row_number() over (partition by email_hash order by submitted_at, id) end as email_rank,
        email_members,
        case when phone_hash is null then 1 else count(*) over wph end as phone_n,
        case when phone_hash is null then 1 else row_number() over (partition by phone_hash order by submitted_at, id) end as phone_rank,
        case when phone_hash is null then true else coalesce(min(addr) over wph = max(addr) over wph and count(addr) over wph = count(*) over wph, false) end as phone_one,
        case when rec is null then 1 else count(*) over wr end as record_n,
        case when rec is null then 1 else row_number() over (partition by rec order by submitted_at, id) end as record_rank,
        case when rec is null then true else coalesce(min(pk) over wr = max(pk) over wr and count(pk) over wr = count(*) over wr, false) end as record_one_payout,
        payout_member,
        case when device_hash is null then 1 else count(*) over (partition by device_hash) end as device_n,
        case when bld is null then 1 else count(*) over wb end as building_n,
        case when bld is null then false else min(coalesce(unit, '')) over wb <> max(coalesce(unit, '')) over wb end as units_differ,
        case when net is null then 1 else count(*) over (partition by net order by submitted_at range between ${win} preceding and ${win} following) end as ip_n,
        case when net is null or ua is null then 1 else count(*) over (partition by net, ua order by submitted_at range between ${win} preceding and ${win} following) end as ua_n
      from (${base(sid)}) x
      window wp as (partition by pk), we as (partition by email_hash), wph as (partition by phone_hash), wr as (partition by rec), wb as (partition by bld)
    ) y
    where y.payout_member or y.payout_n > 1 or y.email_n > 1 or y.phone_n > 1 or y.record_n > 1 or y.device_n > 1 or y.building_n > 1 or y.ip_n > 1 or y.ua_n > 1`);
}

// ---- 3. clusters -----------------------------------------------------------------------------------

/**
 * The strong ties between claims that share something: consecutive claims (by id) of each shared key.
 * A household pair (two claims, one mailing address) sharing a payout account or phone is not a tie,
 * and neither is a network or a building.
 */
async function clusterEdges(db: Db, sid: string, runId: string): Promise<Edge[]> {
  const rows = rowsOf<{ id: string | number; prev: string | number | null; kind: LinkKind }>(
    await db.execute(sql`
      with b as (
        -- Driven by the run's feature rows (the claims that share something), each joined by primary key.
        select c.id, c.email_hash, c.phone_hash, c.device_hash, f.email_members,
          coalesce(c.payment_hash, case when c.payment_method = 'check' and s.address_hash is not null then 'check:' || s.address_hash end) as pk,
          case when m.status in ('verified', 'conflict') then m.record_id end as rec,
          f.payout_n, f.payout_one_address, f.email_n, f.phone_n, f.phone_one_address, f.record_n, f.device_n
        from fraud_features f
          join claims c on c.id = f.claim_pk
          left join claim_signals s on s.claim_pk = c.id
          left join claim_match_state m on m.claim_pk = c.id
        where f.run_id = ${runId} and c.settlement_id = ${sid}
      ), keyed as (
        select id, 'payout' as kind, pk as k from b where pk is not null and (payout_n > 2 or (payout_n = 2 and not payout_one_address))
        union all select id, 'email', email_hash from b where email_n > 1 and email_n > email_members
        union all select id, 'phone', phone_hash from b where phone_n > 2 or (phone_n = 2 and not phone_one_address)
        union all select id, 'device', device_hash from b where device_n > 1
        union all select id, 'record', rec from b where record_n > 1
      )
      select id, lag(id) over (partition by kind, k order by id) as prev, kind from keyed`),
  );
  const edges: Edge[] = [];
  for (const r of rows) if (r.prev !== null) edges.push({ a: Number(r.prev), b: Number(r.id), kind: r.kind });
  return edges;
}

// ---- 4. score --------------------------------------------------------------------------------------

type Loaded = { facts: FraudFacts; clusterId: number | null; prev: { runId: string | null; score: number | null; action: string | null; reasons: string[]; clusterId: number | null; evidence: RuleHit[] | null } };

async function loadFacts(tx: Queryable, sid: string, runId: string, after: number, limit: number): Promise<Loaded[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      select c.id, c.payment_method, c.verification_status, c.honeypot, c.form_seconds,
        c.fraud_run_id, c.fraud_score, c.fraud_action, c.fraud_reasons, c.fraud_cluster_id,
        m.status as match_status, m.record_id as match_record_id,
        coalesce(s.disposable_email, false) as disposable_email, coalesce(s.payout_own, true) as payout_own,
        exists (select 1 from deficiencies d where d.claim_pk = c.id and d.code = 'ATTESTATION_UNSUPPORTED' and d.cured_at is null) as attestation_unsupported,
        f.payout_n, f.payout_one_address, f.email_n, f.email_rank, f.email_members, f.phone_n, f.phone_rank, f.phone_one_address, f.record_n, f.record_rank, f.record_one_payout, f.payout_is_member,
        f.device_n, f.building_n, f.building_units_differ, f.ip_window_n, f.ua_window_n, f.cluster_id,
        p.evidence as prev_evidence
      from claims c
        left join claim_match_state m on m.claim_pk = c.id
        left join claim_signals s on s.claim_pk = c.id
        left join fraud_features f on f.run_id = ${runId} and f.claim_pk = c.id
        left join claim_fraud p on p.run_id = c.fraud_run_id and p.claim_pk = c.id
      where c.settlement_id = ${sid} and c.id > ${after}
      order by c.id limit ${limit}`),
  );
  const n = (v: unknown, d = 1) => (v === null || v === undefined ? d : Number(v));
  const b = (v: unknown, d: boolean) => (v === null || v === undefined ? d : v === true || v === 't');
  return rows.map((r) => ({
    facts: {
      claimPk: Number(r.id),
      paymentMethod: String(r.payment_method),
      verificationStatus: String(r.verification_status),
      matchStatus: (r.match_status as string | null) ?? null,
      matchRecordId: (r.match_record_id as string | null) ?? null,
      honeypot: b(r.honeypot, false),
      formSeconds: r.form_seconds === null ? null : Number(r.form_seconds),
      disposableEmail: b(r.disposable_email, false),
      payoutOwn: b(r.payout_own, true),
      attestationUnsupported: b(r.attestation_unsupported, false),
      payoutN: n(r.payout_n),
      payoutOneAddress: b(r.payout_one_address, true),
      emailN: n(r.email_n),
      emailRank: n(r.email_rank),
      emailMembers: n(r.email_members),
      phoneN: n(r.phone_n),
      phoneRank: n(r.phone_rank),
      phoneOneAddress: b(r.phone_one_address, true),
      recordN: n(r.record_n),
      recordRank: n(r.record_rank),
      recordOnePayout: b(r.record_one_payout, true),
      payoutIsMember: b(r.payout_is_member, false),
      deviceN: n(r.device_n),
      buildingN: n(r.building_n),
      buildingUnitsDiffer: b(r.building_units_differ, false),
      ipWindowN: n(r.ip_window_n),
      uaWindowN: n(r.ua_window_n),
    },
    clusterId: r.cluster_id === null || r.cluster_id === undefined ? null : Number(r.cluster_id),
    prev: {
      runId: (r.fraud_run_id as string | null) ?? null,
      score: r.fraud_score === null ? null : Number(r.fraud_score),
      action: (r.fraud_action as string | null) ?? null,
      reasons: (r.fraud_reasons as string[] | null) ?? [],
      clusterId: r.fraud_cluster_id === null ? null : Number(r.fraud_cluster_id),
      evidence: (typeof r.prev_evidence === 'string' ? JSON.parse(r.prev_evidence) : r.prev_evidence) as RuleHit[] | null,
    },
  }));
}

const canon = (e: readonly RuleHit[] | null) => JSON.stringify((e ?? []).map((h) => [h.code, h.weight, h.evidence]));

/** Scores a page and writes the claims whose result changed. Returns how many changed. */
async function scorePage(tx: Queryable, settlement: Settlement, runId: string, page: Loaded[]): Promise<number> {
  const fraud = settlement.config.fraud;
  const out: { pk: number; score: number; action: string; reasons: string; evidence: string; cluster: number | null }[] = [];
  for (const { facts, clusterId, prev } of page) {
    const r = scoreClaim(facts, fraud);
    const same =
      prev.runId !== null &&
      prev.score === r.score &&
      prev.action === r.action &&
      prev.reasons.join(';') === r.reasons.join(';') &&
      prev.clusterId === clusterId &&
      canon(prev.evidence) === canon(r.evidence);
    if (!same) out.push({ pk: facts.claimPk, score: r.score, action: r.action, reasons: r.reasons.join(';'), evidence: JSON.stringify(r.evidence), cluster: clusterId });
  }
  if (out.length === 0) return 0;
  const pks = pgArray(out.map((o) => o.pk));
  const scores = pgArray(out.map((o) => o.score));
  const actions = pgArray(out.map((o) => o.action));
  const reasons = pgArray(out.map((o) => o.reasons));
  const clusters = pgArray(out.map((o) => o.cluster));
  await tx.execute(sql`
    insert into claim_fraud (run_id, claim_pk, score, action, reasons, evidence, cluster_id)
    select ${runId}::uuid, v.pk, v.score, v.action, coalesce(string_to_array(nullif(v.reasons, ''), ';'), '{}'::text[]), v.evidence::jsonb, v.cluster
    from unnest(${pks}::bigint[], ${scores}::int[], ${actions}::text[], ${reasons}::text[], ${pgArray(out.map((o) => o.evidence))}::text[], ${clusters}::bigint[])
      as v(pk, score, action, reasons, evidence, cluster)
    on conflict (run_id, claim_pk) do update set score = excluded.score, action = excluded.action, reasons = excluded.reasons, evidence = excluded.evidence, cluster_id = excluded.cluster_id`);
  // The claim row mirrors its newest result (what the review queue, the export and the dashboard read).
  await tx.execute(sql`
    update claims c set fraud_score = v.score, fraud_action = v.action, fraud_reasons = coalesce(string_to_array(nullif(v.reasons, ''), ';'), '{}'::text[]),
      fraud_run_id = ${runId}::uuid, fraud_cluster_id = v.cluster
    from unnest(${pks}::bigint[], ${scores}::int[], ${actions}::text[], ${reasons}::text[], ${clusters}::bigint[]) as v(pk, score, action, reasons, cluster)
    where c.id = v.pk`);
  return out.length;
}

// ---- totals ----------------------------------------------------------------------------------------

async function finalCounts(db: Db, settlement: Settlement, runId: string, version: string, resumed: boolean, progress: Progress, finished: boolean): Promise<FraudCounts> {
  const sid = settlement.id;
  const [run] = await db.select({ claimsScored: fraudRuns.claimsScored }).from(fraudRuns).where(eq(fraudRuns.id, runId));
  const byAction: Record<string, number> = { none: 0, review: 0, recommend_deny: 0 };
  const byReason: Record<string, number> = {};
  let clusters = { count: 0, largest: 0, claims: 0 };
  if (finished) {
    for (const r of rowsOf<{ a: string; n: number }>(await db.execute(sql`select coalesce(fraud_action, 'none') as a, count(*)::int as n from claims where settlement_id = ${sid} group by 1`)))
      byAction[r.a] = (byAction[r.a] ?? 0) + r.n;
    for (const r of rowsOf<{ r: string; n: number }>(
      await db.execute(sql`select r, count(*)::int as n from claims c, unnest(c.fraud_reasons) as r where c.settlement_id = ${sid} and c.fraud_reasons <> '{}' group by r order by 2 desc`),
    ))
      byReason[r.r] = r.n;
    const [c] = rowsOf<{ count: number; largest: number | null; claims: number | null }>(
      await db.execute(sql`select count(*)::int as count, max(size)::int as largest, sum(size)::int as claims from fraud_clusters where run_id = ${runId}`),
    );
    clusters = { count: c.count, largest: c.largest ?? 0, claims: c.claims ?? 0 };
  }
  return {
    settlement: settlement.slug,
    runId,
    rulesetVersion: version,
    configVersion: settlement.configVersion,
    resumed,
    finished,
    signalsComputed: progress.signals,
    claimsScored: run?.claimsScored ?? 0,
    changed: progress.changed,
    byAction,
    byReason,
    clusters,
  };
}
