import { line } from '../file-cells';
import { venmoRecipient, type PaymentDetails } from '@/lib/claims/seal';
import { AppError } from '@/lib/errors';

/**
 * Pure core: PayPal Payouts' web-upload CSV, for administrators who pay by hand (docs/decisions/0022).
 * No header row; at most 5,000 rows a file, so a larger batch is several files. Columns, in order:
 * recipient (e-mail, phone or Venmo handle), amount (dollars, two decimals), currency, reference id (our
 * attempt's idempotency key: PayPal echoes it in the results file and refuses a repeat), note to the
 * recipient (required for Venmo), recipient wallet (PAYPAL or VENMO), recipient type (EMAIL, PHONE or
 * USER_HANDLE — what the Payouts API calls recipient_type).
 */

export type PaypalRow = { reference: string; amountCents: number; payment: Extract<PaymentDetails, { method: 'paypal' | 'venmo' }> };

export function recipientOf(p: PaypalRow['payment']): { wallet: 'PAYPAL' | 'VENMO'; type: 'EMAIL' | 'PHONE' | 'USER_HANDLE'; receiver: string } {
  if (p.method === 'paypal') return { wallet: 'PAYPAL', type: 'EMAIL', receiver: p.email };
  const r = venmoRecipient(p);
  return { wallet: 'VENMO', type: r.recipientType, receiver: r.recipientType === 'PHONE' ? r.receiver.replace(/^\+1/, '') : r.receiver };
}

function dollars(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** The files' texts, each at most `maxRows` rows. */
export function buildPaypalFiles(rows: PaypalRow[], opts: { currency: string; note: string; maxRows: number }): string[] {
  if (!opts.note.trim()) throw new AppError('bad_input', 'PayPal requires a note for Venmo payments: set paypal.note in the rail settings');
  const files: string[] = [];
  for (let i = 0; i < rows.length; i += opts.maxRows) {
    files.push(
      rows
        .slice(i, i + opts.maxRows)
        .map((r) => {
          const to = recipientOf(r.payment);
          return line([{ exact: to.receiver }, { exact: dollars(r.amountCents) }, { exact: opts.currency }, { exact: r.reference }, { text: opts.note }, { exact: to.wallet }, { exact: to.type }]);
        })
        .join(''),
    );
  }
  return files;
}
