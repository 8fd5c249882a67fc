import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { CLASS_PII } from '@/lib/classlist/members';
import { publicBaseUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { sendMail, type Mail } from '@/lib/mail/send';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { NOTICE_CODE_AAD } from './codes';
import { noticeMail } from './template';

/**
 * The notice e-mail outbox (db/schema/notices.ts, docs/decisions/0018-notice-outbox.md).
 *
 * AT MOST ONCE. A batch of queued rows is claimed with FOR UPDATE SKIP LOCKED (several senders share the
 * work), marked `sending` with the Message-ID it will carry, and COMMITTED before any byte goes to the
 * relay; each row is marked `sent` in its own transaction once the relay accepted it. A crash between
 * the relay's "250 OK" and that commit leaves the row `sending`: in doubt. Sending it again could give
 * someone a second copy, so later runs skip in-doubt rows and report them. The operator looks the stored
 * Message-IDs up in the relay's log and resolves them: `notices send --mark-in-doubt-sent` (the relay has
 * them) or `notices send --retry-in-doubt` (it does not). At most `concurrency` rows per sender can be in
 * doubt after a crash (each worker claims only the message it sends next).
 */

export const INITIAL_CAMPAIGN = 'notice';
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced';
const MAX_ATTEMPTS = 5;

/** Queues an initial notice for every member with an e-mail and a Notice ID that has none, and a resend for every member whose address changed since its last message bounced. Idempotent (unique key). */
export async function enqueueNotices(db: Db, settlementId: string, actor: string): Promise<{ initial: number; resend: number }> {
  return db.transaction(async (tx) => {
    const initial = await tx.execute(sql`
      insert into notice_messages (settlement_id, member_id, campaign, kind, email_hash)
      select c.settlement_id, c.id, ${INITIAL_CAMPAIGN}, 'initial', c.email_hash
        from class_members c
       where c.settlement_id = ${settlementId} and c.notice_id is not null and c.email_hash is not null and not c.undeliverable
         and not exists (select 1 from notice_messages m where m.member_id = c.id and m.kind = 'initial')
      on conflict do nothing`);
    // A resend goes to the member's CURRENT address when a message to an earlier address bounced and no
    // message was ever queued for this one (a class-list re-import changed pii and email_hash).
    const resend = await tx.execute(sql`
      insert into notice_messages (settlement_id, member_id, campaign, kind, email_hash)
      select c.settlement_id, c.id, 'resend:' || c.email_hash, 'resend', c.email_hash
        from class_members c
       where c.settlement_id = ${settlementId} and c.notice_id is not null and c.email_hash is not null
         and exists (select 1 from notice_messages b where b.member_id = c.id and b.state = 'bounced' and b.email_hash is distinct from c.email_hash)
         and not exists (select 1 from notice_messages m where m.member_id = c.id and m.email_hash = c.email_hash)
      on conflict do nothing`);
    const counts = { initial: affected(initial), resend: affected(resend) };
    if (counts.initial + counts.resend > 0) await appendAudit(tx, { settlementId, actor, action: 'notices.enqueue', details: counts });
    return counts;
  });
}

function affected(r: unknown): number {
  const x = r as { rowCount?: number | null; affectedRows?: number };
  return x.rowCount ?? x.affectedRows ?? 0;
}

type Claimed = { id: number; kind: string; message_id: string; pii: string; notice_id: string; notice_code: string | null };

/** Claims up to `n` queued rows: marks them `sending` with their Message-ID and commits. Nothing is sent yet. */
async function claimBatch(db: Db, settlementId: string, n: number, domain: string): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const r = await tx.execute(sql`
      with picked as (
        select id from notice_messages
         where settlement_id = ${settlementId} and state = 'queued'
         order by id limit ${n}
         for update skip locked)
      update notice_messages m
         set state = 'sending', attempts = m.attempts + 1, claimed_at = now(), updated_at = now(),
             smtp_message_id = '<notice-' || m.id || '.' || (m.attempts + 1) || '.' || ${randomBytes(4).toString('hex')} || '@' || ${domain} || '>'
        from picked, class_members c
       where m.id = picked.id and c.id = m.member_id
      returning m.id, m.kind, m.smtp_message_id as message_id, c.pii, c.notice_id, c.notice_code`);
    return rowsOf<Claimed>(r).sort((a, b) => a.id - b.id);
  });
}

/** A pacer: at most `rate` starts per second across the sender's workers. */
function pacer(rate: number | undefined) {
  let next = 0;
  return async () => {
    if (!rate) return;
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + 1000 / rate;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

export type SendOptions = {
  actor: string;
  /** Messages per second (default: as fast as the relay takes them). */
  rate?: number;
  /** Send at most this many messages in this run. */
  limit?: number;
  batchSize?: number;
  /** Messages in flight at once (default 4, nodemailer's pool size in lib/mail). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** For tests and benchmarks: the transport. Default lib/mail sendMail (SMTP_URL). */
  send?: (mail: Mail) => Promise<{ messageId: string }>;
};

export type SendResult = { sent: number; failed: number; requeued: number; inDoubt: number; remaining: number };

function mailDomain(): string {
  const from = process.env.MAIL_FROM ?? '';
  return /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'fairshare.local';
}

/** SMTP error → what the row becomes. A refusal (5xx) is final; 4xx and "could not connect" mean nothing was sent; anything else during the transfer is in doubt. */
export function classifySendError(e: unknown, attempts: number): { state: MessageState; reason: string; fatal: boolean } {
  const x = e as { responseCode?: number; code?: string; command?: string; message?: string };
  if (typeof x.responseCode === 'number') {
    if (x.responseCode >= 500) return { state: 'failed', reason: `smtp_${x.responseCode}`, fatal: false };
    return { state: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued', reason: `smtp_${x.responseCode}`, fatal: false };
  }
  if (x.command === 'CONN' || x.code === 'ECONNECTION' || x.code === 'ECONNREFUSED' || x.code === 'EDNS')
    return { state: 'queued', reason: `connect_${x.code ?? 'error'}`, fatal: true };
  return { state: 'sending', reason: `in_doubt_${x.code ?? 'error'}`, fatal: true };
}

export async function sendQueuedNotices(db: Db, settlement: Settlement, opts: SendOptions): Promise<SendResult> {
  const key = await settlementKey(db, settlement.id);
  const send = opts.send ?? sendMail;
  const site = `${publicBaseUrl()}/${settlement.slug}`;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  // Each worker claims only what it sends next, so a crash leaves at most concurrency × batchSize rows in doubt.
  const batchSize = Math.max(1, opts.batchSize ?? 1);
  const limit = opts.limit ?? Infinity;
  const wait = pacer(opts.rate);
  const domain = mailDomain();
  const result: SendResult = { sent: 0, failed: 0, requeued: 0, inDoubt: 0, remaining: 0 };
  const total = Math.min(limit, (await messageCounts(db, settlement.id)).queued);
  let fatal: Error | null = null;
  let taken = 0;
  // Audited in rounds (not per message): who sent how many, never to whom.
  let unaudited = { sent: 0, failed: 0, requeued: 0 };
  const audit = async () => {
    if (unaudited.sent + unaudited.failed + unaudited.requeued === 0) return;
    const details = unaudited;
    unaudited = { sent: 0, failed: 0, requeued: 0 };
    await db.transaction((tx) => appendAudit(tx, { settlementId: settlement.id, actor: opts.actor, action: 'notices.send_batch', details }));
  };
  const count = async (what: 'sent' | 'failed' | 'requeued') => {
    result[what]++;
    unaudited[what]++;
    if (unaudited.sent + unaudited.failed + unaudited.requeued >= 100) await audit();
    if (what !== 'requeued') await opts.onProgress?.(result.sent + result.failed, total);
  };

  const sendOne = async (row: Claimed) => {
    const pii = decryptJson<{ email?: string }>(key, row.pii, CLASS_PII);
    const code = row.notice_code ? decryptJson<string>(key, row.notice_code, NOTICE_CODE_AAD) : null;
    if (!pii.email || !code) {
      await db.execute(sql`update notice_messages set state = 'failed', last_error = ${!pii.email ? 'no_email' : 'no_code'}, updated_at = now() where id = ${row.id}`);
      return count('failed');
    }
    const mail = { ...noticeMail(settlement.config, { to: pii.email, noticeId: row.notice_id, confirmationCode: code, siteUrl: site, resend: row.kind === 'resend' }), messageId: row.message_id };
    try {
      await send(mail);
    } catch (e) {
      const [{ attempts }] = rowsOf<{ attempts: number }>(await db.execute(sql`select attempts from notice_messages where id = ${row.id}`));
      const c = classifySendError(e, attempts);
      await db.execute(sql`update notice_messages set state = ${c.state}, last_error = ${c.reason}, updated_at = now() where id = ${row.id}`);
      if (c.fatal) fatal ??= new AppError('internal', `the mail relay is not answering (${c.reason}); nothing more was sent — run \`fairshare notices send\` again when it is back`);
      if (c.state === 'failed') return count('failed');
      if (c.state === 'queued') return count('requeued');
      return; // in doubt: stays `sending`
    }
    await db.transaction(async (tx) => {
      await tx.execute(sql`update notice_messages set state = 'sent', sent_at = now(), last_error = null, updated_at = now() where id = ${row.id} and state = 'sending'`);
      // A message that reached a new address makes the member reachable by e-mail again.
      if (row.kind === 'resend') await tx.execute(sql`update class_members set undeliverable = false where id = (select member_id from notice_messages where id = ${row.id})`);
    });
    return count('sent');
  };

  const worker = async () => {
    while (!fatal && !opts.signal?.aborted && taken < limit) {
      const want = Math.min(batchSize, limit - taken);
      taken += want;
      await wait(); // paced before claiming, so a claimed row is sent at once and never waits in `sending`
      const rows = await claimBatch(db, settlement.id, want, domain);
      taken -= want - rows.length;
      if (rows.length === 0) return;
      for (const row of rows) {
        if (fatal || opts.signal?.aborted) {
          // Never handed to the relay: safe to put back.
          await db.execute(sql`update notice_messages set state = 'queued', attempts = attempts - 1, updated_at = now() where id = ${row.id} and state = 'sending'`);
          continue;
        }
        await sendOne(row);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await audit();
  const counts = await messageCounts(db, settlement.id);
  result.remaining = counts.queued;
  result.inDoubt = counts.sending;
  if (fatal) throw fatal;
  return result;
}

export type MessageCounts = Record<MessageState, number>;

export async function messageCounts(db: Db, settlementId: string): Promise<MessageCounts> {
  const rows = rowsOf<{ state: MessageState; n: number }>(
    await db.execute(sql`select state, count(*)::int as n from notice_messages where settlement_id = ${settlementId} group by state`),
  );
  const out: MessageCounts = { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/** In-doubt rows (state `sending`, claimed more than `olderThanSeconds` ago, so no live sender holds them), with the Message-IDs to look up in the relay log. */
export async function listInDoubt(db: Db, settlementId: string, olderThanSeconds = 0): Promise<{ id: number; messageId: string; claimedAt: string }[]> {
  return rowsOf<{ id: number; message_id: string; claimed_at: string }>(
    await db.execute(sql`select id, smtp_message_id as message_id, claimed_at from notice_messages
      where settlement_id = ${settlementId} and state = 'sending' and claimed_at <= now() - make_interval(secs => ${olderThanSeconds}) order by id`),
  ).map((r) => ({ id: Number(r.id), messageId: r.message_id, claimedAt: String(r.claimed_at) }));
}

/** The operator's resolution of in-doubt rows after checking the relay log: `retry` puts them back in the queue, `sent` records that the relay had them. */
export async function resolveInDoubt(db: Db, settlementId: string, how: 'retry' | 'sent', opts: { actor: string; olderThanSeconds?: number }): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx.execute(
      how === 'retry'
        ? sql`update notice_messages set state = 'queued', last_error = 'in_doubt_retried', updated_at = now()
               where settlement_id = ${settlementId} and state = 'sending' and claimed_at <= now() - make_interval(secs => ${opts.olderThanSeconds ?? 0})`
        : sql`update notice_messages set state = 'sent', sent_at = coalesce(sent_at, claimed_at), last_error = 'in_doubt_confirmed', updated_at = now()
               where settlement_id = ${settlementId} and state = 'sending' and claimed_at <= now() - make_interval(secs => ${opts.olderThanSeconds ?? 0})`,
    );
    const n = affected(r);
    await appendAudit(tx, { settlementId, actor: opts.actor, action: how === 'retry' ? 'notices.in_doubt_retry' : 'notices.in_doubt_sent', details: { messages: n } });
    return n;
  });
}
