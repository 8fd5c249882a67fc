import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { addDays } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { enterPaperClaim } from './paper';

let h: Handle;
let s: Settlement;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
});
afterAll(async () => h.close());

const form = (over: Record<string, unknown> = {}) => ({
  usResident: 'yes', usedApp: 'yes', filingFor: 'self', firstName: 'Mary', lastName: 'Paper', street: '12 Elm St', city: 'Peoria', state: 'IL', zip: '61602',
  email: 'mary.paper@example.org', usernames: ['marypaper'], attestations: [], paymentMethod: 'check', signature: 'Mary Paper', declaration: true,
  postmarkDate: s.config.dates.claimDeadline, mailReference: 'M-0001', ...over,
});
// A day after the deadline, when the mail room keys in last week's envelopes.
const later = () => new Date(`${addDays(s.config.dates.claimDeadline, 7)}T15:00:00Z`);

describe('paper claims keyed in by staff', () => {
  it('is timely when postmarked on the deadline, even keyed in a week later; channel mail; the staff user is in the audit row', async () => {
    const r = await enterPaperClaim(h.db, s, form(), 'staff:42', { now: later() });
    expect(r).toMatchObject({ ok: true, claim: { late: false, created: true } });
    if (!r.ok) return;
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, r.claim.claimId));
    expect(row).toMatchObject({ channel: 'mail', late: false });
    const [audit] = await h.db.select().from(auditLog).where(and(eq(auditLog.targetId, r.claim.claimId), eq(auditLog.action, 'claim.file')));
    expect(audit.actor).toBe('staff:42');
    expect(audit.details).toMatchObject({ postmarkDate: s.config.dates.claimDeadline, channel: 'mail' });
  });

  it('is late when postmarked the day after the deadline', async () => {
    const r = await enterPaperClaim(h.db, s, form({ mailReference: 'M-0002', postmarkDate: addDays(s.config.dates.claimDeadline, 1) }), 'staff:42', { now: later() });
    expect(r).toMatchObject({ ok: true, claim: { late: true } });
  });

  it('adds nothing when the same envelope is keyed in twice', async () => {
    const a = await enterPaperClaim(h.db, s, form({ mailReference: 'M-0003' }), 'staff:42', { now: later() });
    const b = await enterPaperClaim(h.db, s, form({ mailReference: 'm-0003' }), 'staff:42', { now: later() });
    expect(a.ok && b.ok && b.claim.claimId === a.claim.claimId && !b.claim.created).toBe(true);
  });

  it('applies the web form’s validation, plus the postmark (not in the future) and the reference, each on its field', async () => {
    const r = await enterPaperClaim(h.db, s, form({ email: 'not-an-email', postmarkDate: '2999-01-01', mailReference: '', zip: '12' }), 'staff:42', { now: later() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toEqual(expect.arrayContaining(['email', 'postmarkDate', 'mailReference', 'zip']));
  });
});
