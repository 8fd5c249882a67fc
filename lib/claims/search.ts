import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Queryable } from '@/db/client';
import { claims } from '@/db/schema';
import { keyedHash, decryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail, maskText, normaliseEmail, normaliseName, normalisePhone } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { CLAIM_PII, type ClaimPii } from './seal';
import { addDays, zonedInstant } from '@/lib/settlements/deadlines';
import { CLAIM_STATUSES, type ClaimStatus } from './lifecycle';

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
  // The keyset cursor needs submitted_at to the microsecond; a JS Date keeps only milliseconds.
  at: sql<string>`to_char(${claims.submittedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  pii: claims.pii,
};

type ListRow = { id: number; claimId: string; status: ClaimStatus; tier: string; channel: string; late: boolean; submittedAt: Date; at: string; pii: string };

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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-01').refine(isCalendarDay, 'is not a day of the calendar');

/** 2026-02-30 matches the pattern and Date.parse rolls it over to March 2; PostgreSQL refuses it. */
function isCalendarDay(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const [y, m, day] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day)).toISOString().slice(0, 10) === d;
}

/**
 * The claims list filters as they appear in the URL (?status=&tier=&channel=&from=&to=). Every one is a
 * dimension of claim_stats (status, tier, channel, local day), so the total of any combination is read
 * from the aggregates exactly, without counting claims. Dates are calendar days in the settlement's
 * time zone, the days the dashboard and the declaration count.
 */
export const claimListFilterSchema = z
  .object({
    status: z.enum(CLAIM_STATUSES).optional(),
    tier: z.string().min(1).max(40).optional(),
    channel: z.enum(['web', 'mail', 'import']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'the end date is before the start date' });
export type ClaimListFilter = z.infer<typeof claimListFilterSchema>;

function filterConditions(s: Settlement, f: ClaimListFilter): SQL[] {
  const tz = s.config.dates.timeZone;
  const conds: SQL[] = [eq(claims.settlementId, s.id)];
  if (f.status) conds.push(eq(claims.status, f.status));
  if (f.tier) conds.push(eq(claims.tier, f.tier));
  if (f.channel) conds.push(eq(claims.channel, f.channel));
  if (f.from) conds.push(gte(claims.submittedAt, zonedInstant(f.from, tz, 0, 0, 0)));
  if (f.to) conds.push(lt(claims.submittedAt, zonedInstant(addDays(f.to, 1), tz, 0, 0, 0)));
  return conds;
}

/**
 * The number of claims matching the filters, from claim_stats (kept equal to the claims by triggers in
 * the writer's transaction): constant time however many claims there are, where count(*) over 10M
 * claims scans them.
 */
export async function countClaims(db: Queryable, s: Settlement, f: ClaimListFilter): Promise<number> {
  const conds: SQL[] = [sql`settlement_id = ${s.id}`];
  if (f.status) conds.push(sql`status = ${f.status}`);
  if (f.tier) conds.push(sql`tier = ${f.tier}`);
  if (f.channel) conds.push(sql`channel = ${f.channel}`);
  if (f.from) conds.push(sql`day >= ${f.from}::date`);
  if (f.to) conds.push(sql`day <= ${f.to}::date`);
  const [r] = rowsOf<{ n: string | number | null }>(await db.execute(sql`select sum(claims) as n from claim_stats where ${sql.join(conds, sql` and `)}`));
  return Number(r?.n ?? 0);
}

export type SearchResult = { query: ClassifiedQuery | null; items: ClaimListItem[]; total: number };

/** A search by identifier, narrowed by the same filters as the list; newest first, at most `limit`. */
export async function searchClaims(db: Queryable, s: Settlement, raw: string, filter: ClaimListFilter = {}, limit = 50): Promise<SearchResult> {
  const query = classifyQuery(raw);
  if (!query) return { query, items: [], total: 0 };
  const key = await settlementKey(db, s.id);
  const where = and(...filterConditions(s, filter), matchCondition(key, query));
  const rows = await db.select(listColumns).from(claims).where(where).orderBy(desc(claims.submittedAt), desc(claims.id)).limit(limit);
  // A hash lookup matches a handful of claims: counting them through the same index is cheap.
  const total = rows.length < limit ? rows.length : Number((await db.select({ n: sql<string>`count(*)` }).from(claims).where(where))[0].n);
  return { query, items: rows.map((r) => toItem(key, r)), total };
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

/**
 * A position in the list: the submitted_at (to the microsecond) and internal id of a row. Opaque to the
 * user, readable in the URL: "2026-11-30T15:04:05.123456Z_1234".
 */
export type Cursor = { at: string; id: number };
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_(\d{1,18})$/;
export function encodeCursor(c: Cursor): string {
  return `${c.at}_${c.id}`;
}
export function decodeCursor(raw: string | null | undefined): Cursor | null {
  const m = raw ? CURSOR.exec(raw) : null;
  return m ? { at: m[1], id: Number(m[2]) } : null;
}

export type ListPage = {
  items: ClaimListItem[];
  /** Claims matching the filters (exact, from claim_stats). */
  total: number;
  /** Rows older than this page exist: the cursor of its last row. */
  older: string | null;
  /** Rows newer than this page exist: the cursor of its first row. */
  newer: string | null;
};

/**
 * Newest first in a stable order — submitted_at desc, then id desc, so claims submitted in the same
 * microsecond (a bulk import) never swap places between pages — by keyset: `after` reads the page older
 * than a cursor, `before` the page newer than it, `last` the oldest page. Each is one index range scan
 * (claims_submitted_idx / claims_status_idx end in submitted_at, id), never an OFFSET that rescans
 * every skipped row.
 */
export async function listClaims(
  db: Queryable,
  s: Settlement,
  opts: ClaimListFilter & { after?: Cursor | null; before?: Cursor | null; last?: boolean; limit?: number } = {},
): Promise<ListPage> {
  const key = await settlementKey(db, s.id);
  const limit = opts.limit ?? 50;
  const total = await countClaims(db, s, opts);
  const conds = filterConditions(s, opts);
  const newerFirst = !opts.before && !opts.last;
  if (opts.after) conds.push(sql`(${claims.submittedAt}, ${claims.id}) < (${opts.after.at}::timestamptz, ${opts.after.id})`);
  else if (opts.before) conds.push(sql`(${claims.submittedAt}, ${claims.id}) > (${opts.before.at}::timestamptz, ${opts.before.id})`);
  // The oldest page holds the remainder, so that paging back from it meets the first page exactly.
  const take = opts.last ? total % limit || limit : limit;
  const order = newerFirst ? [desc(claims.submittedAt), desc(claims.id)] : [sql`${claims.submittedAt} asc`, sql`${claims.id} asc`];
  const rows = total === 0 ? [] : await db.select(listColumns).from(claims).where(and(...conds)).orderBy(...order).limit(take + 1);
  const extra = rows.length > take;
  const page = rows.slice(0, take);
  if (!newerFirst) page.reverse();
  const first = page[0];
  const lastRow = page.at(-1);
  const cursorOf = (r: ListRow | undefined) => (r ? encodeCursor({ at: r.at, id: Number(r.id) }) : null);
  const hasOlder = newerFirst ? extra : Boolean(opts.before);
  const hasNewer = newerFirst ? Boolean(opts.after) : opts.last ? extra || total > page.length : extra;
  return {
    items: page.map((r) => toItem(key, r)),
    total,
    older: hasOlder ? cursorOf(lastRow) : null,
    newer: hasNewer ? cursorOf(first) : null,
  };
}
