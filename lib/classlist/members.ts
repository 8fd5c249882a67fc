import type { Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { hashConfirmationCode } from '@/lib/notices/codes';
import { normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';

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

/** The stored form of a record: identifiers as keyed hashes, contact details sealed. */
export function sealClassRecord(key: DataKey, settlementId: string, r: ClassRecord): typeof classMembers.$inferInsert {
  const phone = r.phone ? normalisePhone(r.phone) : null;
  const { recordId, attributes, noticeId, confirmationCode, ...pii } = r;
  return {
    settlementId,
    recordId,
    noticeId: noticeId ?? null,
    confirmationCodeHash: confirmationCode ? hashConfirmationCode(key, confirmationCode) : null,
    emailHash: r.email ? keyedHash(key, 'email', normaliseEmail(r.email)) : null,
    phoneHash: phone ? keyedHash(key, 'phone', phone) : null,
    usernameHash: r.username ? keyedHash(key, 'username', normaliseUsername(r.username)) : null,
    pii: encryptJson(key, pii, CLASS_PII),
    attributes,
  };
}

export async function insertClassRecords(tx: Queryable, key: DataKey, settlementId: string, records: ClassRecord[], batch = 500): Promise<void> {
  for (let i = 0; i < records.length; i += batch) {
    await tx.insert(classMembers).values(records.slice(i, i + batch).map((r) => sealClassRecord(key, settlementId, r)));
  }
}
