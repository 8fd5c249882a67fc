import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { pgArray, rowsOf } from '@/db/client';
import { claimMatchState, claims, verificationRuns } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { DEFICIENCY_SUMMARY, mismatchMessage, unsupportedMessage } from '@/lib/claims/assess';
import { UNPAYABLE_STATUSES, type ClaimStatus } from '@/lib/claims/lifecycle';
import { CLAIM_PII, type ClaimPii } from '@/lib/claims/seal';
import { moveClaims, recordVerifications, type Verification } from '@/lib/claims/transition';
import { CLASS_PII } from '@/lib/classlist/members';
import { decryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { addDays, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { nameAddressScores, type NameAddress } from './fuzzy';
import { claimIdentifierRows, replaceClaimIdentifiers } from './identifiers';
import { oneMemberOnePayment, pickMatch, type Candidate, type Evidence, type MatchReview, type MatchStatus, type PickResult } from './pick-match';
import { ZIP_BLOCK_LIMIT } from './match';
import { STORED_STATUS } from './status';
import { decideTier, requestedTier } from './tier';

/**
 * `fairshare verify`: every claim that is new or changed since the last run, set-based. Candidates come
 * from SQL joins of claim_identifiers to class_members on the hash columns, a page of claims at a time
 * (keyset on claims.id); the choice is pickMatch (pure, shared with intake and cure); results are
 * written in bulk, and only where they changed, through lib/claims/transition.ts. Idempotent and
 * resumable: a claim's state (claim_match_state) is updated with its result in the page's
 * transaction, so a re-run after a crash starts where it stopped, and a second run finds nothing to do.
 */

export type VerifyOptions = {
  actor: string;
  /** Every live claim, not only those new or changed. */
  all?: boolean;
  pageSize?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => Promise<void> | void;
  signal?: AbortSignal;
};

export type VerifyCounts = {
  settlement: string;
  configVersion: number;
  /** Claims looked at (dirty ones plus the other holders of the records they touch). */
  checked: number;
  /** Claims whose verification changed (a claim_verifications row was written). */
  changed: number;
  backfilled: number;
  byStatus: Record<MatchStatus, number>;
  byTier: Record<string, number>;
};

const LIVE = sql`${claims.status} not in ('denied', 'withdrawn')`;

export async function runVerification(db: Db, settlement: Settlement, opts: VerifyOptions): Promise<VerifyCounts> {
  const now = opts.now ?? new Date();
  const key = await settlementKey(db, settlement.id);
  const [prev] = await db
    .select({ startedAt: verificationRuns.startedAt })
    .from(verificationRuns)
    .where(and(eq(verificationRuns.settlementId, settlement.id), isNotNull(verificationRuns.finishedAt)))
    .orderBy(desc(verificationRuns.id))
    .limit(1);
  const [run] = await db.insert(verificationRuns).values({ settlementId: settlement.id, configVersion: settlement.configVersion, actor: opts.actor, startedAt: now }).returning();

  const backfilled = await backfillIdentifiers(db, key, settlement.id, now);
  const dirty = await dirtyClaims(db, settlement, prev?.startedAt ?? null, opts.all ?? false);
  const counts: VerifyCounts = { settlement: settlement.slug, configVersion: settlement.configVersion, checked: 0, changed: 0, backfilled, byStatus: { verified: 0, probable: 0, not_found: 0, conflict: 0 }, byTier: {} };
  const pageSize = opts.pageSize ?? 20_000;
  await opts.onProgress?.(0, dirty.length);
  for (let i = 0; i < dirty.length; i += pageSize) {
    if (opts.signal?.aborted) break;
    const page = dirty.slice(i, i + pageSize);
    await db.transaction(async (tx) => {
      // One page at a time per settlement: two runs (or a run and intake) never decide the same record at once.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`verify:${settlement.id}`}))`);
      const r = await verifyPage(tx, key, settlement, page, opts.actor, now);
      counts.checked += r.checked;
      counts.changed += r.changed;
    });
    await opts.onProgress?.(Math.min(i + pageSize, dirty.length), dirty.length);
  }
  // Counts by status and tier of the whole settlement's live claims, as the run leaves them.
  const summary = rowsOf<{ status: string | null; tier: string; n: number }>(
    await db.execute(sql`select s.status, c.tier, count(*)::int as n from claims c left join claim_match_state s on s.claim_pk = c.id
      where c.settlement_id = ${settlement.id} and c.status not in ('denied', 'withdrawn') group by 1, 2`),
  );
  for (const r of summary) {
    if (r.status) counts.byStatus[r.status as MatchStatus] = (counts.byStatus[r.status as MatchStatus] ?? 0) + r.n;
    counts.byTier[r.tier] = (counts.byTier[r.tier] ?? 0) + r.n;
  }
  const finished = !opts.signal?.aborted;
  await db.transaction(async (tx) => {
    if (finished) await tx.update(verificationRuns).set({ finishedAt: new Date(), counts }).where(eq(verificationRuns.id, run.id));
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: opts.actor,
      action: 'claims.verify',
      targetType: 'settlement',
      targetId: settlement.slug,
      details: { checked: counts.checked, changed: counts.changed, backfilled, byStatus: counts.byStatus, configVersion: settlement.configVersion, finished },
    });
  });
  return counts;
}

/**
 * Claims that have no identifiers yet (filed before claim_identifiers existed, or loaded by a path
 * that does not write them): their sealed pii is opened and their identifiers written. Migration-safe:
 * it only adds rows, a page at a time.
 */
export async function backfillIdentifiers(db: Db, key: DataKey, settlementId: string, now: Date): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const page = await db
      .select({ id: claims.id, pii: claims.pii, noticeId: claims.noticeId, channel: claims.channel, attributes: claims.attributes })
      .from(claims)
      .leftJoin(claimMatchState, eq(claimMatchState.claimPk, claims.id))
      .where(and(eq(claims.settlementId, settlementId), isNull(claimMatchState.claimPk), gt(claims.id, after)))
      .orderBy(claims.id)
      .limit(2000);
    if (page.length === 0) return total;
    const rows = page.flatMap((c) =>
      claimIdentifierRows(key, {
        claimPk: c.id,
        settlementId,
        pii: decryptJson<ClaimPii>(key, c.pii, CLAIM_PII),
        // A Notice ID on a claim is proven only when intake matched by it (a typed one proves nothing).
        provenNoticeId: c.noticeId && c.attributes?.matched_via === 'notice' ? c.noticeId : null,
      }),
    );
    await db.transaction((tx) => replaceClaimIdentifiers(tx, settlementId, page.map((c) => c.id), rows, now));
    total += page.length;
    after = page[page.length - 1].id;
  }
}

/** Live claims new or changed since the last run, in claims.id order (every live claim with `all`). */
async function dirtyClaims(db: Db, settlement: Settlement, watermark: Date | null, all: boolean): Promise<number[]> {
  const sid = settlement.id;
  if (all) {
    const rows = await db.select({ id: claims.id }).from(claims).where(and(eq(claims.settlementId, sid), LIVE)).orderBy(claims.id);
    return rows.map((r) => r.id);
  }
  const changedRecords = watermark
    ? sql`union
      select ci.claim_pk from class_members m
        join claim_identifiers ci on ci.settlement_id = m.settlement_id and ci.hash = m.email_hash and ci.kind = 'email'
        where m.settlement_id = ${sid} and m.updated_at > ${watermark.toISOString()}::timestamptz
      union
      select ci.claim_pk from class_members m
        join claim_identifiers ci on ci.settlement_id = m.settlement_id and ci.hash = m.phone_hash and ci.kind = 'phone'
        where m.settlement_id = ${sid} and m.updated_at > ${watermark.toISOString()}::timestamptz
      union
      select ci.claim_pk from class_members m
        join claim_identifiers ci on ci.settlement_id = m.settlement_id and ci.hash = m.username_hash and ci.kind = 'username'
        where m.settlement_id = ${sid} and m.updated_at > ${watermark.toISOString()}::timestamptz
      union
      select ci.claim_pk from class_members m
        join claim_identifiers ci on ci.settlement_id = m.settlement_id and ci.hash = m.zip_hash and ci.kind = 'zip'
        where m.settlement_id = ${sid} and m.updated_at > ${watermark.toISOString()}::timestamptz`
    : sql``;
  const rows = rowsOf<{ id: string | number }>(
    await db.execute(sql`
      select d.id from (
        select s.claim_pk as id from claim_match_state s
          left join class_members m on m.settlement_id = s.settlement_id and m.record_id = s.record_id
          where s.settlement_id = ${sid}
            and (s.verified_at is null or s.identifiers_at > s.verified_at or s.config_version is distinct from ${settlement.configVersion}
                 or m.updated_at > s.verified_at)
        ${changedRecords}
      ) d join claims c on c.id = d.id and c.status not in ('denied', 'withdrawn')
      order by d.id`),
  );
  return rows.map((r) => Number(r.id));
}

export type ClaimRowForVerify = {
  id: number;
  claimId: string;
  status: ClaimStatus;
  tier: string;
  units: number | null;
  verificationStatus: string;
  matchedRecordId: string | null;
  configVersion: number | null;
  attestations: string[];
  pii: string;
};

/**
 * pickMatch for a set of claims: strong candidates for all, then name + address (ZIP-blocked, pii
 * opened only for those candidates) for the claims no strong identifier found.
 */
export async function pickForClaims(tx: Queryable, key: DataKey, settlementId: string, rows: ClaimRowForVerify[]): Promise<Map<number, PickResult>> {
  if (rows.length === 0) return new Map();
  const cands = new Map<number, Candidate[]>();
  const add = (pk: number, c: Candidate) => {
    const list = cands.get(pk);
    if (list) list.push(c);
    else cands.set(pk, [c]);
  };
  // The page's keys travel as one array parameter (pgArray), whatever the page size.
  const pkList = pgArray(rows.map((r) => r.id));
  // Each branch filters claim_identifiers by its primary key (claim_pk, kind, …) and probes class_members' hash index.
  const mine = (kind: Evidence, list: string) => sql`ci.settlement_id = ${settlementId} and ci.kind = ${sql.raw(`'${kind}'`)} and ci.claim_pk = any(${list}::bigint[])`;
  const strong = rowsOf<{ claim_pk: string | number; record_id: string; kind: Evidence }>(
    await tx.execute(sql`
      select ci.claim_pk, m.record_id, ci.kind from claim_identifiers ci
        join class_members m on m.settlement_id = ci.settlement_id and m.email_hash = ci.hash where ${mine('email', pkList)}
      union all
      select ci.claim_pk, m.record_id, ci.kind from claim_identifiers ci
        join class_members m on m.settlement_id = ci.settlement_id and m.phone_hash = ci.hash where ${mine('phone', pkList)}
      union all
      select ci.claim_pk, m.record_id, ci.kind from claim_identifiers ci
        join class_members m on m.settlement_id = ci.settlement_id and m.username_hash = ci.hash where ${mine('username', pkList)}
      union all
      select ci.claim_pk, m.record_id, ci.kind from claim_identifiers ci
        join class_members m on m.settlement_id = ci.settlement_id and m.notice_id = ci.hash where ${mine('notice', pkList)}`),
  );
  for (const r of strong) add(Number(r.claim_pk), { recordId: r.record_id, matched: [r.kind] });

  // Name + address only where no strong identifier found anyone: candidates share the claim's ZIP.
  const weak = new Map(rows.filter((r) => !cands.has(r.id)).map((r) => [r.id, r]));
  if (weak.size) {
    const weakList = pgArray([...weak.keys()]);
    const found = rowsOf<{ claim_pk: string | number; record_id: string; kind: Evidence; pii: string }>(
      await tx.execute(sql`
        select ci.claim_pk, m.record_id, ci.kind, m.pii from claim_identifiers ci
          join class_members m on m.settlement_id = ci.settlement_id and m.name_zip_hash = ci.hash where ${mine('name_zip', weakList)}
        union all
        select ci.claim_pk, m.record_id, ci.kind, m.pii from claim_identifiers ci
          join class_members m on m.settlement_id = ci.settlement_id and m.address_hash = ci.hash where ${mine('address', weakList)}
        union all
        select ci.claim_pk, b.record_id, ci.kind, b.pii from claim_identifiers ci
          cross join lateral (select m.record_id, m.pii from class_members m
            where m.settlement_id = ci.settlement_id and m.zip_hash = ci.hash order by m.record_id limit ${ZIP_BLOCK_LIMIT}) b
          where ${mine('zip', weakList)}`),
    );
    const claimPii = new Map<number, ClaimPii>();
    const recordPii = new Map<string, NameAddress>();
    const streets = new Map<string, string>();
    for (const r of found) {
      const pk = Number(r.claim_pk);
      let c = claimPii.get(pk);
      if (!c) {
        c = decryptJson<ClaimPii>(key, weak.get(pk)!.pii, CLAIM_PII);
        claimPii.set(pk, c);
      }
      let m = recordPii.get(r.record_id);
      if (!m) {
        m = decryptJson<NameAddress>(key, r.pii, CLASS_PII);
        recordPii.set(r.record_id, m);
      }
      add(pk, { recordId: r.record_id, matched: [r.kind], ...nameAddressScores(c, m, streets) });
    }
  }

  const reviews = new Map<number, MatchReview[]>();
  const rv = rowsOf<{ claim_pk: string | number; record_id: string; decision: MatchReview['decision'] }>(
    await tx.execute(sql`select claim_pk, record_id, decision from match_reviews where claim_pk = any(${pkList}::bigint[])`),
  );
  for (const r of rv) {
    const pk = Number(r.claim_pk);
    reviews.set(pk, [...(reviews.get(pk) ?? []), { recordId: r.record_id, decision: r.decision }]);
  }
  return new Map(rows.map((r) => [r.id, pickMatch({ candidates: cands.get(r.id) ?? [], reviews: reviews.get(r.id) })]));
}

const claimColumns = {
  id: claims.id,
  claimId: claims.claimId,
  status: claims.status,
  tier: claims.tier,
  units: claims.units,
  verificationStatus: claims.verificationStatus,
  matchedRecordId: claims.matchedRecordId,
  configVersion: claims.configVersion,
  attestations: claims.attestations,
  pii: claims.pii,
};

export async function loadClaims(tx: Queryable, settlementId: string, pks: number[]): Promise<ClaimRowForVerify[]> {
  if (pks.length === 0) return [];
  return tx
    .select(claimColumns)
    .from(claims)
    .where(and(eq(claims.settlementId, settlementId), sql`${claims.id} = any(${pgArray(pks)}::bigint[])`, LIVE))
    .orderBy(claims.id);
}

/** Live claims holding (verified to, or in conflict over) one of these records, other than `except`. */
async function holdersOf(tx: Queryable, settlementId: string, records: string[], except: Set<number>): Promise<number[]> {
  if (records.length === 0) return [];
  const rows = rowsOf<{ id: string | number }>(
    await tx.execute(sql`
      select distinct s.claim_pk as id from claim_match_state s join claims c on c.id = s.claim_pk and c.status not in ('denied', 'withdrawn')
      where s.settlement_id = ${settlementId} and s.record_id = any(${pgArray(records)}::text[]) and s.status in ('verified', 'conflict')`),
  );
  return rows.map((r) => Number(r.id)).filter((id) => !except.has(id));
}

/** Verifies these claims now, in the caller's transaction (a reviewer's decision, a page of the batch). */
export async function verifyClaimsNow(tx: Queryable, key: DataKey, settlement: Settlement, pks: number[], actor: string, now: Date) {
  return verifyPage(tx, key, settlement, pks, actor, now);
}

async function verifyPage(tx: Queryable, key: DataKey, settlement: Settlement, pks: number[], actor: string, now: Date): Promise<{ checked: number; changed: number }> {
  const sid = settlement.id;
  // The page, plus every other claim holding a record the page's claims held or now match (one member, one payment).
  const rows: ClaimRowForVerify[] = await loadClaims(tx, sid, pks);
  const inSet = new Set(rows.map((r) => r.id));
  const picks = await pickForClaims(tx, key, sid, rows);
  let frontier = rows;
  for (let round = 0; round < 4 && frontier.length; round++) {
    const touched = new Set<string>();
    for (const r of frontier) {
      if (r.matchedRecordId) touched.add(r.matchedRecordId);
      const p = picks.get(r.id);
      if (p?.recordId) touched.add(p.recordId);
    }
    const more = await loadClaims(tx, sid, await holdersOf(tx, sid, [...touched], inSet));
    for (const r of more) inSet.add(r.id);
    for (const [k, v] of await pickForClaims(tx, key, sid, more)) picks.set(k, v);
    rows.push(...more);
    frontier = more;
  }
  const final = oneMemberOnePayment(picks);
  const changed = await writeResults(tx, settlement, rows, final, actor, now, 'verify');
  return { checked: rows.length, changed };
}

/**
 * Stores results: a verification row and the claim's current copy where anything changed, the claim's
 * match state always, and the curable deficiencies the result implies (IDENTIFIER_MISMATCH when not
 * found, ATTESTATION_UNSUPPORTED when the record does not support an attestation), moving the claim
 * through the lifecycle (transition.ts moveClaims). Returns how many claims' verification changed.
 */
export async function writeResults(
  tx: Queryable,
  settlement: Settlement,
  rows: ClaimRowForVerify[],
  results: ReadonlyMap<number, PickResult>,
  actor: string,
  now: Date,
  trigger: Verification['trigger'],
): Promise<number> {
  if (rows.length === 0) return 0;
  const sid = settlement.id;
  const config = settlement.config;
  const recordIds = [...new Set([...results.values()].filter((r) => r.status === 'verified' && r.recordId).map((r) => r.recordId!))];
  const attrs = new Map<string, Record<string, unknown>>();
  if (recordIds.length) {
    const got = rowsOf<{ record_id: string; attributes: Record<string, unknown> }>(
      await tx.execute(sql`select record_id, attributes from class_members where settlement_id = ${sid} and record_id = any(${pgArray(recordIds)}::text[])`),
    );
    for (const g of got) attrs.set(g.record_id, g.attributes);
  }
  const open = rowsOf<{ id: string | number; claim_pk: string | number; code: string }>(
    await tx.execute(sql`select id, claim_pk, code from deficiencies where claim_pk = any(${pgArray(rows.map((r) => r.id))}::bigint[]) and cured_at is null`),
  ).map((d) => ({ id: Number(d.id), claimPk: Number(d.claim_pk), code: d.code }));

  const changes: { claimPk: number; verification: Verification }[] = [];
  const state: { claimPk: number; status: MatchStatus; recordId: string | null }[] = [];
  // The page's audit row lists every changed claim, grouped by its change (before → after): the same
  // facts as one entry per claim, without repeating the same before/after 20,000 times in a page.
  const audited = new Map<string, { before: unknown; after: unknown; claims: string[] }>();
  const today = localDate(now, config.dates.timeZone);
  const cureBy = addDays(today, config.dates.cureDays);
  const openByClaim = new Map<number, typeof open>();
  for (const d of open) openByClaim.set(d.claimPk, [...(openByClaim.get(d.claimPk) ?? []), d]);
  // Deficiencies are written in bulk, and so are the status moves they imply (transition.ts moveClaims: the lifecycle check per claim).
  const cureIds: number[] = [];
  const openRows: { claimPk: number; code: string; message: string }[] = [];
  const moves: { handle: { claimPk: number; settlementId: string; claimId: string; status: ClaimStatus }; to: ClaimStatus; note: string }[] = [];
  for (const row of rows) {
    const r = results.get(row.id);
    if (!r) continue;
    const decision = r.status === 'verified' ? decideTier(config, attrs.get(r.recordId!) ?? null, row.attestations) : null;
    const tier = decision ? decision.tier.key : requestedTier(config, row.attestations).key;
    const reasonCodes = [...r.reasonCodes, ...(decision?.unsupported.length ? ['ATTESTATION_UNSUPPORTED'] : [])];
    const v: Verification = {
      status: STORED_STATUS[r.status],
      matchedRecordId: r.recordId,
      via: r.via,
      reasonCodes,
      configVersion: settlement.configVersion,
      tier,
      // Only a verified claim has units: a probable or conflicting one is not payable until a reviewer decides.
      units: decision ? decision.units : null,
      trigger,
    };
    state.push({ claimPk: row.id, status: r.status, recordId: r.recordId });
    const same = row.verificationStatus === v.status && row.matchedRecordId === v.matchedRecordId && row.tier === v.tier && row.units === v.units && row.configVersion === v.configVersion;
    if (!same) {
      changes.push({ claimPk: row.id, verification: v });
      const before = { verification: row.verificationStatus, tier: row.tier, units: row.units };
      const after = { verification: v.status, tier: v.tier, units: v.units };
      const k = JSON.stringify([before, after]);
      const g = audited.get(k);
      if (g) g.claims.push(row.claimId);
      else audited.set(k, { before, after, claims: [row.claimId] });
    }

    // The curable deficiencies verification owns.
    const want = new Map<string, string>();
    if (r.status === 'not_found') want.set('IDENTIFIER_MISMATCH', mismatchMessage(config));
    if (decision?.unsupported.length) want.set('ATTESTATION_UNSUPPORTED', unsupportedMessage(config, decision.unsupported, decision.tier.key));
    const mine = openByClaim.get(row.id) ?? [];
    const owned = mine.filter((d) => d.code === 'IDENTIFIER_MISMATCH' || d.code === 'ATTESTATION_UNSUPPORTED');
    const toCure = owned.filter((d) => !want.has(d.code));
    const toOpen = [...want].filter(([code]) => !owned.some((d) => d.code === code));
    if (UNPAYABLE_STATUSES.includes(row.status) || row.status === 'approved') continue; // decided: a reviewer reopens it first
    cureIds.push(...toCure.map((d) => d.id));
    openRows.push(...toOpen.map(([code, message]) => ({ claimPk: row.id, code, message })));
    const stillOpen = mine.length - toCure.length + toOpen.length;
    const handle = { claimPk: row.id, settlementId: sid, claimId: row.claimId, status: row.status };
    if (toOpen.length && row.status !== 'deficient') {
      moves.push({ handle, to: 'deficient', note: `We need more information: ${toOpen.map(([c]) => DEFICIENCY_SUMMARY[c] ?? c).join('; ')}.` });
    } else if (toCure.length && stillOpen === 0 && row.status === 'deficient') {
      moves.push({ handle, to: 'received', note: 'Your account was found in the records; the claim is back in review.' });
    }
  }
  // Every write below is one statement whatever the page size: columns travel as array parameters (pgArray).
  if (cureIds.length) await tx.execute(sql`update deficiencies set cured_at = ${now.toISOString()}::timestamptz where id = any(${pgArray(cureIds)}::bigint[])`);
  if (openRows.length)
    await tx.execute(sql`
      insert into deficiencies (settlement_id, claim_pk, code, message, cure_by, created_at)
      select ${sid}::uuid, v.pk, v.code, v.message, ${cureBy}::date, ${now.toISOString()}::timestamptz
      from unnest(${pgArray(openRows.map((d) => d.claimPk))}::bigint[], ${pgArray(openRows.map((d) => d.code))}::text[], ${pgArray(openRows.map((d) => d.message))}::text[]) as v(pk, code, message)`);
  await moveClaims(tx, moves.map((m) => ({ claim: m.handle, to: m.to, note: m.note })), actor, now);
  await recordVerifications(tx, sid, changes, actor, now);
  await tx.execute(sql`
    insert into claim_match_state (claim_pk, settlement_id, identifiers_at, verified_at, config_version, status, record_id)
    select v.pk, ${sid}::uuid, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${settlement.configVersion}::int, v.status, v.record
    from unnest(${pgArray(state.map((x) => x.claimPk))}::bigint[], ${pgArray(state.map((x) => x.status))}::text[], ${pgArray(state.map((x) => x.recordId))}::text[]) as v(pk, status, record)
    -- identifiers_at is kept: the claim's identifiers did not change by being verified.
    on conflict (claim_pk) do update set verified_at = excluded.verified_at, config_version = excluded.config_version, status = excluded.status, record_id = excluded.record_id`);
  if (audited.size && trigger === 'verify')
    await appendAudit(tx, { settlementId: sid, actor, action: 'claims.verify.page', targetType: 'settlement', targetId: settlement.slug, details: { changed: changes.length, changes: [...audited.values()] } });
  return changes.length;
}
