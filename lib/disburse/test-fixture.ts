import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { claims } from '@/db/schema';
import { loadStaffUser, type StaffUser } from '@/lib/auth/queries';
import { createStaffUser } from '@/lib/auth/users';
import { sealClaim, type ClaimPii, type PaymentDetails } from '@/lib/claims/seal';
import { runInline } from '@/lib/jobs/run-inline';
import { payoutsCompute } from '@/lib/payouts/jobs';
import { approveRun, createRun } from '@/lib/payouts/service';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { seedClaims } from '@/lib/testing/seed';
import tiktok from '@/docs/settlements/tiktok.json';
import type { RailsConfig } from './rails-config';

/**
 * Test fixture (used by lib/disburse/*.test.ts only): a settlement whose approved claims chose every
 * method, sealed as intake seals them, and an approved payout run over them.
 */

export const RAILS: RailsConfig = {
  ach: {
    immediateDestination: '021000021',
    immediateDestinationName: 'JPMORGAN CHASE',
    immediateOrigin: '1123456789',
    immediateOriginName: 'FAIRSHARE ADMIN',
    companyName: 'TIKTOK SETTLEMNT',
    companyId: '1123456789',
    originatingDfi: '021000021',
    entryDescription: 'SETTLEMENT',
    companyDiscretionaryData: '',
    referenceCode: '',
  },
  check: { account: '000123456789', firstCheckNumber: 100001, positivePay: { preset: 'common' }, payerName: 'TikTok Settlement Fund', memo: 'Settlement payment' },
  paypal: { currency: 'USD', note: 'Your payment from the TikTok settlement', maxRowsPerFile: 5000 },
  prepaid: { program: 'FS-TIKTOK' },
};

const ROUTINGS = ['021000021', '011000015', '121000358', '026009593'];

export function paymentFor(method: string, i: number, email: string): PaymentDetails {
  switch (method) {
    case 'ach':
      return { method: 'ach', routingNumber: ROUTINGS[i % ROUTINGS.length], accountNumber: `0009${String(i).padStart(6, '0')}`, accountType: i % 2 ? 'savings' : 'checking' };
    case 'venmo':
      return i % 3 === 0 ? { method: 'venmo', username: `venmo_user_${i}` } : i % 3 === 1 ? { method: 'venmo', phone: `+1312555${String(1000 + i).slice(-4)}` } : { method: 'venmo', email };
    case 'prepaid_card':
      return { method: 'prepaid_card', email };
    case 'zelle':
      return { method: 'zelle', emailOrPhone: email };
    case 'check':
      return { method: 'check' };
    default:
      return { method: 'paypal', email };
  }
}

export type Fixture = { settlement: Settlement; runId: string; /** Computed the run (and so may send it); `approver` approved it. */
  finance: { actor: string; staff: StaffUser };
  approver: { actor: string; staff: StaffUser }; claimsByMethod: Record<string, { id: number; claimId: string }[]> };

/** `methods` in order: one approved claim each. Returns an approved run. */
export async function disbursementFixture(h: Handle, methods: string[], opts: { slug?: string; names?: string[] } = {}): Promise<Fixture> {
  const settlement = await createSettlement(h.db, { ...tiktok, slug: opts.slug ?? 'tiktok', grossFundCents: 1_000_003, deductions: {} }, 'test');
  const seeded = await seedClaims(h.db, settlement.id, methods.map(() => ({ status: 'approved' as const, tier: 'nationwide', units: 1 })));
  const key = await settlementKey(h.db, settlement.id);
  const claimsByMethod: Fixture['claimsByMethod'] = {};
  for (const [i, c] of seeded.entries()) {
    const [first, last] = (opts.names?.[i] ?? `First${i} Last${i}`).split(' ');
    const pii: ClaimPii = { firstName: first, lastName: last, email: `claimant${i}@example.com`, street: `${100 + i} Main St`, city: 'Chicago', state: 'IL', zip: '60601', usernames: [] };
    const sealed = sealClaim(key, pii, paymentFor(methods[i], i, pii.email));
    await h.db.update(claims).set(sealed).where(eq(claims.id, c.id));
    (claimsByMethod[methods[i]] ??= []).push({ id: c.id, claimId: c.claimId });
  }
  const mk = async (email: string) => {
    const id = await createStaffUser(h.db, { email: `${email}-${settlement.slug}@example.com`, name: email, password: 'a-long-password-for-tests', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', role: 'finance', allSettlements: true }, 'test');
    return { actor: `staff:${id}`, staff: (await loadStaffUser(h.db, id))! };
  };
  const a = await mk('fin-a');
  const b = await mk('fin-b');
  const run = await createRun(h.db, settlement, {}, a.actor);
  await runInline(h, payoutsCompute, { runId: run.id }, { actor: a.actor });
  await approveRun(h.db, run.id, b);
  return { settlement, runId: run.id, finance: a, approver: b, claimsByMethod };
}

export async function stateCounts(h: Handle, runId: string): Promise<Record<string, number>> {
  const rows = rowsOf<{ state: string; n: string | number }>(await h.db.execute(sql`select state, count(*) n from payments where run_id = ${runId} group by state`));
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
