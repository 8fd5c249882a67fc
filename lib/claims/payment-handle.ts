import { z } from 'zod';
import { normalisePhone } from '@/lib/privacy/normalise';
import type { PaymentMethod } from '@/lib/settlements/config';
import type { PaymentDetails } from './seal';

/**
 * Pure core: the `payment_handle` column of a claims import (INTERFACES.md §2.2) → PaymentDetails.
 * PayPal: e-mail; Venmo: the account's U.S. mobile number, e-mail or username; Zelle: phone or e-mail; prepaid card: the
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

/** Venmo usernames: 5–30 letters, digits, hyphens and underscores (shown with a leading @). */
const VENMO_USERNAME = /^[A-Za-z0-9_-]{5,30}$/;
export const VENMO_HANDLE_MESSAGE = 'Venmo needs the account’s U.S. mobile number (e.g. +1 312 555 0147), e-mail address or @username (5–30 letters, digits, - or _)';

/**
 * A Venmo handle: PayPal's Payouts API pays a Venmo account by U.S. mobile number (PHONE), e-mail
 * (EMAIL) or Venmo username (USER_HANDLE). Read in this order: an `@` inside is an e-mail; a leading
 * `@` is a username; something that reads as a U.S. phone number is one (so an all-digit username
 * needs its `@`); otherwise a username. The claim form and the claims import both call this.
 */
export function parseVenmoHandle(raw: string): HandleResult {
  const handle = raw.trim();
  if (handle.lastIndexOf('@') > 0) {
    return isEmail(handle) ? { ok: true, payment: { method: 'venmo', email: handle } } : { ok: false, message: 'not a valid e-mail address for Venmo' };
  }
  if (handle.startsWith('@')) {
    const username = handle.slice(1);
    return VENMO_USERNAME.test(username) ? { ok: true, payment: { method: 'venmo', username } } : { ok: false, message: VENMO_HANDLE_MESSAGE };
  }
  const phone = /^[+\d\s().-]+$/.test(handle) ? normalisePhone(handle) : null;
  if (phone) return phone.startsWith('+1') ? { ok: true, payment: { method: 'venmo', phone } } : { ok: false, message: 'Venmo pays U.S. mobile numbers only (+1)' };
  if (VENMO_USERNAME.test(handle) && /[A-Za-z_-]/.test(handle)) return { ok: true, payment: { method: 'venmo', username: handle } };
  return { ok: false, message: VENMO_HANDLE_MESSAGE };
}

export function parsePaymentHandle(method: PaymentMethod, rawHandle: string | undefined, claimantEmail: string): HandleResult {
  const handle = (rawHandle ?? '').trim();
  const need = (what: string): HandleResult => ({ ok: false, message: `is required for ${method}: ${what}` });
  switch (method) {
    case 'paypal':
      if (!handle) return need('the PayPal account e-mail');
      return isEmail(handle) ? { ok: true, payment: { method, email: handle } } : { ok: false, message: 'PayPal needs the e-mail address of the PayPal account' };
    case 'venmo':
      if (!handle) return need('the Venmo account’s U.S. mobile number, e-mail address or @username');
      return parseVenmoHandle(handle);
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
