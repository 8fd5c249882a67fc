import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { claims } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_PII, type ClaimPii } from '@/lib/claims/seal';
import { publicBaseUrl } from '@/lib/env';
import { sendMail, type Mail } from '@/lib/mail/send';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { SettlementConfig } from '@/lib/settlements/config';
import type { Settlement } from '@/lib/settlements/service';

/**
 * Sends the "your payment did not arrive" e-mails queued by lib/disburse/transition.ts (the payment_mail
 * outbox, one row per failed or returned attempt). A row is marked `sending` and committed before the
 * relay is contacted: at most once, never twice (docs/decisions/0018, as the deficiency letters). The
 * message carries no amount or account detail, only the claim ID and a link to the status page, where
 * the claimant proves who they are before choosing another method.
 */

/** Pure: the message for a claim ID (no payment details: e-mail is not a sealed channel). */
export function paymentProblemMail(c: SettlementConfig, kind: 'failed' | 'returned', claimId: string, statusUrl: string): { subject: string; text: string } {
  const what = kind === 'returned' ? 'was returned to us: the account did not accept it' : 'could not be sent with the payment details on your claim';
  return {
    subject: `${c.caseName}: your settlement payment needs your attention`,
    text: [
      `Your payment for claim ${claimId} ${what}.`,
      '',
      'You can choose another way to be paid on the status page (you will need your claim ID and the e-mail address or ZIP code on your claim):',
      `${statusUrl}?id=${encodeURIComponent(claimId)}`,
      '',
      `Questions? ${c.contact.phone} or ${c.contact.email}.`,
    ].join('\n'),
  };
}

export async function sendPaymentMail(db: Db, s: Settlement, opts: { send?: (m: Mail) => Promise<unknown>; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const send = opts.send ?? sendMail;
  const key = await settlementKey(db, s.id);
  const url = `${publicBaseUrl()}/${s.slug}/status`;
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) =>
      rowsOf<{ id: string | number; kind: 'failed' | 'returned'; claim_pk: string | number }>(
        await tx.execute(sql`
          with picked as (select id from payment_mail where settlement_id = ${s.id} and state = 'queued' order by id limit ${Math.min(opts.limit ?? 100, 100)} for update skip locked)
          update payment_mail m set state = 'sending' from picked where m.id = picked.id
          returning m.id, m.kind, m.claim_pk`),
      ),
    );
    if (batch.length === 0) break;
    for (const m of batch) {
      const [c] = await db.select({ pii: claims.pii, claimId: claims.claimId }).from(claims).where(eq(claims.id, Number(m.claim_pk)));
      const to = decryptJson<ClaimPii>(key, c.pii, CLAIM_PII).email;
      try {
        await send({ to, ...paymentProblemMail(s.config, m.kind, c.claimId, url) });
        await db.transaction(async (tx) => {
          await tx.execute(sql`update payment_mail set state = 'sent', sent_at = now() where id = ${m.id}`);
          await appendAudit(tx, { settlementId: s.id, actor: 'system:mail', action: `payment.${m.kind}.mail.sent`, targetType: 'claim', targetId: c.claimId });
        });
        sent++;
      } catch (e) {
        // The relay refused it: recorded (the relay's message, never the address), not retried blindly.
        await db.execute(sql`update payment_mail set state = 'failed', error = ${(e as Error).message.slice(0, 200)} where id = ${m.id}`);
        failed++;
      }
    }
    if (opts.limit && sent + failed >= opts.limit) break;
  }
  return { sent, failed };
}
