import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { CLASS_PII } from '@/lib/classlist/members';
import { publicBaseUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { mailSender, type Mail } from '@/lib/mail/send';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { NOTICE_CODE_AAD } from './codes';
import { noticeRenderer } from './template';

/**
 * The notice e-mail outbox (db/schema/notices.ts, docs/decisions/0018-notice-outbox.md).
 *
 * AT MOST ONCE. A batch of queued rows is claimed with FOR UPDATE SKIP LOCKED (several senders share the
 * work), marked `sending` with the Message-ID it will carry, and COMMITTED before any byte goes to the
 * relay; the batch is sent over a pool of SMTP connections, and its outcomes (sent, refused, requeued)
 * are recorded in one transaction once every message of the batch has its answer. A crash before that
 * commit leaves the batch `sending`: in doubt, whether or not the relay had said "250 OK". Sending it
 * again could give someone a second copy, so later runs skip in-doubt rows and report them. The operator
 * looks the stored Message-IDs up in the relay's log and resolves them: `notices send
 * --mark-in-doubt-sent` (the relay has them) or `notices send --retry-in-doubt` (it does not). At most
 * CLAIMERS × claimSize() rows per sender can be in doubt after a crash (200 by default, 8 at 40/s).
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

type Claimed = { id: number; kind: string; attempts: number; message_id: string; pii: string; notice_id: string; notice_code: string | null };

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
      returning m.id, m.kind, m.attempts, m.smtp_message_id as message_id, c.pii, c.notice_id, c.notice_code`);
    return rowsOf<Claimed>(r)
      .map((x) => ({ ...x, id: Number(x.id), attempts: Number(x.attempts) }))
      .sort((a, b) => a.id - b.id);
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
  /** Rows claimed per transaction (default 100; smaller under a low --rate, see claimSize). */
  batchSize?: number;
  /** Messages in flight at once = SMTP connections in the campaign's pool (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** For tests and benchmarks: the transport. Default a lib/mail pool of `concurrency` connections (SMTP_URL). */
  send?: (mail: Mail) => Promise<{ messageId: string }>;
};

export type SendResult = { sent: number; failed: number; requeued: number; inDoubt: number; remaining: number };

export const DEFAULT_CONCURRENCY = 16;
const DEFAULT_BATCH = 100;
/** Two claimers: one records its batch and claims the next while the other's batch is on the wire. */
const CLAIMERS = 2;

/**
 * Rows claimed per transaction. Claimed rows are `sending` until their batch is recorded, so a crash
 * leaves up to CLAIMERS × this many in doubt. Under a rate, a batch holds at most a tenth of a
 * second's worth, so paced rows do not wait long in `sending` (40/s → 4 per batch, 8 in doubt at most).
 */
export function claimSize(opts: Pick<SendOptions, 'rate' | 'batchSize'>): number {
  const size = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
  return opts.rate ? Math.min(size, Math.max(1, Math.ceil(opts.rate / 10))) : size;
}

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

/**
 * What became of one claimed row. `unsent`: never handed to the relay (the run stopped first), so it
 * goes back in the queue as if never claimed. `sending` with a reason: in doubt, it stays claimed.
 */
type Outcome = { row: Claimed; state: MessageState | 'unsent'; reason: string | null };

const idArray = (rows: Outcome[]) => `{${rows.map((o) => o.row.id).join(',')}}`;

/** Records a batch's outcomes in one transaction: one UPDATE per outcome kind, and one audit entry (how many, never to whom). */
async function recordBatch(db: Db, settlementId: string, actor: string, outcomes: Outcome[]): Promise<void> {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const k = `${o.state}\u0000${o.reason ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const n = (state: Outcome['state']) => outcomes.filter((o) => o.state === state).length;
  await db.transaction(async (tx) => {
    for (const g of groups.values()) {
      const { state, reason } = g[0];
      const ids = idArray(g);
      if (state === 'sent') {
        await tx.execute(sql`update notice_messages set state = 'sent', sent_at = now(), last_error = null, updated_at = now() where id = any(${ids}::bigint[]) and state = 'sending'`);
        // A message that reached a new address makes the member reachable by e-mail again.
        const resent = g.filter((o) => o.row.kind === 'resend');
        if (resent.length)
          await tx.execute(sql`update class_members set undeliverable = false where id in (select member_id from notice_messages where id = any(${idArray(resent)}::bigint[]))`);
      } else if (state === 'unsent') {
        await tx.execute(sql`update notice_messages set state = 'queued', attempts = attempts - 1, updated_at = now() where id = any(${ids}::bigint[]) and state = 'sending'`);
      } else {
        await tx.execute(sql`update notice_messages set state = ${state}, last_error = ${reason}, updated_at = now() where id = any(${ids}::bigint[])`);
      }
    }
    const details = { sent: n('sent'), failed: n('failed'), requeued: n('queued') };
    if (details.sent + details.failed + details.requeued > 0) await appendAudit(tx, { settlementId, actor, action: 'notices.send_batch', details });
  });
}

export async function sendQueuedNotices(db: Db, settlement: Settlement, opts: SendOptions): Promise<SendResult> {
  const key = await settlementKey(db, settlement.id);
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const own = opts.send ? null : mailSender(concurrency);
  const send = opts.send ?? own!.send;
  const render = noticeRenderer(settlement.config, `${publicBaseUrl()}/${settlement.slug}`);
  const batchSize = claimSize(opts);
  const claimers = Math.min(CLAIMERS, concurrency);
  const limit = opts.limit ?? Infinity;
  const wait = pacer(opts.rate);
  const domain = mailDomain();
  const result: SendResult = { sent: 0, failed: 0, requeued: 0, inDoubt: 0, remaining: 0 };
  const total = Math.min(limit, (await messageCounts(db, settlement.id)).queued);
  let fatal: Error | null = null;
  let taken = 0;
  const stopped = () => fatal !== null || opts.signal?.aborted === true;

  /** Hands one claimed row to the relay; touches no database (its batch is recorded at once). */
  const sendOne = async (row: Claimed): Promise<Outcome> => {
    let mail: Mail;
    try {
      const pii = decryptJson<{ email?: string }>(key, row.pii, CLASS_PII);
      const code = row.notice_code ? decryptJson<string>(key, row.notice_code, NOTICE_CODE_AAD) : null;
      if (!pii.email || !code) return { row, state: 'failed', reason: !pii.email ? 'no_email' : 'no_code' };
      mail = { ...render({ to: pii.email, noticeId: row.notice_id, confirmationCode: code, resend: row.kind === 'resend' }), messageId: row.message_id };
    } catch (e) {
      // Nothing went to the relay: stop the run and put the row back.
      fatal ??= e as Error;
      return { row, state: 'unsent', reason: null };
    }
    try {
      await send(mail);
      return { row, state: 'sent', reason: null };
    } catch (e) {
      const c = classifySendError(e, row.attempts);
      if (c.fatal) fatal ??= new AppError('internal', `the mail relay is not answering (${c.reason}); nothing more was sent — run \`fairshare notices send\` again when it is back`);
      return { row, state: c.state, reason: c.reason };
    }
  };

  /** Sends a claimed batch over `lanes` connections at once, each start paced. */
  const sendBatch = async (rows: Claimed[], lanes: number): Promise<Outcome[]> => {
    const out: Outcome[] = [];
    let i = 0;
    const lane = async () => {
      while (i < rows.length) {
        const row = rows[i++];
        if (!stopped()) await wait();
        // Checked after the pace as well: a run stopped meanwhile hands nothing more to the relay.
        out.push(stopped() ? { row, state: 'unsent', reason: null } : await sendOne(row));
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, rows.length) }, lane));
    return out;
  };

  const claimer = async (lanes: number) => {
    while (!stopped() && taken < limit) {
      const want = Math.min(batchSize, limit - taken);
      taken += want;
      const rows = await claimBatch(db, settlement.id, want, domain);
      taken -= want - rows.length;
      if (rows.length === 0) return;
      const outcomes = await sendBatch(rows, lanes);
      await recordBatch(db, settlement.id, opts.actor, outcomes);
      for (const o of outcomes) {
        if (o.state === 'sent' || o.state === 'failed') result[o.state]++;
        else if (o.state === 'queued') result.requeued++;
      }
      await opts.onProgress?.(result.sent + result.failed, total);
    }
  };

  try {
    // The connections are shared out among the claimers (16 → 8 + 8).
    const settled = await Promise.allSettled(
      Array.from({ length: claimers }, (_, k) =>
        claimer(Math.floor(concurrency / claimers) + (k < concurrency % claimers ? 1 : 0)).catch((e) => {
          fatal ??= e as Error; // the other claimer stops too; this one's batch stays in doubt
          throw e;
        }),
      ),
    );
    const crashed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (crashed) throw crashed.reason;
  } finally {
    own?.close();
  }
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
