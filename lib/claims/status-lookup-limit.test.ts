import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { fileClaim } from './file-claim';
import { parseClaim } from './schema';
import { LOOKUP_FAILED } from './status';
import { cureDeficiencyLimited, lookupClaimStatusLimited, MAX_FAILURES_PER_CLAIM } from './status-lookup-limit';

let h: Handle;
let settlement: Settlement;

beforeAll(async () => {
  h = await openTestDb();
  settlement = (await ensureDemo(h.db, { classSize: 20, sampleClaims: false })).settlement;
});
afterAll(() => h.close());

/** A deficient claim (no class-list match) with ZIP 60601, so it has something to cure. */
async function deficientClaim(n: number): Promise<string> {
  const r = parseClaim(settlement.config, {
    usResident: 'yes', usedApp: 'yes', filingFor: 'self',
    firstName: 'Ava', lastName: 'Guessed', state: 'IL', zip: '60601', email: `ava.guessed${n}@example.org`,
    usernames: [`not-on-the-list-${n}`], attestations: [], paymentMethod: 'paypal', paypalEmail: `ava.guessed${n}@example.org`,
    signature: 'Ava Guessed', declaration: true,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const filed = await fileClaim(h.db, settlement, r.claim, { idempotencyKey: `limit-${n}` }, { sendConfirmation: false });
  return filed.claimId;
}

describe('failed proofs of a claim are limited per claim ID, whichever form makes them', () => {
  it('after the limit, even the right ZIP gets the generic failure, on the status page and the cure form alike', async () => {
    const claimId = await deficientClaim(1);
    const now = new Date();
    expect(await lookupClaimStatusLimited(h.db, settlement, claimId, '60601', now)).toMatchObject({ ok: true });
    // A guesser rotating addresses: half the wrong ZIPs through the status page, half through the cure form.
    for (let i = 0; i < MAX_FAILURES_PER_CLAIM; i++) {
      const zip = String(10000 + i);
      const r = i % 2 ? await cureDeficiencyLimited(h.db, settlement, { claimId, emailOrZip: zip }, { usernames: ['x'] }, now) : await lookupClaimStatusLimited(h.db, settlement, claimId, zip, now);
      expect(r).toEqual({ ok: false, error: LOOKUP_FAILED });
    }
    expect(await lookupClaimStatusLimited(h.db, settlement, claimId, '60601', now)).toEqual({ ok: false, error: LOOKUP_FAILED });
    expect(await cureDeficiencyLimited(h.db, settlement, { claimId, emailOrZip: '60601' }, { usernames: ['x'] }, now)).toEqual({ ok: false, error: LOOKUP_FAILED });
    // Another claim is untouched, and the owner gets in again an hour later.
    const other = await deficientClaim(2);
    expect(await lookupClaimStatusLimited(h.db, settlement, other, '60601', now)).toMatchObject({ ok: true });
    expect(await lookupClaimStatusLimited(h.db, settlement, claimId, '60601', new Date(now.getTime() + 3_600_000 + 1))).toMatchObject({ ok: true });
  });

  it('a cure refused for its content does not count as a guess', async () => {
    const claimId = await deficientClaim(3);
    for (let i = 0; i < MAX_FAILURES_PER_CLAIM + 2; i++) {
      const r = await cureDeficiencyLimited(h.db, settlement, { claimId, emailOrZip: '60601' }, { usernames: [`still-unknown-${i}`] });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    expect(await lookupClaimStatusLimited(h.db, settlement, claimId, '60601')).toMatchObject({ ok: true });
  });
});
