import type { PaymentState } from '../lifecycle';
import { parseDollars, readResultCsv, type Column } from '../csv-results';

/**
 * Pure core: PayPal Payouts' results file for a web upload (one row per item): the reference id we sent
 * (the attempt's key), the item's status, PayPal's transaction id and the amount. Status → lifecycle:
 * SUCCESS/SUCCEEDED/COMPLETED → paid; UNCLAIMED → unclaimed (the recipient has 30 days); RETURNED,
 * REFUNDED, REVERSED → returned; FAILED, DENIED, BLOCKED → failed; PENDING, ONHOLD, NEW, PROCESSING → no
 * change yet. Anything else is an error naming its cell.
 */

export const PAYPAL_STATUS: Record<string, PaymentState | null> = {
  SUCCESS: 'paid',
  SUCCEEDED: 'paid',
  COMPLETED: 'paid',
  UNCLAIMED: 'unclaimed',
  RETURNED: 'returned',
  REFUNDED: 'returned',
  REVERSED: 'returned',
  FAILED: 'failed',
  DENIED: 'failed',
  BLOCKED: 'failed',
  PENDING: null,
  ONHOLD: null,
  NEW: null,
  PROCESSING: null,
};

const COLUMNS: Column[] = [
  { key: 'reference', aliases: ['reference id', 'reference_id', 'sender_item_id', 'customer id'], required: true },
  { key: 'status', aliases: ['status', 'transaction_status', 'transaction status'], required: true },
  { key: 'item', aliases: ['transaction id', 'payout_item_id', 'transaction_id', 'payout item id'], required: false },
  { key: 'amount', aliases: ['amount', 'payment amount'], required: false },
];

export function readPaypalResults(bytes: Buffer, name: string) {
  return readResultCsv(bytes, name, COLUMNS, (_row, col, where, err) => {
    const reference = col('reference') ?? '';
    const status = (col('status') ?? '').toUpperCase().replace(/[\s-]/g, '');
    if (!reference) return err('reference', 'the reference id is empty'), null;
    if (!(status in PAYPAL_STATUS)) return err('status', `unknown PayPal status "${col('status')}" (${Object.keys(PAYPAL_STATUS).join(', ')})`), null;
    const rawAmount = col('amount');
    const amountCents = rawAmount ? parseDollars(rawAmount) : undefined;
    if (amountCents === null) return err('amount', `"${rawAmount}" is not an amount`), null;
    const w = where('reference');
    return { line: w.line, column: w.column ?? 1, reference, to: PAYPAL_STATUS[status], code: status, amountCents, amountColumn: where('amount').column, railRef: col('item') || null };
  });
}
