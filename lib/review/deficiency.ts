import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '@/db/client';
import { claims, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_PII, type ClaimPii } from '@/lib/claims/seal';
import { publicBaseUrl } from '@/lib/env';
import { sendMail, type Mail } from '@/lib/mail/send';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { applyDecisions, BATCH } from './bulk';
import { letterMail, letterPdf, type LetterInput } from './letter';
import { REMINDER_DAYS_BEFORE } from './rules';

/**
 * The deficiency lifecycle after a claim becomes deficient: the letter (e-mail through the deficiency
 * outbox, and a printable PDF), a reminder REMINDER_DAYS_BEFORE the cure deadline, and — once the
 * deadline has passed uncured — the denial with reason DEFICIENCY_NOT_CURED. All three are idempotent:
 * the outbox has one row per (deficiency, kind), and an expired claim is denied once (it is no longer
 * deficient afterwards). The `review.deficiencies` job (./jobs.ts) runs them daily.
 */

export const NOT_CURED = 'DEFICIENCY_NOT_CURED';
export const EXPIRY_ACTOR = 'rules:deficiency-expiry';

const statusUrl = (s: Settlement) => `${publicBaseUrl()}/${s.slug}/status`;

/** Queues a reminder for each open deficiency of a deficient claim whose reminder day has come (never twice). */
export async function queueReminders(db: Queryable, s: Settlement, now = new Date(), daysBefore = REMINDER_DAYS_BEFORE): Promise<number> {
  const today = localDate(now, s.config.dates.timeZone);
  const r = await db.execute(sql`
    insert into deficiency_mail (settlement_id, deficiency_id, kind)
    select d.settlement_id, d.id, 'reminder' from deficiencies d join claims c on c.id = d.claim_pk
     where d.settlement_id = ${s.id} and d.cured_at is null and c.status = 'deficient'
       and d.cure_by - ${daysBefore}::int <= ${today}::date and d.cure_by >= ${today}::date
       -- as reminderDay() in ./rules.ts: no reminder when the letter itself went out within the reminder window
       and (d.created_at at time zone ${s.config.dates.timeZone})::date < d.cure_by - ${daysBefore}::int
    on conflict do nothing`);
  return (r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0;
}

/** Denies (DEFICIENCY_NOT_CURED) every deficient claim with an open deficiency past its cure date. */
export async function expireDeficiencies(db: Db, s: Settlement, now = new Date(), actor = EXPIRY_ACTOR): Promise<number> {
  const today = localDate(now, s.config.dates.timeZone);
  let denied = 0;
  let after = 0;
  for (;;) {
    const ids = rowsOf<{ id: string | number }>(
      await db.execute(sql`select c.id from claims c where c.settlement_id = ${s.id} and c.status = 'deficient' and c.id > ${after}
        and exists (select 1 from deficiencies d where d.claim_pk = c.id and d.cured_at is null and d.cure_by < ${today}::date)
        order by c.id limit ${BATCH}`),
    ).map((r) => Number(r.id));
    if (ids.length === 0) break;
    after = ids[ids.length - 1];
    // Only claims still deficient when locked: one cured meanwhile (back to received) is not denied.
    denied += (await applyDecisions(db, s, ids, { decision: 'deny', from: ['deficient'], reasonCodes: () => [NOT_CURED], decidedBy: actor, auditAction: 'review.deficiency.expired', auditDetails: { today } }, now)).decided;
  }
  return denied;
}

/** The letter of one claim's open deficiencies (the PDF and the e-mail). */
export async function claimLetter(db: Queryable, s: Settlement, claimPk: number, kind: LetterInput['kind'], withAddress: boolean): Promise<LetterInput | null> {
  const [c] = await db.select().from(claims).where(and(eq(claims.id, claimPk), eq(claims.settlementId, s.id)));
  if (!c) return null;
  const open = await db.select().from(deficiencies).where(and(eq(deficiencies.claimPk, claimPk), isNull(deficiencies.curedAt))).orderBy(asc(deficiencies.id));
  if (open.length === 0) return null;
  const input: LetterInput = { kind, claimId: c.claimId, items: open.map((d) => ({ message: d.message, cureBy: d.cureBy })), statusUrl: statusUrl(s) };
  if (withAddress) {
    const pii = decryptJson<ClaimPii>(await settlementKey(db, s.id), c.pii, CLAIM_PII);
    input.name = `${pii.firstName} ${pii.lastName}`;
    input.address = [pii.street, pii.street2, [pii.city, pii.state, pii.zip].filter(Boolean).join(' ')].filter((x): x is string => Boolean(x && x.trim()));
  }
  return input;
}

/** The printable letter of a claim's open deficiencies, addressed to the claimant (the caller audits the download). */
export async function deficiencyLetterPdf(db: Queryable, s: Settlement, claimPk: number, now = new Date()): Promise<Buffer | null> {
  const input = await claimLetter(db, s, claimPk, 'notice', true);
  return input ? letterPdf(s.config, input, localDate(now, s.config.dates.timeZone)) : null;
}

type Claimed = { id: number; kind: 'notice' | 'reminder'; claim_pk: number };

/**
 * Sends the queued deficiency letters, AT MOST ONCE: a batch is marked `sending` and committed before
 * any message goes out; each is then marked `sent` or `failed`. A crash in between leaves rows
 * `sending` (in doubt), which are never sent again automatically (as the notice outbox, 0018).
 */
export async function sendDeficiencyMail(db: Db, s: Settlement, opts: { send?: (m: Mail) => Promise<unknown>; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const send = opts.send ?? sendMail;
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) =>
      rowsOf<Claimed>(
        await tx.execute(sql`
          with picked as (select id from deficiency_mail where settlement_id = ${s.id} and state = 'queued' order by id limit ${Math.min(opts.limit ?? 100, 100)} for update skip locked)
          update deficiency_mail m set state = 'sending', attempts = m.attempts + 1
            from picked, deficiencies d where m.id = picked.id and d.id = m.deficiency_id
          returning m.id, m.kind, d.claim_pk`),
      ).map((r) => ({ ...r, id: Number(r.id), claim_pk: Number(r.claim_pk) })),
    );
    if (batch.length === 0) break;
    for (const m of batch) {
      const [c] = await db.select({ status: claims.status, pii: claims.pii, claimId: claims.claimId }).from(claims).where(eq(claims.id, m.claim_pk));
      const letter = c?.status === 'deficient' ? await claimLetter(db, s, m.claim_pk, m.kind, false) : null;
      if (!c || !letter) {
        // Cured, withdrawn or decided since it was queued: nothing to say any more.
        await db.execute(sql`update deficiency_mail set state = 'failed', error = 'claim no longer deficient' where id = ${m.id}`);
        continue;
      }
      const to = decryptJson<ClaimPii>(await settlementKey(db, s.id), c.pii, CLAIM_PII).email;
      try {
        await send({ to, ...letterMail(s.config, letter) });
        await db.transaction(async (tx) => {
          await tx.execute(sql`update deficiency_mail set state = 'sent', sent_at = now() where id = ${m.id}`);
          await appendAudit(tx, { settlementId: s.id, actor: 'system:mail', action: `claim.deficiency.${m.kind}.sent`, targetType: 'claim', targetId: c.claimId });
        });
        sent++;
      } catch (e) {
        // The relay refused it (never reached a mailbox): recorded, not retried blindly. The message is the relay's, never the address.
        await db.execute(sql`update deficiency_mail set state = 'failed', error = ${(e as Error).message.slice(0, 200)} where id = ${m.id}`);
        failed++;
      }
    }
    if (opts.limit && sent + failed >= opts.limit) break;
  }
  return { sent, failed };
}

/**
 * The letter for staff to print and post: it carries the claimant's name and address, so it needs
 * pii:reveal (the route checks) and its download is audited (who, which claim — never the contents).
 */
export async function downloadDeficiencyLetter(db: Db, s: Settlement, rawClaimId: string, actor: string): Promise<{ claimId: string; pdf: Buffer } | null> {
  const [c] = await db.select({ id: claims.id, claimId: claims.claimId }).from(claims).where(and(eq(claims.settlementId, s.id), eq(claims.claimId, rawClaimId.trim().toUpperCase())));
  if (!c) return null;
  const pdf = await deficiencyLetterPdf(db, s, c.id);
  if (!pdf) return null;
  // The audit row commits before the letter is handed over (as a reveal of personal data).
  await db.transaction((tx) => appendAudit(tx, { settlementId: s.id, actor, action: 'claim.deficiency.letter', targetType: 'claim', targetId: c.claimId }));
  return { claimId: c.claimId, pdf };
}
