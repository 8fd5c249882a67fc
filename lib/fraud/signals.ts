import { isIP } from 'node:net';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { ClaimPii, IntakeMeta, PaymentDetails } from '@/lib/claims/seal';
import { zip5 } from '@/lib/classlist/keys';
import { keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { canonicalStreet, normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';

/**
 * The fraud signals that need a claim's sealed data (lib/fraud README in docs/decisions/0019): computed
 * once, from the data in hand at intake, or by the scoring run for claims that came another way.
 * Pure apart from the keyed hashes; nothing but hashes and one flag leaves.
 */

export type ClaimSignalValues = {
  addressHash: string | null;
  buildingHash: string | null;
  unitHash: string | null;
  ipNetHash: string | null;
  uaHash: string | null;
  payoutOwn: boolean;
  payoutIdentityHash: string | null;
  disposableEmail: boolean;
};

// "Apt 4B", "Apartment 4", "Unit 12", "Suite 300", "Ste 3", "#4B", "No. 5", "Fl 2" at the end of a street line.
const UNIT = /[\s,]+(?:(?:apt|apartment|unit|suite|ste|fl|floor|rm|room|no)\.?\s*#?\s*|#\s*)([a-z0-9-]+)\s*$/i;

/** A street line split into the building (canonical, without unit) and the unit (upper-cased), if any. */
export function splitUnit(street: string | undefined, street2?: string): { building: string; unit: string | null } {
  const line = (street ?? '').trim();
  const m = UNIT.exec(line);
  const unitFrom2 = (street2 ?? '').trim().replace(/^(?:apt|apartment|unit|suite|ste|fl|floor|rm|room|no)\.?\s*#?\s*|^#\s*/i, '');
  const unit = m ? m[1] : unitFrom2 || null;
  const building = canonicalStreet(m ? line.slice(0, m.index) : line);
  return { building, unit: unit ? unit.toUpperCase().replace(/^0+(?=\w)/, '') : null };
}

/** The network an address belongs to: IPv4 /24, IPv6 /48. Null for something that is not an IP. */
export function ipNetwork(ip: string | undefined): string | null {
  const v = (ip ?? '').trim();
  const kind = isIP(v);
  if (kind === 4) return v.split('.').slice(0, 3).join('.') + '.0/24';
  if (kind === 6) {
    const [head] = v.toLowerCase().split('::');
    const groups = head.split(':').filter(Boolean);
    while (groups.length < 3) groups.push('0');
    return groups.slice(0, 3).join(':') + '::/48';
  }
  return null;
}

// The package's isDisposableEmailDomain builds a new Set of ~9k domains on every call (~4 ms): build it once.
let disposable: Set<string> | null = null;

export function isDisposableEmail(email: string | undefined): boolean {
  const at = (email ?? '').lastIndexOf('@');
  if (at <= 0) return false;
  disposable ??= disposableEmailBlocklistSet();
  return disposable.has(email!.slice(at + 1).trim().toLowerCase());
}

/**
 * Whether the payout goes to the claimant's own identity: the handle is their e-mail, phone or one of
 * their usernames. A check goes to their address; a bank account cannot be compared and counts as theirs
 * (so it never makes a claim look like theft), and so does a handle the claim gives nothing to compare
 * with (a Venmo phone on a claim with no phone): only a handle that differs from what the claimant gave
 * is someone else's.
 */
export function payoutIsOwn(pii: Pick<ClaimPii, 'email' | 'phone'> & { usernames?: string[] }, payment: PaymentDetails | null): boolean {
  if (!payment) return true;
  const email = (v: string) => !pii.email || normaliseEmail(v) === normaliseEmail(pii.email);
  const phone = (v: string) => !pii.phone || (normalisePhone(v) ?? v) === (normalisePhone(pii.phone) ?? pii.phone);
  const usernames = (pii.usernames ?? []).map(normaliseUsername).filter(Boolean);
  switch (payment.method) {
    case 'paypal':
    case 'prepaid_card':
      return !payment.email || email(payment.email);
    case 'venmo':
      if ('email' in payment) return email(payment.email);
      if ('username' in payment) return usernames.length === 0 || usernames.includes(normaliseUsername(payment.username));
      return phone(payment.phone);
    case 'zelle':
      return payment.emailOrPhone.includes('@') ? email(payment.emailOrPhone) : phone(payment.emailOrPhone);
    default:
      return true;
  }
}

/** The payout handle hashed as the class list hashes e-mails and phones, or null (a username, a bank account, a check). */
export function payoutIdentityHash(key: DataKey, payment: PaymentDetails | null): string | null {
  if (!payment) return null;
  const email = (v: string) => keyedHash(key, 'email', normaliseEmail(v));
  const phone = (v: string) => {
    const e164 = normalisePhone(v);
    return e164 ? keyedHash(key, 'phone', e164) : null;
  };
  switch (payment.method) {
    case 'paypal':
    case 'prepaid_card':
      return payment.email ? email(payment.email) : null;
    case 'venmo':
      return 'email' in payment ? email(payment.email) : 'phone' in payment ? phone(payment.phone) : null;
    case 'zelle':
      return payment.emailOrPhone.includes('@') ? email(payment.emailOrPhone) : phone(payment.emailOrPhone);
    default:
      return null;
  }
}

export function claimSignalValues(
  key: DataKey,
  pii: Pick<ClaimPii, 'email' | 'phone' | 'street' | 'street2' | 'zip'> & { usernames?: string[] },
  intake: IntakeMeta | null,
  payment: PaymentDetails | null = null,
): ClaimSignalValues {
  const z = zip5(pii.zip);
  const { building, unit } = splitUnit(pii.street, pii.street2);
  const net = ipNetwork(intake?.ip);
  return {
    addressHash: building && z ? keyedHash(key, 'fraud_address', `${building}|${unit ?? ''}|${z}`) : null,
    buildingHash: building && z ? keyedHash(key, 'fraud_building', `${building}|${z}`) : null,
    unitHash: unit ? keyedHash(key, 'fraud_unit', unit) : null,
    ipNetHash: net ? keyedHash(key, 'ip_net', net) : null,
    uaHash: intake?.userAgent?.trim() ? keyedHash(key, 'ua', intake.userAgent.trim()) : null,
    payoutOwn: payoutIsOwn(pii, payment),
    payoutIdentityHash: payoutIdentityHash(key, payment),
    disposableEmail: isDisposableEmail(pii.email),
  };
}
