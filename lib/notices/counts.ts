import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';

/**
 * The notice figures the declaration and the dashboard report (DOMAIN.md §6), from the outbox:
 * - sent: initial e-mail notices the relay accepted (including those that later bounced);
 * - bounced: messages that bounced (initial or resend);
 * - delivered: messages sent and not bounced;
 * - resent: resend messages sent to an updated address;
 * - postcards: members with a Notice ID and no usable e-mail (none, hard-bounced, or the current address bounced) — the postcard file.
 * The funnel: class members → notified (a message sent, or in the postcard group) → reached (a message delivered) → claims → verified.
 */
export type NoticeCounts = {
  classMembers: number;
  issued: number;
  queued: number;
  inDoubt: number;
  sent: number;
  delivered: number;
  bounced: number;
  resent: number;
  failed: number;
  postcards: number;
  funnel: { classMembers: number; notified: number; reached: number; claims: number; verified: number };
};

export async function noticeCounts(db: Queryable, settlementId: string): Promise<NoticeCounts> {
  const [m] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      select
        count(*) filter (where kind = 'initial' and state in ('sent', 'bounced'))::int as sent,
        count(*) filter (where state = 'sent')::int as delivered,
        count(*) filter (where state = 'bounced')::int as bounced,
        count(*) filter (where kind = 'resend' and state in ('sent', 'bounced'))::int as resent,
        count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'queued')::int as queued,
        count(*) filter (where state = 'sending')::int as in_doubt
      from notice_messages where settlement_id = ${settlementId}`),
  );
  const [c] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      with pc as (
        select c.id,
               c.notice_id is not null as issued,
               (c.notice_id is not null and (c.email_hash is null or c.undeliverable or exists (
                  select 1 from notice_messages b where b.member_id = c.id and b.state = 'bounced' and b.email_hash is not distinct from c.email_hash))) as postcard,
               exists (select 1 from notice_messages s where s.member_id = c.id and s.state in ('sent', 'bounced')) as emailed,
               exists (select 1 from notice_messages s where s.member_id = c.id and s.state = 'sent') as reached
          from class_members c where c.settlement_id = ${settlementId})
      select count(*)::int as members, count(*) filter (where issued)::int as issued,
             count(*) filter (where postcard)::int as postcards,
             count(*) filter (where emailed or postcard)::int as notified,
             count(*) filter (where reached)::int as reached
        from pc`),
  );
  const [k] = rowsOf<Record<string, number>>(
    await db.execute(sql`select count(*)::int as claims, count(*) filter (where verification_status in ('matched', 'verified'))::int as verified
      from claims where settlement_id = ${settlementId}`),
  );
  const n = (v: unknown) => Number(v ?? 0);
  return {
    classMembers: n(c.members),
    issued: n(c.issued),
    queued: n(m.queued),
    inDoubt: n(m.in_doubt),
    sent: n(m.sent),
    delivered: n(m.delivered),
    bounced: n(m.bounced),
    resent: n(m.resent),
    failed: n(m.failed),
    postcards: n(c.postcards),
    funnel: { classMembers: n(c.members), notified: n(c.notified), reached: n(c.reached), claims: n(k.claims), verified: n(k.verified) },
  };
}
