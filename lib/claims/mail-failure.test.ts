import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { fileClaim } from './file-claim';
import { parseClaim } from './schema';

let h: Handle;
let settlement: Settlement;
beforeAll(async () => {
  // Nothing listens on port 1: every send is refused.
  process.env.SMTP_URL = 'smtp://127.0.0.1:1';
  h = await openTestDb();
  settlement = (await ensureDemo(h.db, { classSize: 10 })).settlement;
});
afterAll(async () => h.close());

it('a failing mail server neither fails nor loses the claim, and the failure is recorded without personal data', async () => {
  const r = parseClaim(settlement.config, {
    usResident: 'yes', usedApp: 'yes', filingFor: 'self', firstName: 'Noor', lastName: 'Mailfail', state: 'WA', zip: '98101',
    email: 'noor.mailfail@example.org', usernames: ['noor_m'], paymentMethod: 'check', street: '5 Pine St', city: 'Seattle',
    signature: 'Noor Mailfail', declaration: true,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const filed = await fileClaim(h.db, settlement, r.claim, { idempotencyKey: 'mail-fail-1' });
  expect(await filed.confirmation).toBe('failed');
  expect(await h.db.select().from(claims).where(eq(claims.claimId, filed.claimId))).toHaveLength(1);
  const [row] = await h.db.select().from(auditLog).where(eq(auditLog.action, 'claim.confirmation_failed'));
  expect(row).toMatchObject({ targetId: filed.claimId });
  expect(JSON.stringify(row.details)).not.toMatch(/noor|mailfail|example\.org/i);
});
