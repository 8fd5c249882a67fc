import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Handle } from '@/db/client';
import { auditLog, objections, optOuts } from '@/db/schema';
import { can, roles } from '@/lib/auth/permissions';
import { startMailCatcher } from '@/lib/mail/catcher';
import { buildExclusions } from '@/lib/reports/filings';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { fileOptOut } from './opt-out';
import { enterPaperObjection, enterPaperOptOut, mailIdempotencyKey } from './paper';

// The shipped TikTok dates: opt-out and objection deadline 2022-01-31, America/New_York.
const DEADLINE = '2022-01-31';
// A week later, when the mail room keys in last week's envelopes.
const WEEK_LATER = new Date('2022-02-07T15:00:00Z');
// 11:30 p.m. Eastern on Jan 31 is already Feb 1 in UTC: the settlement's zone says it is still Jan 31.
const ET_2330_JAN31 = new Date('2022-02-01T04:30:00Z');

let h: Handle;
let s: Settlement;
let catcher: { port: number; close: () => Promise<void> };
const inbox: Buffer[] = [];

beforeAll(async () => {
  h = await openTestDb();
  catcher = await startMailCatcher(0, (raw) => inbox.push(raw));
  process.env.SMTP_URL = `smtp://127.0.0.1:${catcher.port}`;
  s = await createSettlement(h.db, JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')), 'test');
});
afterAll(async () => {
  await catcher?.close();
  await h?.close();
});
beforeEach(() => {
  inbox.length = 0;
});

let n = 0;
function letter(over: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    postmarkDate: DEADLINE,
    mailReference: `M2022-${String(n).padStart(4, '0')}`,
    firstName: 'Paula',
    lastName: 'Post',
    street: `${n} Mill Rd`,
    city: 'Peoria',
    state: 'IL',
    zip: '61602',
    email: `paula.${n}@example.org`,
    statement: 'yes',
    signature: 'Paula Post',
    ...over,
  };
}
const objectionLetter = (over: Record<string, unknown> = {}) => {
  const { statement: _s, ...rest } = letter();
  return { ...rest, grounds: 'The attorneys’ fees are too high for this class.', hasCounsel: 'no', willAppear: 'no', ...over };
};

function makePdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Scanned objection letter.');
    doc.end();
  });
}

describe('paper requests for exclusion keyed in by staff', () => {
  it('is timely when postmarked on the deadline though keyed in a week later; channel mail, the postmark kept, the staff user audited, a confirmation e-mailed', async () => {
    const r = await enterPaperOptOut(h.db, s, letter(), { actor: 'staff:7', now: WEEK_LATER });
    expect(r).toMatchObject({ ok: true, late: false, duplicate: false });
    if (!r.ok) return;
    const [row] = await h.db.select().from(optOuts).where(eq(optOuts.requestId, r.requestId));
    expect(row).toMatchObject({ channel: 'mail', postmarkDate: DEADLINE, late: false });
    expect(row.idempotencyKey).toMatch(/^mail-[0-9a-f]{40}$/);
    const [audit] = await h.db.select().from(auditLog).where(and(eq(auditLog.targetId, r.requestId), eq(auditLog.action, 'opt_out.file')));
    expect(audit.actor).toBe('staff:7');
    expect(audit.details).toMatchObject({ channel: 'mail', postmarkDate: DEADLINE, late: false });
    // The form carried an e-mail address: the person is told, as a paper claimant is.
    expect(inbox).toHaveLength(1);
  });

  it('is late when postmarked the day after the deadline, and is kept and marked late', async () => {
    const r = await enterPaperOptOut(h.db, s, letter({ postmarkDate: '2022-02-01' }), { actor: 'staff:7', now: WEEK_LATER });
    expect(r).toMatchObject({ ok: true, late: true });
    if (!r.ok) return;
    const [row] = await h.db.select().from(optOuts).where(eq(optOuts.requestId, r.requestId));
    expect(row).toMatchObject({ channel: 'mail', late: true });
  });

  it('reads "today" in the settlement’s zone: at 11:30 p.m. Eastern on the deadline a Jan 31 postmark is timely and a Feb 1 postmark is in the future', async () => {
    const ok = await enterPaperOptOut(h.db, s, letter({ postmarkDate: DEADLINE }), { actor: 'staff:7', now: ET_2330_JAN31 });
    expect(ok).toMatchObject({ ok: true, late: false });
    const future = await enterPaperOptOut(h.db, s, letter({ postmarkDate: '2022-02-01' }), { actor: 'staff:7', now: ET_2330_JAN31 });
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.fieldErrors.postmarkDate?.[0]).toMatch(/future/);
  });

  it('adds nothing when the same envelope is keyed in twice (whatever the case of the reference), and sends one e-mail', async () => {
    const form = letter({ mailReference: 'M2022-0900' });
    const a = await enterPaperOptOut(h.db, s, form, { actor: 'staff:7', now: WEEK_LATER });
    const b = await enterPaperOptOut(h.db, s, { ...form, mailReference: ' m2022-0900 ' }, { actor: 'staff:8', now: WEEK_LATER });
    expect(a.ok && b.ok && b.requestId === a.requestId && b.duplicate && !a.duplicate).toBe(true);
    expect(await h.db.select().from(optOuts).where(eq(optOuts.idempotencyKey, mailIdempotencyKey('M2022-0900')))).toHaveLength(1);
    expect(inbox).toHaveLength(1);
  });

  it('a web token equal to nothing the mail room uses: a web request cannot take an envelope’s key', async () => {
    // The web form's token must be a UUID; the envelope's key starts with "mail-", so they never meet.
    const web = await fileOptOut(h.db, s, { ...letter(), idempotencyKey: mailIdempotencyKey('M2022-0901') }, { now: WEEK_LATER });
    expect(web.ok).toBe(false);
    if (!web.ok) expect(Object.keys(web.fieldErrors)).toContain('idempotencyKey');
  });

  it('applies the web form’s validation, plus the postmark and the reference, each error on its field, all at once', async () => {
    const r = await enterPaperOptOut(h.db, s, letter({ email: 'not-an-email', zip: '12', statement: '', signature: 'Someone Else', postmarkDate: '2999-01-01', mailReference: '' }), {
      actor: 'staff:7',
      now: WEEK_LATER,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors)).toEqual(expect.arrayContaining(['email', 'zip', 'statement', 'postmarkDate', 'mailReference']));
    // With a valid envelope, the schema's cross-field rule (the signature is the member's own name) still applies.
    const sig = await enterPaperOptOut(h.db, s, letter({ signature: 'Someone Else' }), { actor: 'staff:7', now: WEEK_LATER });
    expect(sig.ok).toBe(false);
    if (!sig.ok) expect(Object.keys(sig.fieldErrors)).toEqual(['signature']);
    const ref = await enterPaperOptOut(h.db, s, letter({ mailReference: '=cmd|x' }), { actor: 'staff:7', now: WEEK_LATER });
    expect(ref.ok).toBe(false);
    if (!ref.ok) expect(Object.keys(ref.fieldErrors)).toEqual(['mailReference']);
  });

  it('shows the channel in the exclusion list, with the postmark as the date of a mailed request', async () => {
    const r = await enterPaperOptOut(h.db, s, letter({ postmarkDate: '2022-01-28' }), { actor: 'staff:7', now: WEEK_LATER });
    if (!r.ok) throw new Error('not filed');
    const report = await buildExclusions(h.db, s, { name: 'Test', title: 'Administrator' } as never, WEEK_LATER);
    expect(report.columns.map((c) => c.key)).toContain('channel');
    const rows = [];
    for await (const page of report.pages()) rows.push(...page);
    expect(rows.find((x) => x.request_id === r.requestId)).toMatchObject({ channel: 'mail', date: '2022-01-28', timeliness: 'timely' });
  });
});

describe('paper objections keyed in by staff', () => {
  it('is timely by postmark, on channel mail, with an optional scanned PDF; late the day after', async () => {
    const pdf = await makePdf();
    const r = await enterPaperObjection(h.db, s, objectionLetter(), { name: 'scan.pdf', type: 'application/pdf', bytes: pdf }, { actor: 'staff:7', now: WEEK_LATER });
    expect(r).toMatchObject({ ok: true, late: false, duplicate: false });
    if (!r.ok) return;
    const [row] = await h.db.select().from(objections).where(eq(objections.objectionId, r.objectionId));
    expect(row).toMatchObject({ channel: 'mail', postmarkDate: DEADLINE, late: false, documentBytes: pdf.length });
    const [audit] = await h.db.select().from(auditLog).where(and(eq(auditLog.targetId, r.objectionId), eq(auditLog.action, 'objection.file')));
    expect(audit).toMatchObject({ actor: 'staff:7', details: expect.objectContaining({ channel: 'mail', document: true }) });

    const late = await enterPaperObjection(h.db, s, objectionLetter({ postmarkDate: '2022-02-01' }), null, { actor: 'staff:7', now: WEEK_LATER });
    expect(late).toMatchObject({ ok: true, late: true });
  });

  it('refuses a scan that is not a PDF, on the document field, alongside the form’s own errors', async () => {
    const r = await enterPaperObjection(h.db, s, objectionLetter({ grounds: 'short' }), { name: 'scan.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf') }, { actor: 'staff:7', now: WEEK_LATER });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fieldErrors)).toEqual(expect.arrayContaining(['grounds', 'document']));
  });

  it('adds nothing when the same envelope is keyed in twice', async () => {
    const form = objectionLetter({ mailReference: 'OBJ-77' });
    const a = await enterPaperObjection(h.db, s, form, null, { actor: 'staff:7', now: WEEK_LATER });
    const b = await enterPaperObjection(h.db, s, form, null, { actor: 'staff:7', now: WEEK_LATER });
    expect(a.ok && b.ok && a.objectionId === b.objectionId && b.duplicate).toBe(true);
    expect(await h.db.select().from(objections).where(eq(objections.idempotencyKey, mailIdempotencyKey('OBJ-77')))).toHaveLength(1);
  });

  it('records a paper objection from someone who also asked to be excluded (staff cannot ask the writer to acknowledge it)', async () => {
    const email = 'both.ways@example.org';
    const ex = await enterPaperOptOut(h.db, s, letter({ email }), { actor: 'staff:7', now: WEEK_LATER });
    expect(ex.ok).toBe(true);
    const r = await enterPaperObjection(h.db, s, objectionLetter({ email }), null, { actor: 'staff:7', now: WEEK_LATER });
    expect(r).toMatchObject({ ok: true, alsoExcluded: true });
  });

  it('names each field’s error', async () => {
    const r = await enterPaperObjection(h.db, s, objectionLetter({ hasCounsel: 'yes', mailReference: 'bad ref!' }), null, { actor: 'staff:7', now: WEEK_LATER });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fieldErrors)).toEqual(expect.arrayContaining(['counselName', 'counselFirm', 'counselEmail', 'mailReference']));
  });
});

describe('who may key in paper filings', () => {
  it('the roles that key in paper claims, and not the auditor (read-only) or others', () => {
    expect(roles.filter((r) => can(r, 'filings:enter'))).toEqual(roles.filter((r) => can(r, 'claims:enter')));
    expect(can('auditor', 'filings:enter')).toBe(false);
    expect(can('reviewer', 'filings:enter')).toBe(false);
    expect(can('finance', 'filings:enter')).toBe(false);
  });
});
