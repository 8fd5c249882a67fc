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

describe('configuration versions', () => {
  it('records every change as a version with who, why and the diff, and guards tiers, units and dates once claims are verified', async () => {
    const { updateSettlementConfig, listConfigVersions, configImpact } = await import('./service');
    const { seedClaims } = await import('@/lib/testing/seed');
    const { recordVerification } = await import('@/lib/claims/transition');
    const { auditLog } = await import('@/db/schema');
    const { and, eq } = await import('drizzle-orm');
    const slug = 'tiktok-versions';
    const s = await createSettlement(h.db, { ...tiktok, slug }, 'staff:alice');
    expect(s.configVersion).toBe(1);

    // No claim verified yet: a tier change needs no reason.
    const six = structuredClone(s.config);
    six.tiers[0].units = { kind: 'fixed', shares: 7 };
    const v2 = await updateSettlementConfig(h.db, slug, six, 'staff:alice');
    expect(v2.configVersion).toBe(2);

    const filed = await seedClaims(h.db, s.id, [{ tier: 'illinois' }, { tier: 'illinois' }, { tier: 'nationwide' }]);
    await recordVerification(h.db, { claimPk: filed[0].id, settlementId: s.id }, { status: 'matched', matchedRecordId: 'TT1', via: 'email', reasonCodes: [], configVersion: 2, tier: 'illinois', units: 7, trigger: 'verify' }, 'system:test', new Date());

    const back = structuredClone(v2.config);
    back.tiers[0].units = { kind: 'fixed', shares: 6 };
    const current = (await findSettlement(h.db, slug))!;
    const impact = await configImpact(h.db, current, back);
    expect(impact).toMatchObject({ reasonRequired: true, verifiedClaims: 1, affectedClaims: 2, affectedTiers: ['illinois'] });

    const refused = await updateSettlementConfig(h.db, slug, back, 'staff:bob').catch((e) => e);
    expect(refused).toMatchObject({ code: 'bad_input', field: 'reason' });
    expect(refused.message).toMatch(/1 claim is already verified.*tiers\[0\]\.units\.shares.*affects 2 claims/);
    expect((await findSettlement(h.db, slug))!.configVersion).toBe(2);

    // A change outside tiers, units and dates needs no reason even now.
    const phone = structuredClone(v2.config);
    phone.contact.phone = '1-800-555-0199';
    expect((await updateSettlementConfig(h.db, slug, phone, 'staff:bob')).configVersion).toBe(3);

    const dated = structuredClone(phone);
    dated.tiers[0].units = { kind: 'fixed', shares: 6 };
    const v4 = await updateSettlementConfig(h.db, slug, dated, 'staff:bob', { reason: 'Order of Dec. 1, 2026, ECF No. 212' });
    expect(v4.configVersion).toBe(4);

    const versions = await listConfigVersions(h.db, s.id);
    expect(versions.map((v) => [v.version, v.actor, v.reason])).toEqual([
      [1, 'staff:alice', null],
      [2, 'staff:alice', null],
      [3, 'staff:bob', null],
      [4, 'staff:bob', 'Order of Dec. 1, 2026, ECF No. 212'],
    ]);
    expect(versions[3].changes).toEqual([{ path: 'tiers[0].units.shares', before: 7, after: 6 }]);
    expect(versions[3].config.tiers[0].units).toEqual({ kind: 'fixed', shares: 6 });

    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.settlementId, s.id), eq(auditLog.action, 'settlement.update')));
    expect(audit.map((a) => a.details.version)).toEqual([2, 3, 4]);
    expect(audit[2].actor).toBe('staff:bob');
    expect(audit[2].details).toMatchObject({ reason: 'Order of Dec. 1, 2026, ECF No. 212', changes: [{ path: 'tiers[0].units.shares', before: 7, after: 6 }], affectedClaims: 2 });
    expect(audit[1].details.changes).toEqual([{ path: 'contact.phone', before: v2.config.contact.phone, after: '1-800-555-0199' }]);

    // Saving the same configuration again makes no version.
    expect((await updateSettlementConfig(h.db, slug, dated, 'staff:bob', { reason: 'x' })).configVersion).toBe(4);
  });
});
