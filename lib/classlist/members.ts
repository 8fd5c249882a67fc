import type { Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { identityKeys } from './keys';
import { hashConfirmationCode } from '@/lib/notices/codes';

/** A class-list record as the defendant holds it (INTERFACES.md §2.1), before hashing and sealing. */
export type ClassRecord = {
  recordId: string;
  email?: string;
  phone?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  attributes: Record<string, string | number | boolean | null>;
  noticeId?: string;
  confirmationCode?: string;
};

export const CLASS_PII = 'class_members.pii';

/** The contact details a notice needs: the only part of a record's raw text that is kept (sealed). */
export type ClassContact = Pick<ClassRecord, 'email' | 'phone' | 'username' | 'firstName' | 'lastName' | 'street' | 'city' | 'state' | 'zip' | 'country'>;

/** Seals the contact details (AAD class_members.pii); lib/claims/notice-prefill.ts opens them. */
export function sealContact(key: DataKey, contact: ClassContact): string {
  return encryptJson(key, contact, CLASS_PII);
}

/** The stored form of a record: identifiers as keyed hashes (lib/classlist/keys.ts), contact details sealed. */
export function sealClassRecord(key: DataKey, settlementId: string, r: ClassRecord): typeof classMembers.$inferInsert {
  const { recordId, attributes, noticeId, confirmationCode, ...pii } = r;
  return {
    settlementId,
    recordId,
    noticeId: noticeId ?? null,
    confirmationCodeHash: confirmationCode ? hashConfirmationCode(key, confirmationCode) : null,
    ...identityKeys(key, r),
    pii: sealContact(key, pii),
    attributes,
  };
}

export async function insertClassRecords(tx: Queryable, key: DataKey, settlementId: string, records: ClassRecord[], batch = 500): Promise<void> {
  for (let i = 0; i < records.length; i += batch) {
    await tx.insert(classMembers).values(records.slice(i, i + batch).map((r) => sealClassRecord(key, settlementId, r)));
  }
}
