import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { classMembers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLASS_PII, type ClassRecord } from '@/lib/classlist/members';
import { csvLine } from '@/lib/csv/encode';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { NOTICE_CODE_AAD } from './codes';

/**
 * The mail vendor's files. They hold what a notice needs and nothing more: Notice ID, confirmation code
 * (unsealed here, the one place it leaves the database in the clear), name and mailing address, and —
 * in the full file — the e-mail. Every cell goes through csvLine's formula-injection guard; the audit
 * row records who exported how many rows, never the data.
 *
 * - `full`: every member with a Notice ID (the vendor's master file).
 * - `postcards`: members without a usable e-mail — none on file, marked undeliverable (hard bounce), or
 *   whose current address bounced — that have a mailing address (street, city, zip).
 */

export const VENDOR_COLUMNS = ['notice_id', 'confirmation_code', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country', 'email'] as const;
export const POSTCARD_COLUMNS = VENDOR_COLUMNS.filter((c) => c !== 'email');

export type NoticeExportKind = 'full' | 'postcards';
type Pii = Omit<ClassRecord, 'recordId' | 'attributes' | 'noticeId' | 'confirmationCode'>;

export type NoticeExport = { lines: AsyncGenerator<string>; counter: { rows: number } };

function hasMailingAddress(p: Pii): boolean {
  return Boolean(p.street?.trim() && p.city?.trim() && p.zip?.trim());
}

export function exportNotices(db: Db, settlementId: string, opts: { kind: NoticeExportKind; actor: string; batchSize?: number }): NoticeExport {
  const counter = { rows: 0 };
  const batchSize = opts.batchSize ?? 2000;
  const postcards = opts.kind === 'postcards';
  async function* lines(): AsyncGenerator<string> {
    const key = await settlementKey(db, settlementId);
    yield csvLine(postcards ? POSTCARD_COLUMNS : VENDOR_COLUMNS);
    let after = 0;
    for (;;) {
      const batch = await db
        .select({
          id: classMembers.id,
          noticeId: classMembers.noticeId,
          noticeCode: classMembers.noticeCode,
          pii: classMembers.pii,
          // No usable e-mail: none on file, a hard bounce, or the current address's last message bounced.
          // Spelled out with the table name: drizzle writes bare column names here, which the subquery would read as its own.
          noEmail: sql<boolean>`(class_members.email_hash is null or class_members.undeliverable or exists (
              select 1 from notice_messages m where m.member_id = class_members.id and m.state = 'bounced'
                 and m.email_hash is not distinct from class_members.email_hash))`,
        })
        .from(classMembers)
        .where(and(eq(classMembers.settlementId, settlementId), isNotNull(classMembers.noticeId), gt(classMembers.id, after)))
        .orderBy(asc(classMembers.id))
        .limit(batchSize);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      for (const m of batch) {
        if (postcards && !m.noEmail) continue;
        const p = decryptJson<Pii>(key, m.pii, CLASS_PII);
        if (postcards && !hasMailingAddress(p)) continue;
        const code = m.noticeCode ? decryptJson<string>(key, m.noticeCode, NOTICE_CODE_AAD) : '';
        const cells = [m.noticeId, code, p.firstName, p.lastName, p.street, p.city, p.state, p.zip, p.country];
        if (!postcards) cells.push(p.email);
        counter.rows++;
        yield csvLine(cells);
      }
    }
    await db.transaction((tx) =>
      appendAudit(tx, { settlementId, actor: opts.actor, action: postcards ? 'notices.export_postcards' : 'notices.export', details: { rows: counter.rows } }),
    );
  }
  return { lines: lines(), counter };
}
