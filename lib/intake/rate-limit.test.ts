import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { hitRateLimit, intakeLimit } from './rate-limit';

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h.close());

const at = (s: number) => new Date(Date.UTC(2026, 0, 10, 12, 0, s));

describe('intake rate limit', () => {
  it('allows the limit per IP per minute, then refuses until the next window', async () => {
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await hitRateLimit(h.db, 'claim', '198.51.100.1', { limit: 3, now: at(10 + i) }));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toMatchObject({ count: 4, limit: 3, retryAfterSeconds: 47 });
    expect((await hitRateLimit(h.db, 'claim', '198.51.100.1', { limit: 3, now: at(61) })).allowed).toBe(true);
  });

  it('counts each IP and each purpose separately', async () => {
    for (let i = 0; i < 3; i++) await hitRateLimit(h.db, 'notice', '198.51.100.2', { limit: 3, now: at(5) });
    expect((await hitRateLimit(h.db, 'notice', '198.51.100.2', { limit: 3, now: at(6) })).allowed).toBe(false);
    expect((await hitRateLimit(h.db, 'notice', '198.51.100.3', { limit: 3, now: at(6) })).allowed).toBe(true);
    expect((await hitRateLimit(h.db, 'status', '198.51.100.2', { limit: 3, now: at(6) })).allowed).toBe(true);
  });

  it('counts concurrent requests exactly (one upsert per request)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(h.db, 'claim', '198.51.100.9', { limit: 10, now: at(30) })));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('stores only a keyed hash of the IP, and sweeps old windows', async () => {
    await hitRateLimit(h.db, 'claim', '203.0.113.77', { now: at(0) });
    const later = at(0).getTime() + 3 * 3_600_000;
    await hitRateLimit(h.db, 'sweep', '203.0.113.78', { now: new Date(later) });
    const rows = await h.db.select().from(rateLimits);
    expect(rows.some((r) => r.bucket.includes('203.0.113'))).toBe(false);
    // Kept for two of the longest windows (an hour), so an hourly count is never swept by a minute one.
    expect(rows.every((r) => r.windowStart.getTime() >= later - 2 * 3_600_000)).toBe(true);
  });

  it('reads the limit from FAIRSHARE_INTAKE_RATE_LIMIT, default 30, and refuses a malformed one by name', () => {
    const old = process.env.FAIRSHARE_INTAKE_RATE_LIMIT;
    delete process.env.FAIRSHARE_INTAKE_RATE_LIMIT;
    expect(intakeLimit()).toBe(30);
    process.env.FAIRSHARE_INTAKE_RATE_LIMIT = '500';
    expect(intakeLimit()).toBe(500);
    process.env.FAIRSHARE_INTAKE_RATE_LIMIT = 'lots';
    // A start-up check (lib/env.ts productionProblems) refuses this before a production server answers anything.
    expect(() => intakeLimit()).toThrow(/FAIRSHARE_INTAKE_RATE_LIMIT/);
    if (old === undefined) delete process.env.FAIRSHARE_INTAKE_RATE_LIMIT;
    else process.env.FAIRSHARE_INTAKE_RATE_LIMIT = old;
  });
});
