import type { claims } from '@/db/schema';
import { encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { normaliseEmail, normaliseName, normalisePhone, normaliseUsername, normaliseZip } from '@/lib/privacy/normalise';
import type { PaymentMethod } from '@/lib/settlements/config';

/**
 * The one place a claim's personal and payment data become a database row: sealed JSON plus the keyed
 * hashes that lookups (status by e-mail or ZIP, admin search) and fraud signals (same payout account,
 * same device) need. Web intake, mail/bulk import and cures all go through here.
 */

export type ClaimPii = {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  street?: string;
  street2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  usernames: string[];
  /** A parent or guardian filing for a minor. */
  guardianName?: string;
  /** The typed signature under penalty of perjury, and when it was given. */
  signature?: string;
  signedAt?: string;
};

export type PaymentDetails =
  | { method: 'paypal'; email: string }
  /** Venmo pays a U.S. mobile number, an e-mail address or a Venmo username (PayPal Payouts recipient_type PHONE, EMAIL, USER_HANDLE). */
  | { method: 'venmo'; phone: string }
  | { method: 'venmo'; email: string }
  | { method: 'venmo'; username: string }
  | { method: 'zelle'; emailOrPhone: string }
  | { method: 'prepaid_card'; email: string }
  | { method: 'ach'; routingNumber: string; accountNumber: string; accountType: 'checking' | 'savings' }
  | { method: 'check' };

/** How PayPal's Payouts API addresses a Venmo payment (recipient_type and receiver) for a sealed Venmo handle. */
export function venmoRecipient(p: Extract<PaymentDetails, { method: 'venmo' }>): { recipientType: 'PHONE' | 'EMAIL' | 'USER_HANDLE'; receiver: string } {
  if ('email' in p) return { recipientType: 'EMAIL', receiver: p.email };
  if ('username' in p) return { recipientType: 'USER_HANDLE', receiver: p.username };
  return { recipientType: 'PHONE', receiver: p.phone };
}

export type IntakeMeta = { ip?: string; userAgent?: string; deviceId?: string };

export const CLAIM_PII = 'claims.pii';
export const CLAIM_PAYMENT = 'claims.payment';
export const CLAIM_INTAKE = 'claims.intake';

/** The normalised identity of a payout destination: the same account on two claims is a strong fraud signal. */
export function paymentIdentity(p: PaymentDetails): string | null {
  switch (p.method) {
    case 'paypal':
    case 'prepaid_card':
      return `email:${normaliseEmail(p.email)}`;
    case 'venmo':
      if ('email' in p) return `email:${normaliseEmail(p.email)}`;
      if ('username' in p) return `venmo:${p.username.toLowerCase()}`;
      return `phone:${normalisePhone(p.phone) ?? p.phone.replace(/\D/g, '')}`;
    case 'zelle':
      return p.emailOrPhone.includes('@') ? `email:${normaliseEmail(p.emailOrPhone)}` : `phone:${normalisePhone(p.emailOrPhone) ?? p.emailOrPhone}`;
    case 'ach':
      return `ach:${p.routingNumber}:${p.accountNumber.replace(/^0+/, '')}`;
    case 'check':
      return null;
  }
}

export type SealedClaim = Pick<
  typeof claims.$inferInsert,
  'pii' | 'payment' | 'intake' | 'emailHash' | 'phoneHash' | 'usernameHash' | 'zipHash' | 'nameHash' | 'paymentHash' | 'ipHash' | 'deviceHash' | 'paymentMethod'
>;

export function sealClaim(key: DataKey, pii: ClaimPii, payment: PaymentDetails, intake: IntakeMeta = {}): SealedClaim {
  const phone = pii.phone ? normalisePhone(pii.phone) : null;
  const pay = paymentIdentity(payment);
  const { deviceId, ...network } = intake;
  return {
    pii: encryptJson(key, pii, CLAIM_PII),
    payment: encryptJson(key, payment, CLAIM_PAYMENT),
    intake: network.ip || network.userAgent ? encryptJson(key, network, CLAIM_INTAKE) : null,
    emailHash: keyedHash(key, 'email', normaliseEmail(pii.email)),
    phoneHash: phone ? keyedHash(key, 'phone', phone) : null,
    usernameHash: pii.usernames[0] ? keyedHash(key, 'username', normaliseUsername(pii.usernames[0])) : null,
    zipHash: pii.zip ? keyedHash(key, 'zip', normaliseZip(pii.zip)) : null,
    nameHash: keyedHash(key, 'name', normaliseName(`${pii.firstName} ${pii.lastName}`)),
    paymentHash: pay ? keyedHash(key, 'payment', pay) : null,
    ipHash: network.ip ? keyedHash(key, 'ip', network.ip) : null,
    deviceHash: deviceId ? keyedHash(key, 'device', deviceId) : null,
    paymentMethod: payment.method satisfies PaymentMethod,
  };
}
