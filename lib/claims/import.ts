import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { AppError } from '@/lib/errors';
import { claimEvents, claims, classMembers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CsvErrorList, CsvRejected, newStats, readCsv, type CsvRow, type CsvSource } from '@/lib/csv/read';
import { constantTimeEqual, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { deadlineInstant } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { codeHash } from '@/lib/verification/match';
import { requestedTier } from '@/lib/verification/tier';
import { CLAIM_PREFIX, newPublicId } from './claim-id';
import { CLAIM_COLUMNS, REQUIRED_CLAIM_COLUMNS, claimRowSchema, type ImportedClaim } from './import-row';
import { sealClaim } from './seal';
import { claimIdentifierRows, insertClaimIdentifiers } from '@/lib/verification/identifiers';

/**
 * `fairshare claims import` (INTERFACES.md §2.2): claims that arrived by mail, from a previous
 * administrator or a bulk filer. All or nothing: a first pass reads and checks the whole file (every
 * problem with its line and column); only a clean file is read again and inserted, in one transaction.
 * Verification (class list match, final tier) is a later step: a claim starts in the tier it asks for.
 */

export type ImportProgress = (phase: 'checking' | 'importing', rows: number) => void;
export type ImportOptions = { fileName?: string; now?: Date; onProgress?: ImportProgress; batchSize?: number; maxErrors?: number };
export type ImportResult = {
  file: string;
  imported: number;
  late: number;
  byChannel: Record<string, number>;
  byMethod: Record<string, number>;
  byTier: Record<string, number>;
  bytes: number;
  sha256: string;
};

type Loc = ReturnType<CsvRow['at']>;

/** A one-shot stream is read into memory so it can be read twice; paths and factories are re-opened. */
async function rereadable(source: CsvSource | NodeJS.ReadableStream): Promise<CsvSource> {
  if (typeof source === 'string' || Buffer.isBuffer(source) || typeof source === 'function') return source;
  const chunks: Buffer[] = [];
  for await (const c of source as AsyncIterable<Buffer | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

export async function importClaims(
  db: Db,
  settlement: Settlement,
  input: CsvSource | NodeJS.ReadableStream,
  actor: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const file = opts.fileName ?? (typeof input === 'string' ? path.basename(input) : 'stdin');
  const now = opts.now ?? new Date();
  const source = await rereadable(input instanceof Readable ? input : (input as CsvSource));
  const key = await settlementKey(db, settlement.id);
  const schema = claimRowSchema(settlement.config, now);

  const errors = new CsvErrorList(file, opts.maxErrors ?? 100);
  const checked = await checkFile(db, key, settlement.id, source, schema, errors, opts.onProgress);
  if (errors.count === 0 && checked.rows === 0) errors.add({ line: 2 }, 'the file has a header row but no claims');
  if (errors.count > 0) throw new CsvRejected(file, errors.summary(), errors.count);

  return insertAll(db, key, settlement, source, schema, { ...opts, actor, file, now, sha256: checked.sha256, bytes: checked.bytes });
}

/** Pass 1: every row through the schema, claim_ref unique in the file and the settlement, Notice IDs with their codes. */
async function checkFile(
  db: Db,
  key: DataKey,
  settlementId: string,
  source: CsvSource,
  schema: ReturnType<typeof claimRowSchema>,
  errors: CsvErrorList,
  onProgress?: ImportProgress,
) {
  const stats = newStats();
  const seenRefs = new Map<string, number>();
  let refBatch: { ref: string; at: Loc }[] = [];
  let noticeBatch: { noticeId: string; code: string; at: Loc; codeAt: Loc }[] = [];

  const flushRefs = async () => {
    if (!refBatch.length) return;
    const taken = await db
      .select({ ref: claims.claimRef })
      .from(claims)
      .where(and(eq(claims.settlementId, settlementId), inArray(claims.claimRef, refBatch.map((r) => r.ref))));
    const takenSet = new Set(taken.map((t) => t.ref));
    for (const r of refBatch) if (takenSet.has(r.ref)) errors.add(r.at, `claim_ref "${r.ref}" is already used by a claim in this settlement`);
    refBatch = [];
  };
  const flushNotices = async () => {
    if (!noticeBatch.length) return;
    const found = await db
      .select({ noticeId: classMembers.noticeId, codeHash: classMembers.confirmationCodeHash })
      .from(classMembers)
      .where(and(eq(classMembers.settlementId, settlementId), inArray(classMembers.noticeId, noticeBatch.map((n) => n.noticeId))));
    const byNotice = new Map(found.map((f) => [f.noticeId, f.codeHash]));
    for (const n of noticeBatch) {
      const stored = byNotice.get(n.noticeId);
      if (stored === undefined) errors.add(n.at, 'no class member has this Notice ID');
      else if (!stored || !constantTimeEqual(stored, codeHash(key, n.code))) errors.add(n.codeAt, 'does not match the Notice ID');
    }
    noticeBatch = [];
  };

  for await (const row of readCsv(source, { errors, required: REQUIRED_CLAIM_COLUMNS, known: CLAIM_COLUMNS, stats })) {
    if (stats.rows % 1000 === 0) onProgress?.('checking', stats.rows);
    const parsed = schema.safeParse(row.fields);
    if (!parsed.success) {
      // Sorted by column, so a row's messages read left to right.
      const issues = parsed.error.issues.map((i) => ({ at: row.at(String(i.path[0] ?? 'claim_ref')), message: i.message }));
      for (const i of issues.sort((a, b) => (a.at.column ?? 0) - (b.at.column ?? 0))) errors.add(i.at, i.message);
    }
    // Uniqueness is checked on every row that has a claim_ref, valid or not, so one pass reports it all.
    const ref = (row.fields.claim_ref ?? '').trim();
    if (ref) {
      const first = seenRefs.get(ref);
      if (first !== undefined) errors.add(row.at('claim_ref'), `claim_ref "${ref.slice(0, 100)}" is also on line ${first}; each claim_ref must be unique`);
      else {
        seenRefs.set(ref, row.line);
        refBatch.push({ ref, at: row.at('claim_ref') });
      }
    }
    if (!parsed.success) continue;
    const claim = parsed.data;
    if (claim.noticeId && claim.confirmationCode)
      noticeBatch.push({ noticeId: claim.noticeId, code: claim.confirmationCode, at: row.at('notice_id'), codeAt: row.at('confirmation_code') });
    if (refBatch.length >= 1000) await flushRefs();
    if (noticeBatch.length >= 500) await flushNotices();
  }
  await flushRefs();
  await flushNotices();
  return { rows: stats.rows, sha256: stats.sha256, bytes: stats.bytes };
}

/** A checked claim and the file's extra columns, kept as attributes (INTERFACES.md §2). */
type Pending = ImportedClaim & { attributes: Record<string, string> };

function trimValues(extra: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.trim()]));
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** Pass 2: the checked file again, sealed and inserted in batches inside one transaction. */
async function insertAll(
  db: Db,
  key: DataKey,
  settlement: Settlement,
  source: CsvSource,
  schema: ReturnType<typeof claimRowSchema>,
  opts: ImportOptions & { actor: string; file: string; now: Date; sha256: string; bytes: number },
): Promise<ImportResult> {
  const batchSize = opts.batchSize ?? 500;
  const result: ImportResult = { file: opts.file, imported: 0, late: 0, byChannel: {}, byMethod: {}, byTier: {}, bytes: opts.bytes, sha256: opts.sha256 };

  await db.transaction(async (tx) => {
    let batch: Pending[] = [];
    const flush = async () => {
      if (batch.length) await insertBatch(tx, key, settlement, opts.actor, batch, result);
      batch = [];
      opts.onProgress?.('importing', result.imported);
    };
    const errors = new CsvErrorList(opts.file);
    for await (const row of readCsv(source, { errors, required: REQUIRED_CLAIM_COLUMNS, known: CLAIM_COLUMNS })) {
      const parsed = schema.safeParse(row.fields);
      // The file was checked a moment ago; a difference means it changed on disk in between.
      if (!parsed.success) throw new AppError('bad_input', `${opts.file} changed while it was being imported (line ${row.line}); nothing was imported`);
      batch.push({ ...parsed.data, attributes: trimValues(row.extra) });
      if (batch.length >= batchSize) await flush();
    }
    if (errors.count) throw new AppError('bad_input', `${opts.file} changed while it was being imported; nothing was imported`);
    await flush();
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: opts.actor,
      action: 'claims.import',
      targetType: 'settlement',
      targetId: settlement.slug,
      // Counts and the file's fingerprint only: never a name, address or payment detail.
      details: { claims: result.imported, late: result.late, byChannel: result.byChannel, byMethod: result.byMethod, byTier: result.byTier, bytes: result.bytes, sha256: result.sha256 },
    });
  });
  return result;
}

async function insertBatch(tx: Queryable, key: DataKey, settlement: Settlement, actor: string, batch: Pending[], result: ImportResult): Promise<void> {
  const config = settlement.config;
  // The deadline instant once per batch: building it means time-zone arithmetic, too slow per row.
  const deadline = deadlineInstant(config.dates.claimDeadline, config.dates.timeZone).getTime();
  const rows = batch.map((c) => {
    const tier = requestedTier(config, c.attestations);
    const late = c.submittedAt.getTime() > deadline;
    return {
      settlementId: settlement.id,
      claimId: newPublicId(CLAIM_PREFIX),
      claimRef: c.claimRef,
      status: 'received' as const, // INITIAL_STATUSES (lifecycle.ts): an imported claim waits for verification
      channel: c.channel,
      late,
      // As filed: verification (a later step) sets the current tier and units; until then it is the one asked for.
      requestedTier: tier.key,
      tier: tier.key,
      attestations: c.attestations,
      noticeId: c.noticeId ?? null,
      formSeconds: c.formSeconds ?? null,
      attributes: c.attributes,
      submittedAt: c.submittedAt,
      ...sealClaim(key, c.pii, c.payment, c.intake),
    };
  });

  // 40-bit random claim IDs can collide in a big settlement: a clash is skipped and retried with a new ID.
  let pending = rows;
  const inserted: { id: number; claimRef: string | null; submittedAt: Date; channel: string }[] = [];
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 5) throw new Error('could not allocate unique claim IDs');
    const got = await tx
      .insert(claims)
      .values(pending)
      .onConflictDoNothing({ target: [claims.settlementId, claims.claimId] })
      .returning({ id: claims.id, claimRef: claims.claimRef, submittedAt: claims.submittedAt, channel: claims.channel });
    inserted.push(...got);
    const done = new Set(got.map((g) => g.claimRef));
    pending = pending.filter((r) => !done.has(r.claimRef)).map((r) => ({ ...r, claimId: newPublicId(CLAIM_PREFIX) }));
  }
  // Every identifier of every claim, for the batch verification that follows the import (lib/verification).
  const byRef = new Map(batch.map((c) => [c.claimRef, c]));
  await insertClaimIdentifiers(tx, settlement.id, inserted.flatMap((r) => { const c = byRef.get(r.claimRef ?? "")!; return claimIdentifierRows(key, { claimPk: r.id, settlementId: settlement.id, pii: c.pii, provenNoticeId: c.noticeId && c.confirmationCode ? c.noticeId : null }); }));
  await tx.insert(claimEvents).values(
    inserted.map((r) => ({ settlementId: settlement.id, claimPk: r.id, status: 'received' as const, note: `received by ${r.channel === 'import' ? 'bulk import' : r.channel}`, actor, at: r.submittedAt })),
  );
  for (const r of rows) {
    result.imported++;
    if (r.late) result.late++;
    bump(result.byChannel, r.channel);
    bump(result.byMethod, r.paymentMethod);
    bump(result.byTier, r.tier);
  }
}
