import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '@/db/client';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/audit/service';
import { inStagingTransaction, type StagingTable } from '@/lib/bulk/staging';
import { CsvErrorList, CsvRejected, HeldErrors, newStats, readCsv, type CsvRow, type CsvSource } from '@/lib/csv/read';
import { defaultThreads, openBatchPool, pipeRows } from '@/lib/bulk/workers';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { setup, type PrepareBatch, type PreparedRow } from './prepare';
import { CLASS_COLUMNS, REQUIRED_CLASS_COLUMNS } from './row';

/**
 * `fairshare classlist import` (INTERFACES.md §2.1): the defendant's class list, streamed end to end
 * with flat memory: CSV reader → zod row check (typed attributes) → normalise → keyed hashes + sealed
 * contact details → staging table (COPY on PostgreSQL, batched INSERT on PGlite) → one merge. All in ONE
 * transaction, so any problem (a bad cell, a duplicate record_id, a refused replace) changes nothing.
 *
 * Re-import: `merge` upserts by record_id and keeps members missing from the file; `replace` also removes
 * them, and refuses when a claim is matched to one of them (removing a member would orphan a verified
 * claim; the administrator resolves those claims or uses merge). A member's notice (notice_id, code,
 * notice_code, issued_at) and undeliverable flag survive every re-import. A member whose hashes or
 * attributes change gets updated_at = now(), which is how verification knows to re-run its claims.
 * Nothing of the raw file is kept but the sealed contact details and the typed attributes.
 */

export type ImportMode = 'merge' | 'replace';
export type ClassListImportOptions = { mode?: ImportMode; fileName?: string; onProgress?: (rows: number) => void | Promise<void>; maxErrors?: number; batchSize?: number;
  /** Worker threads for the per-row work; default: none for small files, else one per core (lib/bulk/workers.ts). */
  threads?: number };

export type ClassListChanges = {
  added: number;
  removed: number;
  /** Members present before and in the file whose typed attributes changed. */
  changedAttributes: number;
  /** … and how many changed per attribute name. */
  changedByAttribute: Record<string, number>;
  /** Members whose identifiers or address changed (any keyed hash differs). */
  changedContact: number;
  unchanged: number;
  /** Up to 10 record ids of each kind, for the administrator to spot-check (never in the audit log). */
  samples: { added: string[]; removed: string[]; changed: string[] };
};

export type ClassListImportResult = ClassListChanges & { file: string; mode: ImportMode; rows: number; members: number; bytes: number; sha256: string };

const STAGING: StagingTable = {
  name: 'classlist_staging',
  columns: [
    { name: 'line', type: 'integer' },
    { name: 'record_id', type: 'text' },
    { name: 'email_hash', type: 'text' },
    { name: 'phone_hash', type: 'text' },
    { name: 'username_hash', type: 'text' },
    { name: 'name_zip_hash', type: 'text' },
    { name: 'address_hash', type: 'text' },
    { name: 'zip_hash', type: 'text' },
    { name: 'pii', type: 'text' },
    { name: 'attributes', type: 'text' },
  ],
};
const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined; // the reader reports a missing file
  }
};

const HASHES = ['email_hash', 'phone_hash', 'username_hash', 'name_zip_hash', 'address_hash', 'zip_hash'] as const;

export async function importClassList(db: Db, settlement: Settlement, source: CsvSource, actor: string, opts: ClassListImportOptions = {}): Promise<ClassListImportResult> {
  const mode = opts.mode ?? 'merge';
  const file = opts.fileName ?? (typeof source === 'string' ? path.basename(source) : 'upload');
  const key = await settlementKey(db, settlement.id);
  const declared = settlement.config.classListAttributes ?? {};
  const known = [...CLASS_COLUMNS, ...Object.keys(declared)];
  const errors = new CsvErrorList(file, opts.maxErrors ?? 100);
  const stats = newStats();
  const sid = settlement.id;
  const threads = opts.threads ?? defaultThreads(typeof source === 'string' ? fileSize(source) : source instanceof Buffer ? source.length : undefined);

  return inStagingTransaction(
    db,
    STAGING,
    async (stage, tx) => {
      let recordIdColumn: number | undefined;
      // Rows go through the pool in batches (lib/bulk/workers.ts) and are staged in file order.
      const readerErrors = new HeldErrors(errors);
      // Row problems are listed sorted by column; a file with errors is going to be refused, so broken
      // rows (and all rows after the first error) are staged by their record_id only, which is enough
      // for the duplicate check to report every duplicate in the same run.
      const stageRow = async (row: CsvRow, { recordId, issues, cells }: PreparedRow) => {
        if (issues) {
          const located = issues.map((x) => ({ at: row.at(x.field), message: x.message }));
          for (const x of located.sort((a, b) => (a.at.column ?? 0) - (b.at.column ?? 0))) errors.add(x.at, x.message);
        }
        if (issues || errors.count > 0 || !cells) {
          if (recordId) await stage.write([row.line, recordId, null, null, null, null, null, null, '', '{}']);
        } else await stage.write([row.line, recordId, ...cells]);
      };
      const pool = await openBatchPool<PrepareBatch, PreparedRow[]>(new URL('./prepare.ts', import.meta.url), { enc: key.enc, mac: key.mac, declared }, threads, setup as never);
      try {
        await pipeRows(
          readCsv(source, { errors: readerErrors, required: REQUIRED_CLASS_COLUMNS, known, stats }),
          readerErrors,
          pool,
          (rows) => ({ rows: rows.map((r) => ({ fields: r.fields, extra: r.extra })), cheap: readerErrors.count > 0 }),
          stageRow,
          async (row) => {
            recordIdColumn ??= row.at('record_id').column;
            if (stats.rows % 10_000 === 0) await opts.onProgress?.(stats.rows);
          },
        );
      } finally {
        await pool.close();
      }
      await stage.finish();
      await opts.onProgress?.(stats.rows);
      if (errors.count === 0 && stats.rows === 0 && stats.header.length) errors.add({ line: 2 }, 'the file has a header row but no class members');
      if (stats.header.length && stage.rows > 0) await reportDuplicates(tx, errors, recordIdColumn);
      if (errors.count > 0) throw new CsvRejected(file, errors.summary(), errors.count);

      await tx.execute(sql.raw(`ANALYZE ${STAGING.name}`));
      const changes = await diff(tx, sid, mode);
      if (mode === 'replace' && changes.removed > 0) {
        const [{ n }] = rowsOf<{ n: number }>(
          await tx.execute(sql`
            SELECT count(*)::int AS n FROM claims c
            WHERE c.settlement_id = ${sid} AND c.matched_record_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM classlist_staging s WHERE s.record_id = c.matched_record_id)
              AND EXISTS (SELECT 1 FROM class_members m WHERE m.settlement_id = ${sid} AND m.record_id = c.matched_record_id)`),
        );
        if (n > 0)
          throw new AppError(
            'conflict',
            `${file}: replace would remove ${changes.removed.toLocaleString('en-US')} class members, and ${n.toLocaleString('en-US')} claim${n === 1 ? ' is' : 's are'} matched to them; nothing was imported. Resolve those claims first, or import with --mode merge (which keeps members missing from the file).`,
          );
      }
      await merge(tx, sid, mode);
      const [{ members }] = rowsOf<{ members: number }>(await tx.execute(sql`SELECT count(*)::int AS members FROM class_members WHERE settlement_id = ${sid}`));
      const result: ClassListImportResult = { file, mode, rows: stage.rows, members, bytes: stats.bytes, sha256: stats.sha256, ...changes };
      const { samples: _samples, ...counts } = result;
      // Counts and the file's fingerprint only: no record id, identifier or attribute value.
      await appendAudit(tx, { settlementId: sid, actor, action: 'classlist.import', targetType: 'settlement', targetId: settlement.slug, details: counts });
      return result;
    },
    { batchSize: opts.batchSize },
  );
}

/** record_id must be unique in the file: checked in the staging table, so memory stays flat. */
async function reportDuplicates(tx: Tx, errors: CsvErrorList, column: number | undefined): Promise<void> {
  const dups = rowsOf<{ record_id: string; lines: number[]; extra: number }>(
    await tx.execute(sql`
      SELECT record_id, (array_agg(line ORDER BY line))[1:20] AS lines, count(*)::int - 1 AS extra
      FROM classlist_staging GROUP BY record_id HAVING count(*) > 1 ORDER BY min(line) LIMIT ${errors.cap + 1}`),
  );
  if (!dups.length) return;
  const [{ total }] = rowsOf<{ total: number }>(await tx.execute(sql`SELECT (count(*) - count(DISTINCT record_id))::int AS total FROM classlist_staging`));
  let reported = 0;
  for (const d of dups) {
    const lines = d.lines.map(Number);
    for (const line of lines.slice(1)) {
      errors.add({ line, column, header: 'record_id' }, `record_id "${d.record_id.slice(0, 100)}" is also on line ${lines[0]}; each record_id must be unique`);
      reported++;
    }
  }
  // Duplicates beyond the ones listed are still counted, so the summary's "… and N more" is right.
  errors.count += Math.max(0, total - reported);
}

const changedHash = HASHES.map((h) => `m.${h} IS DISTINCT FROM s.${h}`).join(' OR ');

async function diff(tx: Tx, sid: string, mode: ImportMode): Promise<ClassListChanges> {
  const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await tx.execute(q));
  const [c] = await one<{ added: number; changed_attributes: number; changed_contact: number; unchanged: number }>(sql`
    SELECT
      count(*) FILTER (WHERE m.id IS NULL)::int AS added,
      count(*) FILTER (WHERE m.id IS NOT NULL AND m.attributes IS DISTINCT FROM s.attributes::jsonb)::int AS changed_attributes,
      count(*) FILTER (WHERE m.id IS NOT NULL AND (${sql.raw(changedHash)}))::int AS changed_contact,
      count(*) FILTER (WHERE m.id IS NOT NULL AND m.attributes IS NOT DISTINCT FROM s.attributes::jsonb AND NOT (${sql.raw(changedHash)}))::int AS unchanged
    FROM classlist_staging s LEFT JOIN class_members m ON m.settlement_id = ${sid} AND m.record_id = s.record_id`);
  const removed =
    mode === 'replace'
      ? (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM class_members m WHERE m.settlement_id = ${sid} AND NOT EXISTS (SELECT 1 FROM classlist_staging s WHERE s.record_id = m.record_id)`))[0].n
      : 0;
  const byAttr = await one<{ name: string; n: number }>(sql`
    SELECT k.name, count(*)::int AS n
    FROM classlist_staging s JOIN class_members m ON m.settlement_id = ${sid} AND m.record_id = s.record_id
    CROSS JOIN LATERAL (SELECT jsonb_object_keys(m.attributes || s.attributes::jsonb) AS name) k
    WHERE m.attributes IS DISTINCT FROM s.attributes::jsonb AND (m.attributes -> k.name) IS DISTINCT FROM (s.attributes::jsonb -> k.name)
    GROUP BY k.name ORDER BY k.name`);
  const ids = async (q: ReturnType<typeof sql>) => (await one<{ record_id: string }>(q)).map((r) => r.record_id);
  const samples = {
    added: c.added ? await ids(sql`SELECT s.record_id FROM classlist_staging s WHERE NOT EXISTS (SELECT 1 FROM class_members m WHERE m.settlement_id = ${sid} AND m.record_id = s.record_id) ORDER BY s.line LIMIT 10`) : [],
    removed: removed ? await ids(sql`SELECT m.record_id FROM class_members m WHERE m.settlement_id = ${sid} AND NOT EXISTS (SELECT 1 FROM classlist_staging s WHERE s.record_id = m.record_id) ORDER BY m.id LIMIT 10`) : [],
    changed:
      c.changed_attributes || c.changed_contact
        ? await ids(sql`SELECT s.record_id FROM classlist_staging s JOIN class_members m ON m.settlement_id = ${sid} AND m.record_id = s.record_id
            WHERE m.attributes IS DISTINCT FROM s.attributes::jsonb OR ${sql.raw(changedHash)} ORDER BY s.line LIMIT 10`)
        : [],
  };
  return {
    added: c.added,
    removed,
    changedAttributes: c.changed_attributes,
    changedByAttribute: Object.fromEntries(byAttr.map((r) => [r.name, r.n])),
    changedContact: c.changed_contact,
    unchanged: c.unchanged,
    samples,
  };
}

/**
 * One upsert by (settlement, record_id). Only the columns the file owns are written: notice_id, the
 * confirmation code, notice_code, notice_issued_at and undeliverable are left as they are. The sealed
 * contact details are re-sealed on every import (city or state alone may have changed, which no hash
 * shows); updated_at moves only when something verification reads changed.
 */
async function merge(tx: Tx, sid: string, mode: ImportMode): Promise<void> {
  const cols = HASHES.join(', ');
  const set = HASHES.map((h) => `${h} = excluded.${h}`).join(', ');
  const changed = [...HASHES.map((h) => `class_members.${h} IS DISTINCT FROM excluded.${h}`), 'class_members.attributes IS DISTINCT FROM excluded.attributes'].join(' OR ');
  await tx.execute(sql`
    INSERT INTO class_members (settlement_id, record_id, ${sql.raw(cols)}, pii, attributes, created_at, updated_at)
    SELECT ${sid}::uuid, s.record_id, ${sql.raw(HASHES.map((h) => `s.${h}`).join(', '))}, s.pii, s.attributes::jsonb, now(), now()
    FROM classlist_staging s
    ON CONFLICT (settlement_id, record_id) DO UPDATE SET ${sql.raw(set)}, pii = excluded.pii, attributes = excluded.attributes,
      updated_at = CASE WHEN ${sql.raw(changed)} THEN now() ELSE class_members.updated_at END`);
  if (mode === 'replace')
    await tx.execute(sql`DELETE FROM class_members m WHERE m.settlement_id = ${sid} AND NOT EXISTS (SELECT 1 FROM classlist_staging s WHERE s.record_id = m.record_id)`);
}

/** The console's summary: how many members, and the last import's audit row. */
export async function classListStatus(db: Db, settlementId: string) {
  const [{ members }] = rowsOf<{ members: number }>(await db.execute(sql`SELECT count(*)::int AS members FROM class_members WHERE settlement_id = ${settlementId}`));
  const [last] = rowsOf<{ at: string | Date; actor: string; details: Record<string, unknown> }>(
    await db.execute(sql`SELECT at, actor, details FROM audit_log WHERE settlement_id = ${settlementId} AND action = 'classlist.import' ORDER BY id DESC LIMIT 1`),
  );
  return { members, lastImport: last ? { at: new Date(last.at), actor: last.actor, details: last.details } : null };
}
