import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';

/**
 * The notice figures the declaration and the dashboard report (DOMAIN.md §6), from the outbox:
 * - sent: initial e-mail notices the relay accepted (including those that later bounced);
 * - bounced: messages that bounced (initial or resend);
 * - delivered: messages sent and not bounced;
 * - resent: resend messages sent to an updated address;
 * - noEmail: members with a Notice ID and no usable e-mail (none, hard-bounced, or the current address bounced);
 * - postcards: rows of the latest postcard file handed to the mail vendor (`notices export --postcards`;
 *   the address is sealed, so only the export can tell who has a mailing address).
 * The funnel: class members → notified (an e-mail sent, or a postcard) → reached (an e-mail delivered, or a postcard) → claims → verified.
 */
export type NoticeCounts = {
  classMembers: number;
  issued: number;
  queued: number;
  /** Rows in `sending`: in flight while a campaign runs, in doubt after a crash. */
  inDoubt: number;
  /** `sending` rows claimed over a minute ago: a sender sends a claimed row at once, so these are in doubt. */
  staleSending: number;
  sent: number;
  delivered: number;
  bounced: number;
  resent: number;
  failed: number;
  noEmail: number;
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
        count(*) filter (where state = 'sending')::int as in_doubt,
        count(*) filter (where state = 'sending' and claimed_at < now() - interval '1 minute')::int as stale_sending
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
             count(*) filter (where postcard)::int as no_email,
             count(*) filter (where emailed)::int as emailed,
             count(*) filter (where reached)::int as reached,
             count(*) filter (where postcard and not emailed)::int as postcard_not_emailed,
             count(*) filter (where postcard and not reached)::int as postcard_not_reached
        from pc`),
  );
  const [k] = rowsOf<Record<string, number>>(
    await db.execute(sql`select count(*)::int as claims, count(*) filter (where verification_status in ('matched', 'verified'))::int as verified
      from claims where settlement_id = ${settlementId}`),
  );
  const [p] = rowsOf<{ rows: number | null }>(
    await db.execute(sql`select (details->>'rows')::int as rows from audit_log
      where settlement_id = ${settlementId} and action = 'notices.export_postcards' order by id desc limit 1`),
  );
  const n = (v: unknown) => Number(v ?? 0);
  const postcards = n(p?.rows);
  return {
    classMembers: n(c.members),
    issued: n(c.issued),
    queued: n(m.queued),
    inDoubt: n(m.in_doubt),
    staleSending: n(m.stale_sending),
    sent: n(m.sent),
    delivered: n(m.delivered),
    bounced: n(m.bounced),
    resent: n(m.resent),
    failed: n(m.failed),
    noEmail: n(c.no_email),
    postcards,
    funnel: { classMembers: n(c.members), // A postcard reaches someone e-mail did not (or whose e-mail bounced); capped so nobody counts twice.
      notified: n(c.emailed) + Math.min(postcards, n(c.postcard_not_emailed)),
      reached: n(c.reached) + Math.min(postcards, n(c.postcard_not_reached)), claims: n(k.claims), verified: n(k.verified) },
  };
}
