import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { claimIdentifiers, claimMatchState, claims, claimVerifications, classMembers, deficiencies, matchReviews } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/service';
import { fileClaim } from '@/lib/claims/file-claim';
import { importClaims } from '@/lib/claims/import';
import { decideClaimIn } from '@/lib/claims/review';
import { parseClaim } from '@/lib/claims/schema';
import { CLASS_PII } from '@/lib/classlist/members';
import { demoClassList, ensureDemo } from '@/lib/demo/service';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import { runVerification } from './batch';
import { verifyJob } from './jobs';
import { runInline } from '@/lib/jobs/run-inline';
import { matchEvidence, reviewMatch } from './review';
import { addressKey, nameZipKey, zipKey } from '@/lib/classlist/keys';
import type { NameAddress } from './fuzzy';

let h: Handle;
let s: Settlement;
const members = demoClassList(80);
const actor = 'staff:test';

/** The class-list helper's import fills these; the demo loader does not yet. Same formulas (keys.ts). */
async function fillProbableKeys() {
  const key = await settlementKey(h.db, s.id);
  const rows = await h.db.select({ id: classMembers.id, pii: classMembers.pii }).from(classMembers).where(eq(classMembers.settlementId, s.id));
  for (const r of rows) {
    const p = decryptJson<NameAddress>(key, r.pii, CLASS_PII);
    await h.db.update(classMembers).set({ nameZipHash: nameZipKey(key, p.firstName, p.lastName, p.zip), addressHash: addressKey(key, p.street, p.zip), zipHash: zipKey(key, p.zip) }).where(eq(classMembers.id, r.id));
  }
}

async function claimOf(id: number) {
  const [c] = await h.db.select().from(claims).where(eq(claims.id, id));
  return c;
}

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 80, sampleClaims: false })).settlement;
  await fillProbableKeys();
});
afterAll(async () => h.close());

function submission(overrides: Record<string, unknown>) {
  const r = parseClaim(s.config, {
    usResident: 'yes', usedApp: 'yes', filingFor: 'self', firstName: 'Ava', lastName: 'Testclaimant', state: 'TX', zip: '78701',
    email: 'ava.test@example.org', usernames: [], attestations: [], paymentMethod: 'paypal', paypalEmail: 'ava.pay@example.org',
    signature: 'Ava Testclaimant', declaration: true, ...overrides,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.claim;
}
let token = 0;
const intake = () => ({ idempotencyKey: `b-${++token}` });

describe('batch verification', () => {
  let seeded: { id: number; claimId: string }[];
  it('backfills identifiers of claims that have none (every username, not only the first) and verifies them', async () => {
    seeded = await seedClaims(h.db, s.id, [
      { email: members[2].email, firstName: 'X', lastName: 'Y' },
      { email: 'other@example.org', usernames: ['not-on-list', members[3].username!] },
      { email: 'stranger@example.org', usernames: ['nobody'] },
    ]);
    const c = await runVerification(h.db, s, { actor });
    expect(c).toMatchObject({ backfilled: 3, checked: 3, changed: 3 });
    const usernames = await h.db.select().from(claimIdentifiers).where(and(eq(claimIdentifiers.claimPk, seeded[1].id), eq(claimIdentifiers.kind, 'username')));
    expect(usernames).toHaveLength(2);
    expect(await claimOf(seeded[0].id)).toMatchObject({ verificationStatus: 'matched', matchedRecordId: members[2].recordId, units: 1 });
    expect(await claimOf(seeded[1].id)).toMatchObject({ verificationStatus: 'matched', matchedRecordId: members[3].recordId });
    const stranger = await claimOf(seeded[2].id);
    expect(stranger).toMatchObject({ verificationStatus: 'unmatched', status: 'deficient', units: null });
    const defs = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, stranger.id));
    expect(defs.map((d) => d.code)).toEqual(['IDENTIFIER_MISMATCH']);
    const [v] = await h.db.select().from(claimVerifications).where(eq(claimVerifications.claimPk, seeded[0].id));
    expect(v).toMatchObject({ trigger: 'verify', via: 'email', actor });
    // The page's audit row names every changed claim with its before → after.
    const [page] = rowsOf<{ details: { changed: number; changes: { before: { verification: string }; after: { verification: string }; claims: string[] }[] } }>(
      await h.db.execute(sql`select details from audit_log where action = 'claims.verify.page' order by id desc limit 1`),
    );
    expect(page.details.changed).toBe(3);
    const listed = page.details.changes.flatMap((g) => g.claims.map((id) => `${id}:${g.before.verification}>${g.after.verification}`)).sort();
    const ids = (await h.db.select({ claimId: claims.claimId }).from(claims).where(inArray(claims.id, seeded.map((x) => x.id)))).map((c) => c.claimId);
    expect(listed).toHaveLength(3);
    for (const id of ids) expect(listed.some((l) => l.startsWith(`${id}:pending>`))).toBe(true);
  });

  it('a second run with nothing changed changes nothing', async () => {
    const before = await h.db.select().from(claimVerifications);
    const c = await runVerification(h.db, s, { actor });
    expect(c).toMatchObject({ checked: 0, changed: 0, backfilled: 0 });
    expect(await h.db.select().from(claimVerifications)).toHaveLength(before.length);
    // --all looks at every claim again, and still changes nothing.
    expect(await runVerification(h.db, s, { actor, all: true })).toMatchObject({ changed: 0 });
  });

  it('re-verifies a claim whose matched record changed (class-list re-import), and only that one', async () => {
    const m = members[2];
    await h.db.update(classMembers).set({ attributes: { ...m.attributes, months_active: 99 }, updatedAt: new Date(Date.now() + 1000) }).where(and(eq(classMembers.settlementId, s.id), eq(classMembers.recordId, m.recordId)));
    const c = await runVerification(h.db, s, { actor, now: new Date(Date.now() + 2000) });
    expect(c.checked).toBe(1);
  });

  it('the reported case: the same person files twice with the same Notice ID — both claims are conflicts, neither payable', async () => {
    const m = members[40];
    const a = await fileClaim(h.db, s, submission({ noticeId: m.noticeId, confirmationCode: m.confirmationCode, email: 'twice@example.org' }), intake(), { sendConfirmation: false });
    expect(a.verificationStatus).toBe('matched');
    const b = await fileClaim(h.db, s, submission({ noticeId: m.noticeId, confirmationCode: m.confirmationCode, email: 'twice@example.org' }), intake(), { sendConfirmation: false });
    expect(b.verificationStatus).toBe('conflict');
    const rows = await h.db.select().from(claims).where(inArray(claims.claimId, [a.claimId, b.claimId]));
    for (const r of rows) expect(r).toMatchObject({ verificationStatus: 'conflict', matchedRecordId: m.recordId, units: null });
    // Neither can be approved while the conflict stands.
    const [one] = rows;
    await expect(h.db.transaction((tx) => decideClaimIn(tx, s, { claimPk: one.id, settlementId: s.id, claimId: one.claimId, status: one.status }, { decision: 'approve', reasonCodes: [] }, 'staff:r'))).rejects.toThrow(/conflict with another claim/);
    // The batch agrees and keeps them so.
    await runVerification(h.db, s, { actor, all: true });
    for (const r of await h.db.select().from(claims).where(inArray(claims.claimId, [a.claimId, b.claimId]))) expect(r.verificationStatus).toBe('conflict');
    // One is withdrawn: the other holds the record alone and is verified again.
    const [first] = rows.filter((r) => r.claimId === a.claimId);
    await h.db.update(claims).set({ status: 'withdrawn' }).where(eq(claims.id, first.id));
    await runVerification(h.db, s, { actor, all: true });
    const [second] = await h.db.select().from(claims).where(eq(claims.claimId, b.claimId));
    expect(second).toMatchObject({ verificationStatus: 'matched', units: expect.any(Number) });
  });

  it('two imported claims for one record are both conflicts (batch), and a claim on a held record at intake too', async () => {
    const m = members[41];
    const header = 'claim_ref,first_name,last_name,email,payment_method,payment_handle,channel,street,city,state,zip';
    const addr = '1 Main St,Boston,MA,02134';
    const csv = Buffer.from(`${header}\nIMP-1,${m.firstName},${m.lastName},${m.email},check,,import,${addr}\nIMP-2,${m.firstName},${m.lastName},${m.email!.toUpperCase()},check,,mail,${addr}\nIMP-3,Z,Q,${members[42].email},check,,import,${addr}\n`);
    await importClaims(h.db, s, csv, actor);
    const c = await runVerification(h.db, s, { actor });
    // (+1: the record an earlier test moved into the future is still "changed since the last run".)
    expect(c.checked).toBeGreaterThanOrEqual(3);
    const got = await h.db.select().from(claims).where(inArray(claims.claimRef, ['IMP-1', 'IMP-2', 'IMP-3']));
    const by = Object.fromEntries(got.map((g) => [g.claimRef, g]));
    expect(by['IMP-1']).toMatchObject({ verificationStatus: 'conflict', matchedRecordId: m.recordId, units: null });
    expect(by['IMP-2']).toMatchObject({ verificationStatus: 'conflict' });
    expect(by['IMP-3']).toMatchObject({ verificationStatus: 'matched', matchedRecordId: members[42].recordId, units: 1 });
    const late = await fileClaim(h.db, s, submission({ email: members[42].email, usernames: ['someone-else'] }), intake(), { sendConfirmation: false });
    expect(late.verificationStatus).toBe('conflict');
    expect((await h.db.select().from(claims).where(eq(claims.claimRef, 'IMP-3')))[0].verificationStatus).toBe('conflict');
  });

  it('a name + address match is probable until a reviewer confirms it', async () => {
    const m = members[50];
    const [p] = await seedClaims(h.db, s.id, [{ email: 'new.address@example.org', firstName: m.firstName, lastName: `${m.lastName}e`, zip: m.zip }]);
    // seedClaims keeps no street: add it to the sealed pii as intake would.
    const key = await settlementKey(h.db, s.id);
    const { encryptJson } = await import('@/lib/privacy/crypto');
    const [row] = await h.db.select().from(claims).where(eq(claims.id, p.id));
    const pii = decryptJson<Record<string, unknown>>(key, row.pii, 'claims.pii');
    await h.db.update(claims).set({ pii: encryptJson(key, { ...pii, street: `${m.street}.` }, 'claims.pii') }).where(eq(claims.id, p.id));
    await runVerification(h.db, s, { actor });
    expect(await claimOf(p.id)).toMatchObject({ verificationStatus: 'probable', matchedRecordId: m.recordId, units: null, status: 'received' });
    const [state] = await h.db.select().from(claimMatchState).where(eq(claimMatchState.claimPk, p.id));
    expect(state.status).toBe('probable');
    // The reviewer sees both sides masked: no full name, street or e-mail of either.
    const ev = await matchEvidence(h.db, s, p.id);
    expect(ev).toMatchObject({ status: 'probable', recordId: m.recordId, via: 'name_address', reasonCodes: ['PROBABLE_MATCH'] });
    const shown = JSON.stringify(ev.rows);
    for (const secret of [m.street!, m.lastName!, m.email!]) expect(shown).not.toContain(secret);
    expect(ev.scores!.nameScore).toBeGreaterThan(0.9);
    const r = await reviewMatch(h.db, s, p.claimId, 'confirm', 'staff:reviewer');
    expect(r.status).toBe('verified');
    expect(await claimOf(p.id)).toMatchObject({ verificationStatus: 'matched', matchedRecordId: m.recordId, units: 1 });
    const [review] = await h.db.select().from(matchReviews).where(eq(matchReviews.claimPk, p.id));
    expect(review).toMatchObject({ decision: 'confirm', actor: 'staff:reviewer' });
    // A later batch run keeps the reviewer's word.
    await runVerification(h.db, s, { actor, all: true });
    expect((await claimOf(p.id)).verificationStatus).toBe('matched');
    await expect(reviewMatch(h.db, s, p.claimId, 'reject', 'staff:reviewer')).rejects.toThrow(/no probable match/);
  });

  it('runs as the verify.run job (what `fairshare verify` and the queue run), with progress and validated params', async () => {
    const ticks: number[] = [];
    const r = await runInline(h, verifyJob, { settlement: s.slug, all: true }, { actor, onProgress: (d) => ticks.push(d) });
    expect(r).toMatchObject({ settlement: s.slug, changed: 0 });
    expect(ticks.length).toBeGreaterThan(0);
    await expect(runInline(h, verifyJob, { settlement: '' }, { actor })).rejects.toThrow(/verify.run: settlement/);
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});

describe('verification does not depend on input order (property)', () => {
  it('the same claims inserted in any order end with the same results', async () => {
    const base = [
      { email: members[60].email },
      { email: members[60].email!.toUpperCase() },
      { email: 'zz@example.org', usernames: [members[61].username!] },
      { email: members[62].email, usernames: [members[63].username!] },
      { email: 'nobody@example.org' },
      { email: members[64].email },
    ];
    const results = async (order: number[]) => {
      await h.db.delete(claims).where(eq(claims.settlementId, s.id));
      const seeded = await seedClaims(h.db, s.id, order.map((i) => ({ ...base[i], firstName: `F${i}` })));
      await runVerification(h.db, s, { actor, pageSize: 2 });
      const rows = rowsOf<{ first: string; status: string; record: string | null }>(
        await h.db.execute(sql`select c.id, c.verification_status as status, c.matched_record_id as record from claims c where c.settlement_id = ${s.id}`),
      );
      const byPk = new Map(rows.map((r) => [Number((r as unknown as { id: number }).id), r]));
      return Object.fromEntries(seeded.map((x, j) => [order[j], `${byPk.get(x.id)!.status}:${byPk.get(x.id)!.record}`]));
    };
    const expected = await results(base.map((_, i) => i));
    expect(expected[0]).toMatch(/^conflict/);
    expect(expected[3]).toBe('conflict:null');
    await fc.assert(fc.asyncProperty(fc.shuffledSubarray(base.map((_, i) => i), { minLength: base.length }), async (order) => {
      expect(await results(order)).toEqual(expected);
    }), { numRuns: 6 });
  });
});
