import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { constantTimeEqual, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { hashConfirmationCode } from '@/lib/notices/codes';
import { normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';

/**
 * Finds the class-list record a claimant is, strongest identifier first (DOMAIN.md §5): Notice ID with
 * its confirmation code, then e-mail, phone, username — all compared as keyed hashes.
 */

export type Identifiers = { noticeId?: string; confirmationCode?: string; email?: string; phone?: string; usernames?: string[] };
export type ClassMatch = { record: typeof classMembers.$inferSelect; via: 'notice' | 'email' | 'phone' | 'username' };

/** The confirmation code's keyed hash, over its canonical form (lib/notices/codes.ts), so case, dashes and O/0 do not matter. */
export function codeHash(key: DataKey, code: string): string {
  return hashConfirmationCode(key, code);
}

/** The record a Notice ID + confirmation code point to, or null when either is wrong (no hint which). */
export async function findByNotice(db: Queryable, key: DataKey, settlementId: string, noticeId: string, code: string) {
  const [row] = await db
    .select()
    .from(classMembers)
    .where(and(eq(classMembers.settlementId, settlementId), eq(classMembers.noticeId, noticeId.trim().toUpperCase())));
  if (!row?.confirmationCodeHash || !constantTimeEqual(row.confirmationCodeHash, codeHash(key, code))) return null;
  return row;
}

export async function matchClassRecord(db: Queryable, key: DataKey, settlementId: string, ids: Identifiers): Promise<ClassMatch | null> {
  if (ids.noticeId && ids.confirmationCode) {
    const record = await findByNotice(db, key, settlementId, ids.noticeId, ids.confirmationCode);
    if (record) return { record, via: 'notice' };
  }
  const emailHash = ids.email ? keyedHash(key, 'email', normaliseEmail(ids.email)) : null;
  const phone = ids.phone ? normalisePhone(ids.phone) : null;
  const phoneHash = phone ? keyedHash(key, 'phone', phone) : null;
  const usernameHashes = (ids.usernames ?? []).filter((u) => u.trim()).map((u) => keyedHash(key, 'username', normaliseUsername(u)));
  const conds = [
    emailHash && eq(classMembers.emailHash, emailHash),
    phoneHash && eq(classMembers.phoneHash, phoneHash),
    usernameHashes.length > 0 && inArray(classMembers.usernameHash, usernameHashes),
  ].filter((c): c is SQL => Boolean(c));
  if (conds.length === 0) return null;
  const rows = await db
    .select()
    .from(classMembers)
    .where(and(eq(classMembers.settlementId, settlementId), or(...conds)))
    .limit(20);
  // Prefer the strongest identifier that matched.
  const byEmail = emailHash && rows.find((r) => r.emailHash === emailHash);
  if (byEmail) return { record: byEmail, via: 'email' };
  const byPhone = phoneHash && rows.find((r) => r.phoneHash === phoneHash);
  if (byPhone) return { record: byPhone, via: 'phone' };
  const byUsername = rows.find((r) => r.usernameHash && usernameHashes.includes(r.usernameHash));
  return byUsername ? { record: byUsername, via: 'username' } : null;
}
