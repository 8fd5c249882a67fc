import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { constantTimeEqual, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { hashConfirmationCode } from '@/lib/notices/codes';
import { normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';
import { CLASS_PII } from '@/lib/classlist/members';
import { decryptJson } from '@/lib/privacy/crypto';
import { nameAddressScores, type NameAddress } from './fuzzy';
import { addressKey, nameZipKey, zipKey } from '@/lib/classlist/keys';
import type { Candidate, Evidence } from './pick-match';

/** At most this many records of one ZIP are compared by name and address (a block, not a scan). */
export const ZIP_BLOCK_LIMIT = 50;

/**
 * Finds the class-list record a claimant is, strongest identifier first (DOMAIN.md §5): Notice ID with
 * its confirmation code, then e-mail, phone, username — all compared as keyed hashes.
 */

export type Identifiers = { noticeId?: string; confirmationCode?: string; email?: string; phone?: string; usernames?: string[] };
export type ClassMatch = { record: typeof classMembers.$inferSelect; via: 'notice' | 'email' | 'phone' | 'username' | 'name_address' };

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

/** What intake and cure know of the claimant beyond the strong identifiers: the probable-match fields. */
export type ClaimantIdentity = Identifiers & { firstName?: string; lastName?: string; street?: string; zip?: string };

/**
 * Every class-list record one claimant's identifiers find, as pickMatch candidates — the single-claim
 * counterpart of the batch joins (lib/verification/batch.ts pickForClaims): Notice ID with its code,
 * each exact hash, and, only when no strong identifier found anyone, the records of the claimant's ZIP
 * compared by name and street.
 */
export async function candidatesFor(db: Queryable, key: DataKey, settlementId: string, ids: ClaimantIdentity): Promise<Candidate[]> {
  const out: Candidate[] = [];
  if (ids.noticeId && ids.confirmationCode) {
    const record = await findByNotice(db, key, settlementId, ids.noticeId, ids.confirmationCode);
    if (record) out.push({ recordId: record.recordId, matched: ['notice'] });
  }
  const emailHash = ids.email ? keyedHash(key, 'email', normaliseEmail(ids.email)) : null;
  const phone = ids.phone ? normalisePhone(ids.phone) : null;
  const phoneHash = phone ? keyedHash(key, 'phone', phone) : null;
  const usernameHashes = (ids.usernames ?? []).filter((u) => normaliseUsername(u)).map((u) => keyedHash(key, 'username', normaliseUsername(u)));
  const conds = [
    emailHash && eq(classMembers.emailHash, emailHash),
    phoneHash && eq(classMembers.phoneHash, phoneHash),
    usernameHashes.length > 0 && inArray(classMembers.usernameHash, usernameHashes),
  ].filter((c): c is SQL => Boolean(c));
  if (conds.length) {
    const rows = await db
      .select({ recordId: classMembers.recordId, emailHash: classMembers.emailHash, phoneHash: classMembers.phoneHash, usernameHash: classMembers.usernameHash })
      .from(classMembers)
      .where(and(eq(classMembers.settlementId, settlementId), or(...conds)))
      .limit(50);
    for (const r of rows) {
      const matched: Evidence[] = [];
      if (emailHash && r.emailHash === emailHash) matched.push('email');
      if (phoneHash && r.phoneHash === phoneHash) matched.push('phone');
      if (r.usernameHash && usernameHashes.includes(r.usernameHash)) matched.push('username');
      out.push({ recordId: r.recordId, matched });
    }
  }
  if (out.length) return out;
  const zipHash = zipKey(key, ids.zip);
  if (!zipHash) return out;
  const nz = nameZipKey(key, ids.firstName, ids.lastName, ids.zip);
  const addr = addressKey(key, ids.street, ids.zip);
  const block = await db
    .select({ recordId: classMembers.recordId, pii: classMembers.pii, nameZipHash: classMembers.nameZipHash, addressHash: classMembers.addressHash })
    .from(classMembers)
    .where(and(eq(classMembers.settlementId, settlementId), eq(classMembers.zipHash, zipHash)))
    .orderBy(classMembers.recordId)
    .limit(ZIP_BLOCK_LIMIT);
  const extra = [nz && eq(classMembers.nameZipHash, nz), addr && eq(classMembers.addressHash, addr)].filter((c): c is SQL => Boolean(c));
  if (extra.length)
    block.push(
      ...(await db
        .select({ recordId: classMembers.recordId, pii: classMembers.pii, nameZipHash: classMembers.nameZipHash, addressHash: classMembers.addressHash })
        .from(classMembers)
        .where(and(eq(classMembers.settlementId, settlementId), or(...extra)))
        .limit(50)),
    );
  const seen = new Set<string>();
  for (const r of block) {
    if (seen.has(r.recordId)) continue;
    seen.add(r.recordId);
    const matched: Evidence[] = ['zip'];
    if (nz && r.nameZipHash === nz) matched.push('name_zip');
    if (addr && r.addressHash === addr) matched.push('address');
    out.push({ recordId: r.recordId, matched, ...nameAddressScores(ids, decryptJson<NameAddress>(key, r.pii, CLASS_PII)) });
  }
  return out;
}
