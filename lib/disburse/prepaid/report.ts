import type { PaymentState } from '../lifecycle';
import { parseDollars, readResultCsv, type Column } from '../csv-results';

/**
 * Pure core: the card vendor's issuance/redemption report: reference (the attempt's key from our order
 * file), status, card id, amount loaded, amount spent. Status → lifecycle: ISSUED, ACTIVE, REDEEMED,
 * PARTIALLY_REDEEMED, EXPIRED → paid (the card exists; the money left the fund), FAILED → failed,
 * RETURNED/CANCELLED → returned (the vendor gives the money back). The unspent balance (loaded − spent)
 * is recorded on the attempt: courts ask how much was never spent.
 */

export const CARD_STATUS: Record<string, PaymentState> = {
  ISSUED: 'paid',
  ACTIVE: 'paid',
  REDEEMED: 'paid',
  PARTIALLY_REDEEMED: 'paid',
  EXPIRED: 'paid',
  FAILED: 'failed',
  RETURNED: 'returned',
  CANCELLED: 'returned',
};

const COLUMNS: Column[] = [
  { key: 'reference', aliases: ['reference', 'client_reference', 'order reference'], required: true },
  { key: 'status', aliases: ['status', 'card_status'], required: true },
  { key: 'card', aliases: ['card_id', 'card id'], required: false },
  { key: 'amount', aliases: ['amount', 'amount_loaded', 'loaded'], required: true },
  { key: 'spent', aliases: ['amount_redeemed', 'redeemed', 'spent'], required: true },
];

export function readCardReport(bytes: Buffer, name: string) {
  return readResultCsv(bytes, name, COLUMNS, (_row, col, where, err) => {
    const reference = col('reference') ?? '';
    const status = (col('status') ?? '').toUpperCase().replace(/[\s-]/g, '_');
    if (!reference) return err('reference', 'the reference is empty'), null;
    if (!(status in CARD_STATUS)) return err('status', `unknown card status "${col('status')}" (${Object.keys(CARD_STATUS).join(', ')})`), null;
    const amountCents = parseDollars(col('amount') ?? '');
    if (amountCents === null) return err('amount', `"${col('amount')}" is not an amount`), null;
    const spent = parseDollars(col('spent') || '0');
    if (spent === null) return err('spent', `"${col('spent')}" is not an amount`), null;
    if (spent > amountCents) return err('spent', `the amount spent (${col('spent')}) is more than the amount loaded (${col('amount')})`), null;
    const w = where('reference');
    return { line: w.line, column: w.column ?? 1, reference, to: CARD_STATUS[status], code: status, amountCents, amountColumn: where('amount').column, railRef: col('card') || null, unspentCents: amountCents - spent };
  });
}
