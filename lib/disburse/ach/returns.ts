import { and, eq } from 'drizzle-orm';
import { claims } from '@/db/schema';
import { CLAIM_PAYMENT, paymentIdentity, type PaymentDetails } from '@/lib/claims/seal';
import { abaChecksumOk } from '@/lib/claims/payment-handle';
import { decryptJson, encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import type { ResultRow } from '../results';
import { readAchFile } from './read';

/**
 * Pure core + the NOC correction: the bank's returns file (a NACHA file whose entries carry a type-99
 * addenda: R-code and our original trace number) and notifications of change (SEC COR, type-98
 * addenda: C-code and the corrected data) → result rows for lib/disburse/results.ts.
 *
 * A return moves the payment to `returned` with its R-code. R02/R03/R04 (closed, no such, invalid
 * account) mean "never send to this account again": the claimant must give new details before a re-issue
 * (reliability.md §2.6). A NOC does not move the payment (the money arrived); it corrects the claim's
 * sealed bank details for every later payment.
 */

/** Returns after which the same account must not be paid again. */
export const STOP_CODES = ['R02', 'R03', 'R04', 'R16', 'R20'];

export type Correction = { routingNumber?: string; accountNumber?: string; accountType?: 'checking' | 'savings' };

/** What a change code's corrected data says (NACHA positions 36–64 of the 98 addenda). */
export function parseCorrection(code: string, data: string): Correction | string {
  const account = (s: string) => s.trim();
  const type = (s: string): 'checking' | 'savings' | null => (s.trim() === '22' ? 'checking' : s.trim() === '32' ? 'savings' : null);
  switch (code) {
    case 'C01':
      return /^[0-9A-Za-z-]{1,17}$/.test(account(data)) ? { accountNumber: account(data) } : 'the corrected account number is not valid';
    case 'C02':
      return abaChecksumOk(data.slice(0, 9)) ? { routingNumber: data.slice(0, 9) } : 'the corrected routing number fails the ABA checksum';
    case 'C03': {
      const r = data.slice(0, 9);
      const a = account(data.slice(12, 29));
      return abaChecksumOk(r) && a ? { routingNumber: r, accountNumber: a } : 'the corrected routing/account numbers are not valid';
    }
    case 'C05': {
      const t = type(data.slice(0, 2));
      return t ? { accountType: t } : 'the corrected transaction code is not 22 or 32';
    }
    case 'C06': {
      const a = account(data.slice(0, 17));
      const t = type(data.slice(20, 22));
      return a && t ? { accountNumber: a, accountType: t } : 'the corrected account number and transaction code are not valid';
    }
    case 'C07': {
      const r = data.slice(0, 9);
      const a = account(data.slice(9, 26));
      const t = type(data.slice(26, 28));
      return abaChecksumOk(r) && a && t ? { routingNumber: r, accountNumber: a, accountType: t } : 'the corrected routing, account and transaction code are not valid';
    }
    default:
      return `change code ${code} is not one fairshare applies (C01, C02, C03, C05, C06, C07)`;
  }
}

/** Rows for applyResults, or the file's problems (file:line:column). */
export function readReturnsFile(text: string, name: string, key: DataKey): { ok: true; rows: ResultRow[] } | { ok: false; errors: string[] } {
  const read = readAchFile(text, name);
  if (!read.ok) return read;
  const rows: ResultRow[] = [];
  const errors: string[] = [];
  for (const b of read.file.batches)
    for (const e of b.entries) {
      const ad = e.addenda.find((a) => a.typeCode === '99' || a.typeCode === '98');
      if (!ad) {
        errors.push(`${name}:${e.line}:1: an entry without a return (99) or change (98) addenda is not a return or a notification of change`);
        continue;
      }
      if (ad.typeCode === '99') {
        rows.push({ line: ad.line, column: 7, reference: ad.originalTrace, to: 'returned', code: ad.reasonCode, amountCents: e.amountCents, amountColumn: 30 });
        continue;
      }
      const c = parseCorrection(ad.reasonCode, ad.correctedData.padEnd(29, ' '));
      if (typeof c === 'string') {
        errors.push(`${name}:${ad.line}:36: ${c}`);
        continue;
      }
      rows.push({ line: ad.line, column: 7, reference: ad.originalTrace, to: null, code: ad.reasonCode, apply: (ctx) => applyCorrection(ctx.tx, key, ctx.settlementId, ctx.claimPk, c) });
    }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

type Tx = Parameters<ResultRow['apply'] & {}>[0]['tx'];

/** Re-seals the claim's bank details with the bank's correction (and its payment-identity hash). */
async function applyCorrection(tx: Tx, key: DataKey, settlementId: string, claimPk: number, c: Correction): Promise<void> {
  const [row] = await tx.select({ payment: claims.payment }).from(claims).where(and(eq(claims.id, claimPk), eq(claims.settlementId, settlementId)));
  const p = decryptJson<PaymentDetails>(key, row.payment, CLAIM_PAYMENT);
  if (p.method !== 'ach') return; // the claimant chose another method since: nothing to correct
  const next: PaymentDetails = { ...p, ...c };
  const identity = paymentIdentity(next);
  await tx
    .update(claims)
    .set({ payment: encryptJson(key, next, CLAIM_PAYMENT), paymentHash: identity ? keyedHash(key, 'payment', identity) : null, updatedAt: new Date() })
    .where(eq(claims.id, claimPk));
}
