import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { claimIdentifiers, claimMatchState } from '@/db/schema';
import type { ClaimPii } from '@/lib/claims/seal';
import { keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';
import { addressKey, nameZipKey, zipKey } from '@/lib/classlist/keys';

/**
 * A claim's identifiers as claim_identifiers rows: the one function intake, cure, import and the
 * batch backfill call, so every path hashes the same way. `provenNoticeId` is the Notice ID the claim
 * proved with its confirmation code (never one merely typed: a Notice ID alone proves nothing).
 */

export type IdentifierKind = 'email' | 'phone' | 'username' | 'notice' | 'name_zip' | 'address' | 'zip';
export type IdentifierRow = { claimPk: number; settlementId: string; kind: IdentifierKind; hash: string };
export type ClaimForIdentifiers = { claimPk: number; settlementId: string; pii: ClaimPii; provenNoticeId?: string | null };

export function claimIdentifierRows(key: DataKey, claim: ClaimForIdentifiers): IdentifierRow[] {
  const { pii } = claim;
  const out = new Map<string, IdentifierRow>();
  const add = (kind: IdentifierKind, hash: string | null | undefined) => {
    if (hash) out.set(`${kind}:${hash}`, { claimPk: claim.claimPk, settlementId: claim.settlementId, kind, hash });
  };
  if (pii.email) add('email', keyedHash(key, 'email', normaliseEmail(pii.email)));
  const phone = pii.phone ? normalisePhone(pii.phone) : null;
  if (phone) add('phone', keyedHash(key, 'phone', phone));
  for (const u of pii.usernames ?? []) if (normaliseUsername(u)) add('username', keyedHash(key, 'username', normaliseUsername(u)));
  if (claim.provenNoticeId) add('notice', claim.provenNoticeId.trim().toUpperCase());
  add('name_zip', nameZipKey(key, pii.firstName, pii.lastName, pii.zip));
  add('address', addressKey(key, pii.street, pii.zip));
  add('zip', zipKey(key, pii.zip));
  return [...out.values()];
}

/**
 * Replaces the identifiers of the claims in `rows` (and of `claimPks` that now have none) and marks
 * them changed, so the next `fairshare verify` looks at them again. The caller's transaction.
 */
export async function replaceClaimIdentifiers(tx: Queryable, settlementId: string, claimPks: number[], rows: IdentifierRow[], at = new Date()): Promise<void> {
  if (claimPks.length === 0) return;
  for (let i = 0; i < claimPks.length; i += 5000) {
    const pks = claimPks.slice(i, i + 5000);
    await tx.delete(claimIdentifiers).where(inArray(claimIdentifiers.claimPk, pks));
    await tx
      .insert(claimMatchState)
      .values(pks.map((claimPk) => ({ claimPk, settlementId, identifiersAt: at })))
      .onConflictDoUpdate({ target: claimMatchState.claimPk, set: { identifiersAt: sql`excluded.identifiers_at` } });
  }
  for (let i = 0; i < rows.length; i += 5000) await tx.insert(claimIdentifiers).values(rows.slice(i, i + 5000)).onConflictDoNothing();
}

/** Identifiers of claims just created (no earlier rows to replace): one insert per 5,000 rows, and their match state. */
export async function insertClaimIdentifiers(tx: Queryable, settlementId: string, rows: IdentifierRow[], at = new Date()): Promise<void> {
  const pks = [...new Set(rows.map((r) => r.claimPk))];
  for (let i = 0; i < pks.length; i += 5000)
    await tx.insert(claimMatchState).values(pks.slice(i, i + 5000).map((claimPk) => ({ claimPk, settlementId, identifiersAt: at }))).onConflictDoNothing();
  for (let i = 0; i < rows.length; i += 5000) await tx.insert(claimIdentifiers).values(rows.slice(i, i + 5000)).onConflictDoNothing();
}
