import { z } from 'zod';
import { normalisePhone } from '@/lib/privacy/normalise';
import type { PaymentMethod } from '@/lib/settlements/config';
import type { PaymentDetails } from './seal';

/**
 * Pure core: the `payment_handle` column of a claims import (INTERFACES.md §2.2) → PaymentDetails.
 * PayPal: e-mail; Venmo: the phone number of the account; Zelle: phone or e-mail; prepaid card: the
 * e-mail the card is sent to (the claimant's e-mail when left empty); ACH: `routing:account` with an
 * optional `:checking` / `:savings` (default checking); check: no handle (mailed to the address).
 */

export type HandleResult = { ok: true; payment: PaymentDetails } | { ok: false; message: string };

const emailSchema = z.email();
const isEmail = (v: string) => v.length <= 254 && emailSchema.safeParse(v).success;

/** Spreadsheets turn long digit strings into numbers and show them as 1.23E+11: the digits are gone. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;
const MANGLED =
  'looks like a number a spreadsheet converted to scientific notation (e.g. 1.23E+11), so its digits are lost; re-export the file with the column formatted as text';

/** The ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) is a multiple of 10. */
export function abaChecksumOk(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}

function achHandle(handle: string): HandleResult {
  const parts = handle.split(':').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3) return { ok: false, message: 'ACH needs "routing:account" (e.g. 021000021:000123456789), optionally ":checking" or ":savings"' };
  const [routing, account, type = 'checking'] = parts;
  if (SCIENTIFIC.test(routing)) return { ok: false, message: `the routing number ${MANGLED}` };
  if (SCIENTIFIC.test(account)) return { ok: false, message: `the account number ${MANGLED}` };
  if (!/^\d+$/.test(routing)) return { ok: false, message: 'the routing number must be 9 digits' };
  if (routing.length < 9)
    return { ok: false, message: `the routing number has ${routing.length} digits, not 9; a spreadsheet may have dropped its leading zero${routing.length === 8 ? ` (did you mean 0${routing}?)` : ''} — format the column as text` };
  if (routing.length > 9) return { ok: false, message: `the routing number has ${routing.length} digits, not 9` };
  if (!abaChecksumOk(routing)) return { ok: false, message: 'the routing number fails the ABA checksum (a digit is wrong)' };
  if (!/^\d{4,17}$/.test(account)) return { ok: false, message: 'the account number must be 4 to 17 digits' };
  if (type !== 'checking' && type !== 'savings') return { ok: false, message: 'the account type must be "checking" or "savings"' };
  // Leading zeros are part of an account number: it stays a string, exactly as given.
  return { ok: true, payment: { method: 'ach', routingNumber: routing, accountNumber: account, accountType: type } };
}

export function parsePaymentHandle(method: PaymentMethod, rawHandle: string | undefined, claimantEmail: string): HandleResult {
  const handle = (rawHandle ?? '').trim();
  const need = (what: string): HandleResult => ({ ok: false, message: `is required for ${method}: ${what}` });
  switch (method) {
    case 'paypal':
      if (!handle) return need('the PayPal account e-mail');
      return isEmail(handle) ? { ok: true, payment: { method, email: handle } } : { ok: false, message: 'PayPal needs the e-mail address of the PayPal account' };
    case 'venmo': {
      if (!handle) return need('the mobile number of the Venmo account');
      const phone = normalisePhone(handle);
      return phone ? { ok: true, payment: { method, phone } } : { ok: false, message: 'Venmo needs the mobile phone number of the Venmo account (e.g. +1 312 555 0147)' };
    }
    case 'zelle': {
      if (!handle) return need('the e-mail or mobile number enrolled with Zelle');
      if (handle.includes('@')) return isEmail(handle) ? { ok: true, payment: { method, emailOrPhone: handle } } : { ok: false, message: 'not a valid e-mail address for Zelle' };
      const phone = normalisePhone(handle);
      return phone ? { ok: true, payment: { method, emailOrPhone: phone } } : { ok: false, message: 'Zelle needs the e-mail address or mobile phone number enrolled with Zelle' };
    }
    case 'prepaid_card': {
      const email = handle || claimantEmail;
      return isEmail(email) ? { ok: true, payment: { method, email } } : { ok: false, message: 'the prepaid card is sent by e-mail: give a valid e-mail address' };
    }
    case 'ach':
      if (!handle) return need('"routing:account"');
      return achHandle(handle);
    case 'check':
      return handle ? { ok: false, message: 'must be empty for check: checks are mailed to the street address' } : { ok: true, payment: { method } };
  }
}
