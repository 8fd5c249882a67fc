import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '@/db/client';
import { inStagingTransaction, type StagingTable } from '@/lib/bulk/staging';
import { AppError } from '@/lib/errors';
import { claims, classMembers } from '@/db/schema';
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

/**
 * `fairshare claims import` (INTERFACES.md §2.2): claims that arrived by mail, from a previous
 * administrator or a bulk filer. All or nothing: a first pass reads and checks the whole file (every
 * problem with its line and column); only a clean file is read again and loaded through a staging table
 * (COPY on PostgreSQL), in one transaction.
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

export type ClaimRow = ReturnType<typeof claimRow>;

/**
 * One imported claim as the row it becomes: status received, the tier it asks for, sealed personal data
 * and keyed hashes. Pure apart from the random claim ID.
 */
export function claimRow(key: DataKey, settlement: Settlement, c: Pending, deadline: number) {
  const tier = requestedTier(settlement.config, c.attestations);
  const sealed = sealClaim(key, c.pii, c.payment, c.intake);
  return {
    claimId: newPublicId(CLAIM_PREFIX),
    claimRef: c.claimRef,
    channel: c.channel,
    late: c.submittedAt.getTime() > deadline,
    // As filed: verification (a later step) sets the current tier and units; until then it is the one asked for.
    requestedTier: tier.key,
    tier: tier.key,
    attestations: c.attestations,
    noticeId: c.noticeId ?? null,
    formSeconds: c.formSeconds ?? null,
    attributes: c.attributes,
    submittedAt: c.submittedAt,
    ...sealed,
  };
}

function stagingCells(r: ClaimRow) {
  return [
    r.claimId, r.claimRef, r.channel, r.late, r.requestedTier, r.tier, JSON.stringify(r.attestations), r.noticeId, r.formSeconds, JSON.stringify(r.attributes),
    r.submittedAt, r.paymentMethod, r.pii, r.payment, r.intake, r.emailHash, r.phoneHash, r.usernameHash, r.zipHash, r.nameHash, r.paymentHash, r.ipHash, r.deviceHash,
  ];
}

/**
 * Pass 2: the checked file again, each claim sealed and streamed into a staging table (COPY on
 * PostgreSQL, batched INSERT on PGlite), then moved into claims and claim_events with set-based
 * statements, all in one transaction (lib/bulk/staging.ts).
 */
async function insertAll(
  db: Db,
  key: DataKey,
  settlement: Settlement,
  source: CsvSource,
  schema: ReturnType<typeof claimRowSchema>,
  opts: ImportOptions & { actor: string; file: string; now: Date; sha256: string; bytes: number },
): Promise<ImportResult> {
  const result: ImportResult = { file: opts.file, imported: 0, late: 0, byChannel: {}, byMethod: {}, byTier: {}, bytes: opts.bytes, sha256: opts.sha256 };
  const config = settlement.config;
  // The deadline instant once: building it means time-zone arithmetic, too slow per row.
  const deadline = deadlineInstant(config.dates.claimDeadline, config.dates.timeZone).getTime();
  const sid = settlement.id;

  await inStagingTransaction(
    db,
    CLAIM_STAGING,
    async (stage, tx) => {
      const errors = new CsvErrorList(opts.file);
      for await (const row of readCsv(source, { errors, required: REQUIRED_CLAIM_COLUMNS, known: CLAIM_COLUMNS })) {
        const parsed = schema.safeParse(row.fields);
        // The file was checked a moment ago; a difference means it changed on disk in between.
        if (!parsed.success) throw new AppError('bad_input', `${opts.file} changed while it was being imported (line ${row.line}); nothing was imported`);
        const r = claimRow(key, settlement, { ...parsed.data, attributes: trimValues(row.extra) }, deadline);
        await stage.write(stagingCells(r));
        result.imported++;
        if (r.late) result.late++;
        bump(result.byChannel, r.channel);
        bump(result.byMethod, r.paymentMethod);
        bump(result.byTier, r.tier);
        if (result.imported % 1000 === 0) opts.onProgress?.('importing', result.imported);
      }
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
