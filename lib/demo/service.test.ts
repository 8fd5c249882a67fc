import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '@/lib/testing/db';
import type { Handle } from '@/db/client';
import { demoClassList, demoConfig, ensureDemo } from './service';
import { isTimely } from '@/lib/settlements/deadlines';
import { settlementConfigSchema } from '@/lib/settlements/config';

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h.close());

describe('demo settlement', () => {
  it('shifts the real TikTok dates so every deadline is still open today, keeping their spacing', () => {
    const now = new Date();
    const c = settlementConfigSchema.parse(demoConfig(now));
    for (const d of [c.dates.optOutDeadline, c.dates.objectionDeadline, c.dates.claimDeadline]) expect(isTimely(now, d, c.dates.timeZone)).toBe(true);
    expect(isTimely(now, c.dates.noticeDate, c.dates.timeZone)).toBe(false);
  });

  it('is deterministic', () => {
    expect(demoClassList(50)).toEqual(demoClassList(50));
  });

  it('is created once, and re-created on reset', async () => {
    const a = await ensureDemo(h.db, { classSize: 50 });
    expect(a.created).toBe(true);
    const b = await ensureDemo(h.db, { classSize: 50 });
    expect(b.created).toBe(false);
    expect(b.settlement.id).toBe(a.settlement.id);
    const c = await ensureDemo(h.db, { classSize: 50, reset: true });
    expect(c.created).toBe(true);
    expect(c.settlement.id).not.toBe(a.settlement.id);
  });
});
