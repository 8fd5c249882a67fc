import { decryptBytes, decryptJson, encryptJson, type DataKey } from '@/lib/privacy/crypto';

/**
 * The sealed contents of opt-out and objection filings, as the settlement site writes them and the
 * console and court reports read them. Readers are tolerant (older rows may lack optional fields).
 */

export const OPT_OUT_PII = 'opt_outs.pii';
export const OBJECTION_PII = 'objections.pii';
export const OBJECTION_DOCUMENT = 'objections.document';
/** The attachment's file name is personal data too (people name files after themselves): sealed like the rest. */
export const OBJECTION_DOCUMENT_NAME = 'objections.document_name';

export function sealDocumentName(key: DataKey, name: string): string {
  return encryptJson(key, name, OBJECTION_DOCUMENT_NAME);
}

/** The file name as the objector gave it; rows written before names were sealed hold it in plain text. */
export function openDocumentName(key: DataKey, stored: string): string {
  try {
    return decryptJson<string>(key, stored, OBJECTION_DOCUMENT_NAME);
  } catch {
    return stored;
  }
}

export type OptOutPii = {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  street?: string;
  street2?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** Signed by a parent or guardian for a minor. */
  guardian?: boolean;
  /** The statement the person confirmed, as shown to them. */
  statement?: string;
  /** The typed signature on the request for exclusion, and when it was given. */
  signature?: string;
  signedAt?: string;
};

export type ObjectionPii = {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  street?: string;
  city?: string;
  state?: string;
  street2?: string;
  zip?: string;
  /** The objector's reasons, in their own words. */
  grounds: string;
  /** The objector's lawyer, if any (only kept when the objector is represented). */
  counselName?: string;
  counselFirm?: string;
  counselEmail?: string;
  counselPhone?: string;
  signature?: string;
  signedAt?: string;
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

export function counselOf(p: ObjectionPii): string | null {
  return p.counselName ? [p.counselName, p.counselFirm].filter(Boolean).join(', ') : null;
}

export function fullName(p: { firstName?: string; lastName?: string }): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
}
