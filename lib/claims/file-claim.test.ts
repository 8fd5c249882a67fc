import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { eq, sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { rowsOf } from '@/db/client';
import { auditLog, claimEvents, claims, deficiencies } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/service';
import { demoClassList, ensureDemo } from '@/lib/demo/service';
import { startMailCatcher } from '@/lib/mail/catcher';
import { zonedInstant } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { cureDeficiency } from './cure';
import { fileClaim } from './file-claim';
import { parseClaim, type ClaimSubmission } from './schema';
import { lookupClaimStatus } from './status';
import { noticePrefill, NOTICE_NOT_FOUND } from './notice-prefill';

const SMTP_PORT = 3135;
const mails: Buffer[] = [];
let catcher: { close: () => Promise<void> };
let h: Handle;
let settlement: Settlement;
const members = demoClassList(60);
const nowOpen = () => new Date();

beforeAll(async () => {
  process.env.SMTP_URL = `smtp://127.0.0.1:${SMTP_PORT}`;
  catcher = await startMailCatcher(SMTP_PORT, (raw) => mails.push(raw));
  h = await openTestDb();
  settlement = (await ensureDemo(h.db, { classSize: 60 })).settlement;
});
afterAll(async () => {
  await h.close();
  await catcher.close();
});

/** A claim as the form would send it, run through the real schema. */
function submission(overrides: Record<string, unknown> = {}): ClaimSubmission {
  const r = parseClaim(settlement.config, {
    usResident: 'yes', usedApp: 'yes', filingFor: 'self',
    firstName: 'Ava', lastName: 'Testclaimant', state: 'TX', zip: '78701', email: 'ava.test@example.org',
    usernames: ['nobody-here'], attestations: [], paymentMethod: 'paypal', paypalEmail: 'ava.pay@example.org',
    signature: 'Ava Testclaimant', declaration: true,
    ...overrides,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.claim;
}

let tokens = 0;
const intake = () => ({ idempotencyKey: `t-${++tokens}`, ip: '198.51.100.7', userAgent: 'vitest' });

describe('filing a claim', () => {
  it('50 concurrent submissions with the same token make exactly one claim, and all get its ID', async () => {
    // Members 10–49 already hold a demo claim (lib/demo/claims.ts): a second claim on one of them is a conflict (one member, one payment).
    const m = members[50];
    const input = submission({ usernames: [m.username], email: m.email });
    const token = { ...intake(), idempotencyKey: 'double-click-token' };
    const results = await Promise.all(Array.from({ length: 50 }, () => fileClaim(h.db, settlement, input, token, { sendConfirmation: false })));
    expect(new Set(results.map((r) => r.claimId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await h.db.select().from(claims).where(eq(claims.idempotencyKey, 'double-click-token'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verificationStatus: 'matched', matchedRecordId: m.recordId, status: 'received', tier: 'nationwide', units: 1 });
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it('is timely at 11:59 p.m. Eastern on the deadline and late one minute later — and the late claim is kept', async () => {
    const { claimDeadline, timeZone } = settlement.config.dates;
    const m = members[21];
    const input = submission({ usernames: [m.username] });
    const onTime = await fileClaim(h.db, settlement, input, intake(), { now: zonedInstant(claimDeadline, timeZone, 23, 59, 0), sendConfirmation: false });
    const late = await fileClaim(h.db, settlement, input, intake(), { now: zonedInstant(claimDeadline, timeZone, 23, 59, 0, 60_000), sendConfirmation: false });
    expect(onTime.late).toBe(false);
    expect(late.late).toBe(true);
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, late.claimId));
    expect(row).toMatchObject({ late: true, status: 'received' });
  });

  it('puts a Notice ID claimant whose record shows Illinois use in the Illinois tier with 6 shares', async () => {
    const m = members[0];
    const r = await fileClaim(h.db, settlement, submission({ usernames: [], noticeId: m.noticeId, confirmationCode: m.confirmationCode, attestations: ['illinois_resident'] }), intake(), { sendConfirmation: false });
    expect(r).toMatchObject({ status: 'received', tier: 'illinois', verificationStatus: 'matched' });
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, r.claimId));
    expect(row).toMatchObject({ units: 6, noticeId: m.noticeId, matchedRecordId: m.recordId });
  });

  it('stores personal data only as ciphertext: a canary name appears in no column of any table', async () => {
    const canary = 'Zyxwcanary';
    const r = await fileClaim(h.db, settlement, submission({ firstName: canary, lastName: `${canary}son`, email: `${canary.toLowerCase()}@example.org`, signature: `${canary} ${canary}son`, street: `1 ${canary} Way`, city: 'Austin' }), intake(), { sendConfirmation: false });
    expect(r.created).toBe(true);
    const tables = rowsOf<{ table_name: string }>(await h.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`));
    expect(tables.length).toBeGreaterThan(5);
    for (const { table_name } of tables) {
      const hits = rowsOf<{ n: number }>(await h.db.execute(sql.raw(`select count(*)::int as n from "${table_name}" t where lower(t::text) like '%${canary.toLowerCase()}%'`)));
      expect({ table_name, n: hits[0].n }).toEqual({ table_name, n: 0 });
    }
  });

  it('keeps a honeypot submission, flags it, and sends the bot nothing', async () => {
    const r = await fileClaim(h.db, settlement, submission(), { ...intake(), honeypot: true });
    expect(await r.confirmation).toBe('skipped');
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, r.claimId));
    expect(row.honeypot).toBe(true);
  });
});

describe('deficiencies and cures', () => {
  it('opens IDENTIFIER_MISMATCH with a cure date for an unknown username, and cures it with the right one', async () => {
    const now = new Date('2026-01-10T15:00:00Z');
    const input = submission({ usernames: ['definitely-not-on-the-list'], zip: '60601' });
    const r = await fileClaim(h.db, settlement, input, intake(), { now, sendConfirmation: false });
    expect(r.status).toBe('deficient');
    expect(r.deficiencies).toEqual([expect.objectContaining({ code: 'IDENTIFIER_MISMATCH', cureBy: '2026-02-09' })]);

    const wrongOwner = await cureDeficiency(h.db, settlement, { claimId: r.claimId, emailOrZip: 'someone@else.org' }, { usernames: [members[52].username] }, { now });
    expect(wrongOwner).toMatchObject({ ok: false });

    const stillWrong = await cureDeficiency(h.db, settlement, { claimId: r.claimId, emailOrZip: '60601' }, { usernames: ['also-unknown'] }, { now });
    expect(stillWrong).toMatchObject({ ok: true, resolved: false, view: { status: 'deficient' } });

    const cured = await cureDeficiency(h.db, settlement, { claimId: r.claimId, emailOrZip: input.email }, { usernames: [members[52].username] }, { now });
    expect(cured).toMatchObject({ ok: true, resolved: true, view: { status: 'received', deficiencies: [] } });
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, r.claimId));
    expect(row).toMatchObject({ status: 'received', verificationStatus: 'matched', matchedRecordId: members[52].recordId, units: 1 });
    const defs = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, row.id));
    expect(defs.every((d) => d.curedAt)).toBe(true);
    const events = await h.db.select().from(claimEvents).where(eq(claimEvents.claimPk, row.id));
    expect(events.map((e) => e.status)).toEqual(['received', 'deficient', 'deficient', 'received']);
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.targetId, r.claimId));
    expect(audit.map((a) => a.action)).toEqual(['claim.file', 'claim.cure', 'claim.cure']);
  });

  it('flags an Illinois statement the record does not support, and cures it when the claimant withdraws it', async () => {
    const m = members.find((x, i) => i > 1 && x.attributes.created_video_in_illinois === false)!;
    const input = submission({ usernames: [m.username], attestations: ['illinois_resident'] });
    const r = await fileClaim(h.db, settlement, input, intake(), { sendConfirmation: false });
    expect(r).toMatchObject({ status: 'deficient', tier: 'nationwide', deficiencies: [expect.objectContaining({ code: 'ATTESTATION_UNSUPPORTED' })] });
    const status = await lookupClaimStatus(h.db, settlement, r.claimId, input.zip);
    expect(status.ok && status.view.withdrawable.map((w) => w.key)).toEqual(['illinois_resident']);
    const cured = await cureDeficiency(h.db, settlement, { claimId: r.claimId, emailOrZip: input.zip }, { withdrawAttestations: true });
    expect(cured).toMatchObject({ ok: true, resolved: true, view: { status: 'received', tier: 'nationwide' } });
    const [row] = await h.db.select().from(claims).where(eq(claims.claimId, r.claimId));
    expect(row.attestations).toEqual([]);
  });
});

describe('Notice ID prefill', () => {
  it('returns only a masked prefill, and one generic error for a wrong code or a wrong Notice ID', async () => {
    const m = members[0];
    const r = await noticePrefill(h.db, settlement, m.noticeId.toLowerCase(), m.confirmationCode.toLowerCase());
    expect(r).toEqual({ ok: true, prefill: { noticeId: m.noticeId, firstInitial: `${m.firstName![0]}.`, lastInitial: `${m.lastName![0]}.`, maskedEmail: expect.stringMatching(/^.•+@example\.com$/), state: 'IL' } });
    expect(JSON.stringify(r)).not.toContain(m.firstName!);
    expect(JSON.stringify(r)).not.toMatch(/illinois|created_video|TT0000/i);
    const wrongCode = await noticePrefill(h.db, settlement, m.noticeId, 'ZZZZZZ');
    const wrongId = await noticePrefill(h.db, settlement, members[1].noticeId, m.confirmationCode);
    const junk = await noticePrefill(h.db, settlement, '<script>', '');
    expect(wrongCode).toEqual({ ok: false, error: NOTICE_NOT_FOUND });
    expect(wrongId).toEqual(wrongCode);
    expect(junk).toEqual(wrongCode);
  });
});

describe('check my claim', () => {
  it('finds a claim by ID + e-mail or ZIP, forgiving case and dashes, and gives one generic answer otherwise', async () => {
    const input = submission({ usernames: [members[23].username], zip: '78704' });
    const r = await fileClaim(h.db, settlement, input, intake(), { sendConfirmation: false });
    const byEmail = await lookupClaimStatus(h.db, settlement, r.claimId.toLowerCase().replaceAll('-', ' '), input.email.toUpperCase());
    expect(byEmail).toMatchObject({ ok: true, view: { claimId: r.claimId, status: 'received', statusLabel: 'Received' } });
    const byZip = await lookupClaimStatus(h.db, settlement, r.claimId, '78704');
    expect(byZip.ok && byZip.view.timeline.map((s) => s.state)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming']);
    const wrongEmail = await lookupClaimStatus(h.db, settlement, r.claimId, 'other@example.org');
    const wrongZip = await lookupClaimStatus(h.db, settlement, r.claimId, '10001');
    const wrongId = await lookupClaimStatus(h.db, settlement, 'CL-0000-0000-0', input.email);
    const garbage = await lookupClaimStatus(h.db, settlement, '<script>', '');
    expect(wrongEmail).toEqual(wrongId);
    expect(wrongZip).toEqual(wrongId);
    expect(garbage).toEqual(wrongId);
    expect(wrongId.ok).toBe(false);
  });
});

describe('confirmation e-mail', () => {
  it('arrives over SMTP with the claim ID, next steps and the status link, and no personal data but the first name', async () => {
    const input = submission({ firstName: 'Mailtest', lastName: 'Secretlastname', email: 'mailtest@example.org', zip: '73301', phone: '(512) 555-0199', street: '9 Hidden St', city: 'Austin' });
    const before = mails.length;
    const r = await fileClaim(h.db, settlement, input, intake(), { siteUrl: 'https://claims.example' });
    expect(await r.confirmation).toBe('sent');
    expect(mails.length).toBe(before + 1);
    const msg = await simpleParser(mails[before]);
    expect(msg.subject).toContain(r.claimId);
    expect((msg.to as { text: string }).text).toBe('mailtest@example.org');
    const body = msg.text!;
    expect(body).toContain('Dear Mailtest');
    expect(body).toContain(r.claimId);
    expect(body).toContain(`https://claims.example/${settlement.slug}/status?id=${r.claimId}`);
    expect(body).toContain('What happens next');
    for (const secret of ['Secretlastname', 'mailtest@example.org', '73301', '555-0199', 'Hidden', 'ava.pay']) expect(body).not.toContain(secret);
  });

  it('a retry with the same token sends no second e-mail', async () => {
    const input = submission({ email: 'retry@example.org' });
    const token = intake();
    const first = await fileClaim(h.db, settlement, input, token);
    await first.confirmation;
    const before = mails.length;
    const again = await fileClaim(h.db, settlement, input, token);
    expect(await again.confirmation).toBe('skipped');
    expect(again).toMatchObject({ claimId: first.claimId, created: false });
    expect(mails.length).toBe(before);
  });
});

it('the demo comes with sample claims filed through the same use case', async () => {
  const rows = await h.db.select({ status: claims.status, tier: claims.tier, idem: claims.idempotencyKey }).from(claims).where(sql`${claims.idempotencyKey} like 'demo-claim-%'`);
  expect(rows).toHaveLength(40);
  expect(rows.some((r) => r.tier === 'illinois')).toBe(true);
  expect(rows.some((r) => r.status === 'deficient')).toBe(true);
  expect(rows.filter((r) => r.status === 'received').length).toBeGreaterThan(25);
  void nowOpen;
});
