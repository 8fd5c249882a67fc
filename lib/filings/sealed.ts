import { decryptBytes, decryptJson, type DataKey } from '@/lib/privacy/crypto';

/**
 * The sealed contents of opt-out and objection filings, as the settlement site writes them and the
 * console and court reports read them. Readers are tolerant (older rows may lack optional fields).
 */

export const OPT_OUT_PII = 'opt_outs.pii';
export const OBJECTION_PII = 'objections.pii';
export const OBJECTION_DOCUMENT = 'objections.document';

export type OptOutPii = {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** The typed signature on the request for exclusion. */
  signature?: string;
};

export type ObjectionPii = {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** The objector's reasons, in their own words. */
  grounds: string;
  /** The objector's lawyer, if any. */
  counsel?: { name: string; firm?: string; email?: string; phone?: string } | null;
  signature?: string;
};

export function openOptOutPii(key: DataKey, sealed: string): OptOutPii {
  return decryptJson<OptOutPii>(key, sealed, OPT_OUT_PII);
}

export function openObjectionPii(key: DataKey, sealed: string): ObjectionPii {
  return decryptJson<ObjectionPii>(key, sealed, OBJECTION_PII);
}

export function openObjectionDocument(key: DataKey, sealed: string): Buffer {
  return decryptBytes(key, sealed, OBJECTION_DOCUMENT);
}

export function fullName(p: { firstName?: string; lastName?: string }): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
}
