import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openTestDb } from '@/lib/testing/db';
import type { Handle } from '@/db/client';
import { createSettlement, findSettlement, listSettlements, SettlementExistsError } from './service';
import { netFundCents, settlementConfigSchema } from './config';
import { verifyAuditChain } from '@/lib/audit/service';

const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h.close());

describe('settlement configuration', () => {
  it('accepts the shipped TikTok example', () => {
    const c = settlementConfigSchema.parse(tiktok);
    expect(c.tiers.map((t) => t.key)).toEqual(['illinois', 'nationwide']);
    expect(netFundCents(c)).toBe(9_200_000_000 - 3_066_360_000 - 150_000_000 - 16_500_000 - 500_000_000);
  });

  it('names the field of every mistake', () => {
    const bad = { ...tiktok, grossFundCents: 12.5, dates: { ...tiktok.dates, timeZone: 'Mars/Olympus' }, paymentMethods: ['cash'] };
    const r = settlementConfigSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['grossFundCents', 'dates.timeZone', 'paymentMethods.0']));
  });

  it('rejects deductions larger than the fund and unknown attestations', () => {
    const r = settlementConfigSchema.safeParse({
      ...tiktok,
      deductions: { ...tiktok.deductions, attorneysFees: 10_000_000_000 },
      attestations: [],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join('\n')).toMatch(/deductions exceed|unknown attestation/);
  });
});

describe('settlement service', () => {
  it('creates a settlement with a data key and an audit row, and refuses a duplicate slug', async () => {
    const s = await createSettlement(h.db, tiktok, 'test');
    expect((await findSettlement(h.db, 'tiktok'))?.id).toBe(s.id);
    await expect(createSettlement(h.db, tiktok, 'test')).rejects.toBeInstanceOf(SettlementExistsError);
    await createSettlement(h.db, { ...tiktok, slug: 'tiktok-2' }, 'test');
    expect((await listSettlements(h.db)).map((x) => x.slug)).toEqual(['tiktok', 'tiktok-2']);
    const keys = await h.db.execute(sql`select count(*)::int as n from settlement_keys`);
    expect((keys as unknown as { rows: { n: number }[] }).rows[0].n).toBe(2);
    expect(await verifyAuditChain(h.db)).toEqual({ ok: true, rows: 2 });
  });
});
