import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims, type ClaimSeed } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { claimListFilterSchema, countClaims, decodeCursor, listClaims, searchClaims, type ClaimListFilter } from './search';

/**
 * The console's claims list against a real database: stable order, exact totals, keyset pages in both
 * directions, and every filter — checked against the same question asked of the claims table directly.
 */

let h: Handle;
let s: Settlement;
const statuses = ['received', 'received', 'under_review', 'deficient', 'approved', 'denied'] as const;
const channels = ['web', 'web', 'mail', 'import'] as const;

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  // 137 claims over 5 days in New York. Around midnight Eastern (04:00–06:00 UTC) so the local day differs
  // from the UTC day, and groups of 4 claims share one submitted_at (a bulk import in one statement).
  const seeds: ClaimSeed[] = Array.from({ length: 137 }, (_, i) => ({
    status: statuses[i % statuses.length],
    channel: channels[i % channels.length],
    tier: i % 5 === 0 ? 'illinois' : 'nationwide',
    submittedAt: new Date(Date.UTC(2026, 2, 10 + (i % 5), 3, 30 + Math.floor(i / 20), 0) + Math.floor(i / 4) * 1000),
    ...(i === 7 ? { email: 'findme@example.com' } : {}),
  }));
  await seedClaims(h.db, s.id, seeds);
});
afterAll(async () => h?.close());

/** The expected answer, asked of the claims table directly: ids newest first. */
async function direct(f: ClaimListFilter): Promise<string[]> {
  const tz = s.config.dates.timeZone;
  const rows = rowsOf<{ claim_id: string }>(
    await h.db.execute(sql`select claim_id from claims where settlement_id = ${s.id}
      and (${f.status ?? null}::text is null or status::text = ${f.status ?? null})
      and (${f.tier ?? null}::text is null or tier = ${f.tier ?? null})
      and (${f.channel ?? null}::text is null or channel::text = ${f.channel ?? null})
      and (${f.from ?? null}::date is null or (submitted_at at time zone ${tz})::date >= ${f.from ?? null}::date)
      and (${f.to ?? null}::date is null or (submitted_at at time zone ${tz})::date <= ${f.to ?? null}::date)
      order by submitted_at desc, id desc`),
  );
  return rows.map((r) => r.claim_id);
}

async function walkOlder(f: ClaimListFilter, limit: number): Promise<{ ids: string[]; pages: string[][] }> {
  const pages: string[][] = [];
  let page = await listClaims(h.db, s, { ...f, limit });
  pages.push(page.items.map((i) => i.claimId));
  while (page.older) {
    page = await listClaims(h.db, s, { ...f, limit, after: decodeCursor(page.older) });
    pages.push(page.items.map((i) => i.claimId));
    if (pages.length > 100) throw new Error('paging does not end');
  }
  return { ids: pages.flat(), pages };
}

describe('claims list', () => {
  it('pages newest first in a stable order (submitted_at desc, id desc), without losing or repeating a claim', async () => {
    const { ids, pages } = await walkOlder({}, 25);
    expect(ids).toEqual(await direct({}));
    expect(pages.map((p) => p.length)).toEqual([25, 25, 25, 25, 25, 12]);
    // The same request gives the same page: ties on submitted_at are broken by id.
    expect((await listClaims(h.db, s, { limit: 25 })).items.map((i) => i.claimId)).toEqual(pages[0]);
  });

  it('gives the exact total from the aggregates, for every filter and combination', async () => {
    const filters: ClaimListFilter[] = [
      {},
      { status: 'deficient' },
      { tier: 'illinois' },
      { channel: 'mail' },
      { status: 'received', channel: 'web', tier: 'nationwide' },
      { from: '2026-03-11', to: '2026-03-12' },
      { from: '2026-03-13' },
      { to: '2026-03-09' },
      { status: 'withdrawn' },
    ];
    for (const f of filters) {
      const want = await direct(f);
      expect(await countClaims(h.db, s, f), JSON.stringify(f)).toBe(want.length);
      const { ids } = await walkOlder(f, 10);
      expect(ids, JSON.stringify(f)).toEqual(want);
      expect((await listClaims(h.db, s, { ...f, limit: 10 })).total).toBe(want.length);
    }
  });

  it('counts days in the settlement time zone: 11:30 p.m. Eastern is that day, not the next UTC one', async () => {
    // 2026-03-10T03:30Z is 11:30 p.m. on March 9 in New York.
    const mar9 = await listClaims(h.db, s, { from: '2026-03-09', to: '2026-03-09', limit: 200 });
    expect(mar9.total).toBeGreaterThan(0);
    expect(mar9.items.every((i) => i.submittedAt.toISOString() < '2026-03-10T05:00:00.000Z')).toBe(true);
    expect(mar9.items.map((i) => i.claimId)).toEqual(await direct({ from: '2026-03-09', to: '2026-03-09' }));
  });

  it('pages back to newer claims and jumps to the oldest page, meeting the first page exactly', async () => {
    const all = await direct({});
    const first = await listClaims(h.db, s, { limit: 25 });
    const second = await listClaims(h.db, s, { limit: 25, after: decodeCursor(first.older) });
    const back = await listClaims(h.db, s, { limit: 25, before: decodeCursor(second.newer) });
    expect(back.items.map((i) => i.claimId)).toEqual(first.items.map((i) => i.claimId));
    expect(first.newer).toBeNull();
    const last = await listClaims(h.db, s, { limit: 25, last: true });
    expect(last.items.map((i) => i.claimId)).toEqual(all.slice(125));
    expect(last.older).toBeNull();
    let page = last;
    const seen = [...last.items.map((i) => i.claimId)];
    while (page.newer) {
      page = await listClaims(h.db, s, { limit: 25, before: decodeCursor(page.newer) });
      seen.unshift(...page.items.map((i) => i.claimId));
    }
    expect(seen).toEqual(all);
  });

  it('narrows a search by the same filters and counts its matches', async () => {
    const hit = await searchClaims(h.db, s, 'findme@example.com');
    expect(hit.total).toBe(1);
    const status = hit.items[0].status;
    expect((await searchClaims(h.db, s, 'findme@example.com', { status })).total).toBe(1);
    expect((await searchClaims(h.db, s, 'findme@example.com', { status: status === 'denied' ? 'approved' : 'denied' })).items).toEqual([]);
  });

  it('validates the URL filters and rejects a range that ends before it starts', () => {
    expect(claimListFilterSchema.safeParse({ from: '2026-03-12', to: '2026-03-11' }).success).toBe(false);
    expect(claimListFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(claimListFilterSchema.safeParse({ from: '2026-02-28', to: '2026-02-28' }).success).toBe(true);
    expect(claimListFilterSchema.safeParse({ status: 'bogus' }).success).toBe(false);
    expect(claimListFilterSchema.safeParse({ from: '03/12/2026' }).success).toBe(false);
    expect(decodeCursor('nonsense')).toBeNull();
    expect(decodeCursor('2026-03-10T03:30:00.000000Z_42')).toEqual({ at: '2026-03-10T03:30:00.000000Z', id: 42 });
  });
});
