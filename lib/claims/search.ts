import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { claims } from '@/db/schema';
import { keyedHash, decryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail, maskText, normaliseEmail, normaliseName, normalisePhone } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { CLAIM_PII, type ClaimPii } from './seal';
import type { ClaimStatus } from './lifecycle';

/**
 * Staff search over claims without decrypting the table: the query is classified (claim ID, e-mail,
 * phone or full name), normalised the same way intake normalised it, and looked up through the keyed
 * hash column and its index. Personal data stays sealed; result rows show it masked.
 */

export type SearchKind = 'claim_id' | 'email' | 'phone' | 'name';
export type ClassifiedQuery = { kind: SearchKind; value: string };

export function classifyQuery(raw: string): ClassifiedQuery | null {
  const q = raw.trim();
  if (!q) return null;
  const id = parsePublicId(q, CLAIM_PREFIX);
  if (id) return { kind: 'claim_id', value: id };
  if (q.includes('@')) return { kind: 'email', value: normaliseEmail(q) };
  // Only digits and phone punctuation: a phone number (a name always has letters).
  if (/^[+\d(][\d\s().-]{6,}$/.test(q)) {
    const phone = normalisePhone(q);
    return phone ? { kind: 'phone', value: phone } : null;
  }
  const name = normaliseName(q);
  return /\p{L}/u.test(name) && name.includes(' ') ? { kind: 'name', value: name } : null;
}

export type ClaimListItem = {
  claimId: string;
  status: ClaimStatus;
  tier: string;
  channel: string;
  late: boolean;
  submittedAt: Date;
  /** Masked: "J••••• G•••••", "j•••••@example.com". */
  name: string;
  email: string;
};

const listColumns = {
  id: claims.id,
  claimId: claims.claimId,
  status: claims.status,
  tier: claims.tier,
  channel: claims.channel,
  late: claims.late,
  submittedAt: claims.submittedAt,
  pii: claims.pii,
};

type ListRow = { id: number; claimId: string; status: ClaimStatus; tier: string; channel: string; late: boolean; submittedAt: Date; pii: string };

function toItem(key: DataKey, r: ListRow): ClaimListItem {
  const p = decryptJson<ClaimPii>(key, r.pii, CLAIM_PII);
  return {
    claimId: r.claimId,
    status: r.status,
    tier: r.tier,
    channel: r.channel,
    late: r.late,
    submittedAt: r.submittedAt,
    name: `${maskText(p.firstName)} ${maskText(p.lastName)}`,
    email: maskEmail(p.email),
  };
}

export type SearchResult = { query: ClassifiedQuery | null; items: ClaimListItem[] };

export async function searchClaims(db: Queryable, s: Settlement, raw: string, limit = 50): Promise<SearchResult> {
  const query = classifyQuery(raw);
  if (!query) return { query, items: [] };
  const key = await settlementKey(db, s.id);
  const where = matchCondition(key, query);
  const rows = await db
    .select(listColumns)
    .from(claims)
    .where(and(eq(claims.settlementId, s.id), where))
    .orderBy(desc(claims.id))
    .limit(limit);
  return { query, items: rows.map((r) => toItem(key, r)) };
}

function matchCondition(key: DataKey, q: ClassifiedQuery): SQL {
  switch (q.kind) {
    case 'claim_id':
      return eq(claims.claimId, q.value);
    case 'email':
      return eq(claims.emailHash, keyedHash(key, 'email', q.value));
    case 'phone':
      return eq(claims.phoneHash, keyedHash(key, 'phone', q.value));
    case 'name':
      return eq(claims.nameHash, keyedHash(key, 'name', q.value));
  }
}

/** Newest first, keyset-paginated by the internal id (monotonic with arrival). */
export async function listClaims(
  db: Queryable,
  s: Settlement,
  opts: { status?: ClaimStatus; before?: number; limit?: number } = {},
): Promise<{ items: ClaimListItem[]; next: number | null }> {
  const key = await settlementKey(db, s.id);
  const limit = opts.limit ?? 50;
  const conds = [eq(claims.settlementId, s.id)];
  if (opts.status) conds.push(eq(claims.status, opts.status));
  if (opts.before) conds.push(lt(claims.id, opts.before));
  const rows = await db.select(listColumns).from(claims).where(and(...conds)).orderBy(desc(claims.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map((r) => toItem(key, r)), next: rows.length > limit ? page[page.length - 1].id : null };
}
