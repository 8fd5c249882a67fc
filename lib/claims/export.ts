import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { claims } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { neutraliseCell } from '@/lib/csv/safe-cell';
import type { Settlement } from '@/lib/settlements/service';

/**
 * `fairshare claims export` (INTERFACES.md §3.1): every claim with its current state, one row each,
 * streamed page by page (keyset on the primary key, never the whole table in memory). No personal
 * data is in these columns; every text cell still goes through neutraliseCell, because claim_ref comes
 * from outside and `=HYPERLINK(…)` must stay text in a spreadsheet.
 */

export const EXPORT_COLUMNS = [
  'claim_id', 'claim_ref', 'status', 'tier', 'units', 'verification_status', 'matched_record_id', 'fraud_score',
  'fraud_action', 'fraud_reasons', 'decision', 'decision_reason', 'payment_method', 'submitted_at',
] as const;

export type ExportOptions = { pageSize?: number; onProgress?: (rows: number) => void };
export type ExportResult = { rows: number; file: string };

const columns = {
  id: claims.id,
  claimId: claims.claimId,
  claimRef: claims.claimRef,
  status: claims.status,
  tier: claims.tier,
  units: claims.units,
  verificationStatus: claims.verificationStatus,
  matchedRecordId: claims.matchedRecordId,
  fraudScore: claims.fraudScore,
  fraudAction: claims.fraudAction,
  fraudReasons: claims.fraudReasons,
  decision: claims.decision,
  decisionReason: claims.decisionReason,
  paymentMethod: claims.paymentMethod,
  submittedAt: claims.submittedAt,
};
function toCells(c: { [K in Exclude<keyof typeof columns, 'id'>]: unknown } & { fraudReasons: string[] | null; submittedAt: Date | null }): (string | number | boolean | null)[] {
  return [
    c.claimId, c.claimRef, c.status, c.tier, c.units, c.verificationStatus, c.matchedRecordId, c.fraudScore,
    c.fraudAction, (c.fraudReasons ?? []).join(';'), c.decision, c.decisionReason, c.paymentMethod,
    c.submittedAt ? c.submittedAt.toISOString() : null,
  ].map(neutraliseCell);
}

/**
 * Writes the export to `out` (a path, or a stream such as stdout). A path is written to a temporary
 * file and renamed at the end, so a failed export never leaves a half-written file behind.
 */
export async function exportClaims(db: Db, settlement: Settlement, out: string | Writable, actor: string, opts: ExportOptions = {}): Promise<ExportResult> {
  const pageSize = opts.pageSize ?? 2000;
  const target = typeof out === 'string' ? path.resolve(out) : null;
  const tmp = target ? path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`) : null;
  const sink: Writable = tmp ? fs.createWriteStream(tmp, { mode: 0o600 }) : (out as Writable);
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'unix' });
  const piped = csv.pipe(sink, { end: !!tmp });
  let rows = 0;
  const audit = { settlementId: settlement.id, actor, targetType: 'settlement', targetId: settlement.slug };
  // On the record before the first byte is written (to standard output the bytes leave at once), so an
  // export that is interrupted is still audited as started; the row count follows when it completes.
  const started = await db.transaction((tx) => appendAudit(tx, { ...audit, action: 'claims.export', details: { columns: EXPORT_COLUMNS.length } }));

  try {
    // One snapshot: claims changing while the export runs cannot make it skip or repeat a row.
    await db.transaction(
      async (tx) => {
        for (let after = 0; ; ) {
          const page = await tx
            .select(columns)
            .from(claims)
            .where(and(eq(claims.settlementId, settlement.id), gt(claims.id, after)))
            .orderBy(asc(claims.id))
            .limit(pageSize);
          if (page.length === 0) break;
          for (const c of page) {
            // Respect back-pressure: a slow disk or pipe must not make the rows pile up in memory.
            if (!csv.write(toCells(c))) await once(csv, 'drain');
          }
          rows += page.length;
          after = page[page.length - 1].id;
          opts.onProgress?.(rows);
        }
        csv.end();
        if (tmp) {
          await once(piped, 'finish');
          fs.renameSync(tmp, target!);
        } else await once(csv, 'end');
      },
      { isolationLevel: 'repeatable read' },
    );
  } catch (e) {
    csv.destroy();
    if (tmp) {
      sink.destroy();
      // A failed export leaves no half-written file behind.
      fs.rmSync(tmp, { force: true });
    }
    throw e;
  }
  // Its own read committed transaction: the snapshot above would read a stale chain head.
  await db.transaction((tx) => appendAudit(tx, { ...audit, action: 'claims.export_completed', details: { rows, columns: EXPORT_COLUMNS.length, started: started.id } }));
  return { rows, file: target ?? 'stdout' };
}
