import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '@/db/client';
import { inStagingTransaction, type StagingTable } from '@/lib/bulk/staging';
import { AppError } from '@/lib/errors';
import { claims, classMembers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CsvErrorList, CsvRejected, HeldErrors, newStats, readCsv, type CsvRow, type CsvSource } from '@/lib/csv/read';
import { defaultThreads, openBatchPool, pipeRows, type BatchPool } from '@/lib/bulk/workers';
import { constantTimeEqual, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { deadlineInstant } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { codeHash } from '@/lib/verification/match';
import { CLAIM_PREFIX, newPublicId } from './claim-id';
import { CLAIM_COLUMNS, REQUIRED_CLAIM_COLUMNS } from './import-row';
import { setup, type CheckedClaim, type ClaimsBatch, type ClaimsPrepareInit, type SealedClaimRow } from './prepare';

/**
 * `fairshare claims import` (INTERFACES.md §2.2): claims that arrived by mail, from a previous
 * administrator or a bulk filer. All or nothing: a first pass reads and checks the whole file (every
 * problem with its line and column); only a clean file is read again and loaded through a staging table
 * (COPY on PostgreSQL), in one transaction.
 * Verification (class list match, final tier) is a later step: a claim starts in the tier it asks for.
 */

export type ImportProgress = (phase: 'checking' | 'importing', rows: number) => void;
export type ImportOptions = {
  fileName?: string;
  now?: Date;
  onProgress?: ImportProgress;
  batchSize?: number;
  maxErrors?: number;
  /** Worker threads for the per-row work; default: none for small files, else one per core (lib/bulk/workers.ts). */
  threads?: number;
};
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
  const config = settlement.config;
  // The deadline instant once: building it means time-zone arithmetic, too slow per row.
  const deadline = deadlineInstant(config.dates.claimDeadline, config.dates.timeZone).getTime();
  // One pool of worker threads for both passes (row checks, then sealing): lib/bulk/workers.ts.
  const threads = opts.threads ?? defaultThreads(typeof source === 'string' ? fileSize(source) : Buffer.isBuffer(source) ? source.length : undefined);
  const init: ClaimsPrepareInit = { enc: key.enc, mac: key.mac, config, now: now.getTime(), deadline };
  const pool = await openBatchPool<ClaimsBatch, (CheckedClaim | SealedClaimRow)[]>(new URL('./prepare.ts', import.meta.url), init, threads, setup as never);
  try {
    const errors = new CsvErrorList(file, opts.maxErrors ?? 100);
    const checked = await checkFile(db, key, settlement.id, source, pool as Pool<CheckedClaim>, errors, opts.onProgress);
    if (errors.count === 0 && checked.rows === 0) errors.add({ line: 2 }, 'the file has a header row but no claims');
    if (errors.count > 0) throw new CsvRejected(file, errors.summary(), errors.count);

    return await insertAll(db, settlement, source, pool as Pool<SealedClaimRow>, { ...opts, actor, file, now, sha256: checked.sha256, bytes: checked.bytes });
  } finally {
    await pool.close();
  }
}

type Pool<O> = BatchPool<ClaimsBatch, O[]>;
const batchOf = (pass: ClaimsBatch['pass']) => (rows: CsvRow[]): ClaimsBatch => ({ pass, rows: rows.map((r) => ({ fields: r.fields, extra: r.extra })) });

const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined; // the reader reports a missing file
  }
};

/** Pass 1: every row through the schema, claim_ref unique in the file and the settlement, Notice IDs with their codes. */
async function checkFile(
  db: Db,
  key: DataKey,
  settlementId: string,
  source: CsvSource,
  pool: Pool<CheckedClaim>,
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

  const readerErrors = new HeldErrors(errors);
  const checkRow = async (row: CsvRow, { issues, notice }: CheckedClaim) => {
    if (issues) {
      // Sorted by column, so a row's messages read left to right.
      const located = issues.map((i) => ({ at: row.at(i.field), message: i.message }));
      for (const i of located.sort((a, b) => (a.at.column ?? 0) - (b.at.column ?? 0))) errors.add(i.at, i.message);
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
    if (issues) return;
    if (notice) noticeBatch.push({ ...notice, at: row.at('notice_id'), codeAt: row.at('confirmation_code') });
    if (refBatch.length >= 1000) await flushRefs();
    if (noticeBatch.length >= 500) await flushNotices();
  };
  await pipeRows(readCsv(source, { errors: readerErrors, required: REQUIRED_CLAIM_COLUMNS, known: CLAIM_COLUMNS, stats }), readerErrors, pool, batchOf('check'), checkRow, () => {
    if (stats.rows % 1000 === 0) onProgress?.('checking', stats.rows);
  });
  await flushRefs();
  await flushNotices();
  return { rows: stats.rows, sha256: stats.sha256, bytes: stats.bytes };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/**
 * The claims-table columns a claim's row fills, in staging order. A claim's row is built by
 * `claimRow` (one function, so the integrator can add its claim_identifiers rows beside it).
 */
const CLAIM_STAGING: StagingTable = {
  name: 'claims_staging',
  columns: [
    { name: 'claim_id', type: 'text' },
    { name: 'claim_ref', type: 'text' },
    { name: 'channel', type: 'text' },
    { name: 'late', type: 'boolean' },
    { name: 'requested_tier', type: 'text' },
    { name: 'tier', type: 'text' },
    { name: 'attestations', type: 'text' },
    { name: 'notice_id', type: 'text' },
    { name: 'form_seconds', type: 'integer' },
    { name: 'attributes', type: 'text' },
    { name: 'submitted_at', type: 'timestamptz' },
    { name: 'payment_method', type: 'text' },
    { name: 'pii', type: 'text' },
    { name: 'payment', type: 'text' },
    { name: 'intake', type: 'text' },
    { name: 'email_hash', type: 'text' },
    { name: 'phone_hash', type: 'text' },
    { name: 'username_hash', type: 'text' },
    { name: 'zip_hash', type: 'text' },
    { name: 'name_hash', type: 'text' },
    { name: 'payment_hash', type: 'text' },
    { name: 'ip_hash', type: 'text' },
    { name: 'device_hash', type: 'text' },
  ],
};

export { claimRow, type ClaimRow } from './prepare';

/**
 * Pass 2: the checked file again, each claim sealed and streamed into a staging table (COPY on
 * PostgreSQL, batched INSERT on PGlite), then moved into claims and claim_events with set-based
 * statements, all in one transaction (lib/bulk/staging.ts).
 */
async function insertAll(
  db: Db,
  settlement: Settlement,
  source: CsvSource,
  pool: Pool<SealedClaimRow>,
  opts: ImportOptions & { actor: string; file: string; now: Date; sha256: string; bytes: number },
): Promise<ImportResult> {
  const result: ImportResult = { file: opts.file, imported: 0, late: 0, byChannel: {}, byMethod: {}, byTier: {}, bytes: opts.bytes, sha256: opts.sha256 };
  const sid = settlement.id;

  await inStagingTransaction(
    db,
    CLAIM_STAGING,
    async (stage, tx) => {
      const errors = new HeldErrors(new CsvErrorList(opts.file));
      const stageClaim = async (row: CsvRow, { cells, changed }: SealedClaimRow) => {
        // The file was checked a moment ago; a difference means it changed on disk in between.
        if (changed || !cells) throw new AppError('bad_input', `${opts.file} changed while it was being imported (line ${row.line}); nothing was imported`);
        await stage.write(cells);
        const [, , channel, late, , tier, , , , , , method] = cells;
        result.imported++;
        if (late) result.late++;
        bump(result.byChannel, channel as string);
        bump(result.byMethod, method as string);
        bump(result.byTier, tier as string);
        if (result.imported % 1000 === 0) opts.onProgress?.('importing', result.imported);
      };
      await pipeRows(readCsv(source, { errors, required: REQUIRED_CLAIM_COLUMNS, known: CLAIM_COLUMNS }), errors, pool, batchOf('seal'), stageClaim);
      if (errors.count) throw new AppError('bad_input', `${opts.file} changed while it was being imported; nothing was imported`);
      await stage.finish();
      opts.onProgress?.('importing', result.imported);
      await moveStagedClaims(tx, sid, opts.actor);
      await appendAudit(tx, {
        settlementId: sid,
        actor: opts.actor,
        action: 'claims.import',
        targetType: 'settlement',
        targetId: settlement.slug,
        // Counts and the file's fingerprint only: never a name, address or payment detail.
        details: { claims: result.imported, late: result.late, byChannel: result.byChannel, byMethod: result.byMethod, byTier: result.byTier, bytes: result.bytes, sha256: result.sha256 },
      });
    },
    { batchSize: opts.batchSize },
  );
  return result;
}

/**
 * claims_staging → claims and claim_events. claim_ref is unique in the file and the settlement (pass 1),
 * so it ties each staged row to its inserted claim. 40-bit random claim IDs can collide in a big
 * settlement: a clash is skipped by ON CONFLICT, given a new ID and inserted again.
 */
async function moveStagedClaims(tx: Tx, sid: string, actor: string): Promise<void> {
  const cols = CLAIM_STAGING.columns.map((c) => c.name);
  const select = cols
    .map((c) => (c === 'channel' ? 's.channel::channel' : c === 'attestations' ? 'ARRAY(SELECT jsonb_array_elements_text(s.attestations::jsonb))' : c === 'attributes' ? 's.attributes::jsonb' : `s.${c}`))
    .join(', ');
  // Claims get their internal keys in file order (ctid: the staging table is filled once, in file order),
  // so the export and the claims list read in the order the filer sent them.
  const notInserted = sql`NOT EXISTS (SELECT 1 FROM claims c WHERE c.settlement_id = ${sid} AND c.claim_ref = s.claim_ref)`;
  for (let attempt = 0; ; attempt++) {
    await tx.execute(sql`
      INSERT INTO claims (settlement_id, status, ${sql.raw(cols.join(', '))})
      SELECT ${sid}::uuid, 'received', ${sql.raw(select)} FROM claims_staging s WHERE ${notInserted}
      ORDER BY s.ctid
      ON CONFLICT (settlement_id, claim_id) DO NOTHING`);
    const left = rowsOf<{ claim_ref: string }>(await tx.execute(sql`SELECT s.claim_ref FROM claims_staging s WHERE ${notInserted}`));
    if (!left.length) break;
    if (attempt >= 5) throw new Error('could not allocate unique claim IDs');
    for (const l of left) await tx.execute(sql`UPDATE claims_staging SET claim_id = ${newPublicId(CLAIM_PREFIX)} WHERE claim_ref = ${l.claim_ref}`);
  }
  await tx.execute(sql`
    INSERT INTO claim_events (settlement_id, claim_pk, status, note, actor, at)
    SELECT ${sid}::uuid, c.id, 'received', CASE WHEN c.channel = 'import' THEN 'received by bulk import' ELSE 'received by ' || c.channel::text END, ${actor}, c.submitted_at
    FROM claims_staging s JOIN claims c ON c.settlement_id = ${sid} AND c.claim_ref = s.claim_ref`);
}
