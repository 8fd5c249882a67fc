import { csvLine } from '@/lib/csv/encode';
import { line } from '../file-cells';

/**
 * Pure core: the order file a prepaid-card vendor takes: one row per card, with a header row —
 * reference (our attempt's idempotency key, echoed back in the vendor's issuance/redemption report),
 * program, first_name, last_name, email (where the virtual card is sent), amount (dollars, two decimals).
 */

export const PREPAID_ORDER_COLUMNS = ['reference', 'program', 'first_name', 'last_name', 'email', 'amount'] as const;

export type PrepaidRow = { reference: string; firstName: string; lastName: string; email: string; amountCents: number };

export function buildPrepaidOrder(rows: PrepaidRow[], program: string): string {
  let out = csvLine(PREPAID_ORDER_COLUMNS);
  for (const r of rows)
    out += line([{ exact: r.reference }, { exact: program }, { text: r.firstName }, { text: r.lastName }, { exact: r.email }, { exact: `${Math.trunc(r.amountCents / 100)}.${String(r.amountCents % 100).padStart(2, '0')}` }]);
  return out;
}
