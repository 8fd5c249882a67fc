import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '@/db/client';
import { classMembers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { NOTICE_PREFIX, parsePublicId } from '@/lib/claims/claim-id';
import { CsvErrorList, CsvRejected, readCsv, type CsvSource } from '@/lib/csv/read';
import { keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseEmail } from '@/lib/privacy/normalise';

/**
 * `fairshare notices bounces FILE.csv`: the relay's or the mail vendor's bounce report.
 *
 * Columns (header row, any order): `email` or `notice_id` (at least one per row), `type` (hard | soft),
 * `reason` (free text, kept only as a short code-like string), `bounced_at` (ISO 8601 date or date-time).
 * All-or-nothing: every problem is reported as `file:line:column (field)` and nothing changes.
 *
 * A bounce marks the member's latest message to that address `bounced`; a hard bounce also marks the
 * member `undeliverable` (so the postcard file picks them up). A member whose address later changes
 * gets a `resend` in the next `notices send` (lib/notices/outbox.ts).
 */

export const BOUNCE_COLUMNS = ['email', 'notice_id', 'type', 'reason', 'bounced_at'] as const;

const bouncedAt = z.string().trim().refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date like 2026-12-01 or 2026-12-01T14:03:00Z');

type Bounce = { line: number; memberId: number; emailHash: string | null; type: 'hard' | 'soft'; reason: string; at: Date };

export type BounceResult = { rows: number; hard: number; soft: number; messagesBounced: number; membersUndeliverable: number };

export async function importBounces(db: Db, settlementId: string, source: CsvSource, opts: { file: string; actor: string }): Promise<BounceResult> {
  const key = await settlementKey(db, settlementId);
  const errors = new CsvErrorList(opts.file);
  const parsed: (Omit<Bounce, 'memberId' | 'emailHash'> & { noticeId?: string; emailHash?: string; at0: { line: number; column?: number; header: string } })[] = [];
  for await (const row of readCsv(source, { errors, required: ['type'], known: BOUNCE_COLUMNS })) {
    const f = row.fields;
    const email = f.email?.trim();
    const notice = f.notice_id?.trim();
    if (!email && !notice) {
      errors.add(row.at('email'), 'give the e-mail address or the Notice ID the bounce is for');
      continue;
    }
    let noticeId: string | undefined;
    if (notice) {
      noticeId = parsePublicId(notice, NOTICE_PREFIX) ?? undefined;
      if (!noticeId) errors.add(row.at('notice_id'), 'not a valid Notice ID (check the characters)');
    }
    let emailHash: string | undefined;
    if (email) {
      if (!z.email().safeParse(email).success) errors.add(row.at('email'), 'not an e-mail address');
      else emailHash = keyedHash(key, 'email', normaliseEmail(email));
    }
    const type = f.type?.trim().toLowerCase();
    if (type !== 'hard' && type !== 'soft') errors.add(row.at('type'), 'must be hard or soft');
    const at = bouncedAt.safeParse(f.bounced_at ?? '');
    if (!at.success) errors.add(row.at('bounced_at'), at.error.issues[0].message);
    const reason = (f.reason ?? '').trim().slice(0, 200);
    if (type === 'hard' || type === 'soft')
      if (at.success) parsed.push({ line: row.line, noticeId, emailHash, type, reason, at: new Date(at.data), at0: row.at(noticeId ? 'notice_id' : 'email') });
  }
  if (errors.count > 0) throw new CsvRejected(opts.file, errors.summary(), errors.count);

  // Who each row is: by Notice ID, else by the address's keyed hash. Unknown ones reject the file.
  const noticeIds = [...new Set(parsed.flatMap((p) => (p.noticeId ? [p.noticeId] : [])))];
  const hashes = [...new Set(parsed.flatMap((p) => (p.emailHash && !p.noticeId ? [p.emailHash] : [])))];
  const byNotice = new Map<string, { id: number; emailHash: string | null }>();
  const byHash = new Map<string, { id: number; emailHash: string | null }[]>();
  for (let i = 0; i < noticeIds.length; i += 1000) {
    const rows = await db.select({ id: classMembers.id, noticeId: classMembers.noticeId, emailHash: classMembers.emailHash }).from(classMembers)
      .where(and(eq(classMembers.settlementId, settlementId), inArray(classMembers.noticeId, noticeIds.slice(i, i + 1000))));
    for (const r of rows) byNotice.set(r.noticeId!, r);
  }
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db.select({ id: classMembers.id, emailHash: classMembers.emailHash }).from(classMembers)
      .where(and(eq(classMembers.settlementId, settlementId), inArray(classMembers.emailHash, hashes.slice(i, i + 1000))));
    for (const r of rows) byHash.set(r.emailHash!, [...(byHash.get(r.emailHash!) ?? []), r]);
  }
  const bounces: Bounce[] = [];
  for (const p of parsed) {
    const members = p.noticeId ? [byNotice.get(p.noticeId)].filter((m) => m !== undefined) : (byHash.get(p.emailHash!) ?? []);
    if (members.length === 0) {
      errors.add(p.at0, p.noticeId ? 'no class member has this Notice ID' : 'no class member has this e-mail address');
      continue;
    }
    // The address that bounced: the one given, else (by Notice ID) the member's current one.
    for (const m of members) bounces.push({ line: p.line, memberId: m.id, emailHash: p.emailHash ?? m.emailHash, type: p.type, reason: p.reason, at: p.at });
  }
  if (errors.count > 0) throw new CsvRejected(opts.file, errors.summary(), errors.count);

  return db.transaction(async (tx) => {
    let messagesBounced = 0;
    const undeliverable = new Set<number>();
    for (const b of bounces) {
      const r = await tx.execute(sql`
        update notice_messages set state = 'bounced', bounced_at = ${b.at}, bounce_type = ${b.type}, last_error = ${b.reason ? `bounce: ${b.reason}` : 'bounce'}, updated_at = now()
         where id = (select id from notice_messages where member_id = ${b.memberId} and state in ('sent', 'sending', 'bounced')
                        and email_hash is not distinct from ${b.emailHash} order by id desc limit 1)
         returning id`);
      messagesBounced += rowsOf(r).length;
      if (b.type === 'hard') undeliverable.add(b.memberId);
    }
    const ids = [...undeliverable];
    for (let i = 0; i < ids.length; i += 1000) {
      await tx.execute(sql`update class_members c set undeliverable = true
         where c.id in (${sql.join(ids.slice(i, i + 1000).map((id) => sql`${id}`), sql`, `)})`);
    }
    const result: BounceResult = { rows: parsed.length, hard: parsed.filter((p) => p.type === 'hard').length, soft: parsed.filter((p) => p.type === 'soft').length, messagesBounced, membersUndeliverable: ids.length };
    await appendAudit(tx, { settlementId, actor: opts.actor, action: 'notices.bounces_import', targetId: opts.file.split('/').at(-1), details: result });
    return result;
  });
}
