import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Handle } from '@/db/client';
import { rowsOf } from '@/db/client';
import { auditLog, objections, optOuts } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/service';
import { parsePublicId } from '@/lib/claims/claim-id';
import { startMailCatcher } from '@/lib/mail/catcher';
import { decryptBytes, decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { fileObjection, OBJECTION_DOCUMENT, OBJECTION_PII, type ObjectionPii } from './objection';
import { openDocumentName } from './sealed';
import { fileOptOut, OPT_OUT_INTAKE, OPT_OUT_PII, type OptOutPii } from './opt-out';

// The shipped TikTok dates: opt-out and objection deadline 2022-01-31, America/New_York.
const ET_2359 = new Date('2022-02-01T04:59:00Z'); // 11:59 p.m. Eastern on Jan 31, 2022 (EST, UTC−5)
const ET_0000 = new Date('2022-02-01T05:00:00Z'); // one minute later: 12:00 a.m. on Feb 1
const EARLY = new Date('2022-01-10T15:00:00Z');

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
function person(overrides: Record<string, unknown> = {}): Record<string, unknown> & { email: string; lastName: string; idempotencyKey: string } {
  n++;
  const first = 'Maya';
  const last = `Nguyen${String.fromCharCode(65 + (n % 26))}`;
  return {
    firstName: first,
    lastName: last,
    street: `${n} Lake St`,
    city: 'Chicago',
    state: 'IL',
    zip: '60601',
    email: `maya.${n}@example.com`,
    phone: '312-555-0123',
    noticeId: '',
    statement: 'yes',
    signature: `${first} ${last}`,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

async function mails(): Promise<ParsedMail[]> {
  return Promise.all(inbox.map((raw) => simpleParser(raw)));
}

function makePdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Objection of Maya Nguyen: the fees are too high.');
    doc.end();
  });
}

describe('request for exclusion', () => {
  it('stores one sealed request, audits it, and emails a confirmation with the request ID', async () => {
    const input = person();
    const r = await fileOptOut(h.db, s, input, { now: EARLY, ip: '203.0.113.9', userAgent: 'Mozilla/5.0 test' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(parsePublicId(r.requestId, 'EX')).toBe(r.requestId);
    expect(r.late).toBe(false);

    const [raw] = rowsOf<{ pii: string; intake: string; ip_hash: string; late: boolean }>(
      await h.db.execute(sql`select pii, intake, ip_hash, late from opt_outs where request_id = ${r.requestId}`),
    );
    // Personal data is ciphertext at rest: neither the name, the email nor the IP appears in the row.
    for (const plain of [input.lastName, input.email, '203.0.113.9', 'Lake St']) {
      expect(raw.pii).not.toContain(plain);
      expect(raw.intake).not.toContain(plain);
    }
    expect(raw.pii.startsWith('v1:')).toBe(true);
    expect(raw.ip_hash).toBeTruthy();
    const key = await settlementKey(h.db, s.id);
    const pii = decryptJson<OptOutPii>(key, raw.pii, OPT_OUT_PII);
    expect(pii.lastName).toBe(input.lastName);
    expect(pii.statement).toBe('I want to be excluded from the settlement class.');
    expect(decryptJson<{ ip: string }>(key, raw.intake, OPT_OUT_INTAKE).ip).toBe('203.0.113.9');

    const [audit] = await h.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: 'opt_out.file', targetId: r.requestId, settlementId: s.id });
    expect(JSON.stringify(audit.details)).not.toContain(input.email);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);

    const [mail] = await mails();
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(input.email);
    expect(mail.subject).toContain(r.requestId);
    expect(mail.text).toContain('you will not receive a payment');
    expect(mail.text).toContain('keep any right you have to sue');
  });

  it('stores one request for 20 concurrent submissions with the same token, and sends one email', async () => {
    const input = person();
    const results = await Promise.all(Array.from({ length: 20 }, () => fileOptOut(h.db, s, input, { now: EARLY })));
    const ids = new Set(results.map((r) => (r.ok ? r.requestId : 'error')));
    expect(ids.size).toBe(1);
    expect(ids.has('error')).toBe(false);
    const rows = await h.db.select().from(optOuts).where(eq(optOuts.idempotencyKey, input.idempotencyKey));
    expect(rows).toHaveLength(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(inbox).toHaveLength(1);
  });

  it('is timely at 11:59 p.m. Eastern on the deadline and late one minute later (and still kept)', async () => {
    const onTime = await fileOptOut(h.db, s, person(), { now: ET_2359 });
    const late = await fileOptOut(h.db, s, person(), { now: ET_0000 });
    expect(onTime.ok && onTime.late).toBe(false);
    expect(late.ok && late.late).toBe(true);
    const stored = await h.db.select({ late: optOuts.late }).from(optOuts).where(eq(optOuts.requestId, late.ok ? late.requestId : ''));
    expect(stored).toEqual([{ late: true }]);
    const lateMail = (await mails()).find((m) => m.subject?.includes(late.ok ? late.requestId : '?'));
    expect(lateMail?.text).toContain('recorded as late');
  });

  it('returns every field error and stores nothing for bad input', async () => {
    const before = (await h.db.select().from(optOuts)).length;
    const r = await fileOptOut(h.db, s, person({ email: 'not-an-email', lastName: '', statement: undefined }), { now: EARLY });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors)).toEqual(expect.arrayContaining(['email', 'lastName', 'statement']));
    expect((await h.db.select().from(optOuts)).length).toBe(before);
    expect(inbox).toHaveLength(0);
  });

  it('rejects a Notice ID whose check character is wrong', async () => {
    const r = await fileOptOut(h.db, s, person({ noticeId: 'N-0000-0000-1' }), { now: EARLY });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors.noticeId?.[0]).toMatch(/not valid/);
  });
});

describe('objection', () => {
  it('stores a sealed objection with its PDF, audits it, and emails a confirmation', async () => {
    const pdf = await makePdf();
    const input = person({ statement: undefined, grounds: 'The fee request takes a third of the fund.', hasCounsel: 'yes', counselName: 'Ann Law', counselFirm: 'Law LLP', counselEmail: 'ann@law.example', willAppear: 'yes' });
    const r = await fileObjection(h.db, s, input, { name: 'my objection.pdf', type: 'application/pdf', bytes: pdf }, { now: EARLY, ip: '198.51.100.4' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(parsePublicId(r.objectionId, 'OB')).toBe(r.objectionId);

    const [row] = await h.db.select().from(objections).where(eq(objections.objectionId, r.objectionId));
    expect(row).toMatchObject({ hasCounsel: true, willAppear: true, late: false, documentBytes: pdf.length, documentType: 'application/pdf' });
    expect(row.pii).not.toContain('fee request');
    expect(row.document).not.toContain(pdf.subarray(0, 20).toString('base64'));
    const key = await settlementKey(h.db, s.id);
    // The file name is personal data (people name files after themselves): sealed, and readable with the key.
    expect(row.documentName).not.toContain('objection');
    expect(openDocumentName(key, row.documentName!)).toBe('my objection.pdf');
    expect(decryptBytes(key, row.document!, OBJECTION_DOCUMENT).equals(pdf)).toBe(true);
    const pii = decryptJson<ObjectionPii>(key, row.pii, OBJECTION_PII);
    expect(pii).toMatchObject({ grounds: input.grounds, counselFirm: 'Law LLP' });

    const [audit] = await h.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: 'objection.file', targetId: r.objectionId });
    const [mail] = await mails();
    expect(mail.subject).toContain(r.objectionId);
    expect(mail.text).toContain('You said you intend to appear at the Final Approval Hearing on July 28, 2022');
    expect(mail.text).toContain('PDF attachment was received');
  });

  it('refuses a file that starts like a PDF but does not parse as one', async () => {
    const r = await fileObjection(h.db, s, person({ grounds: 'Too little money for class members.', hasCounsel: 'no', willAppear: 'no' }), {
      name: 'objection.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('%PDF-1.7 then an executable MZ\u0090'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors.document?.[0]).toMatch(/not a valid PDF/);
  });

  it('refuses a file that is not a PDF with an error on the attachment field', async () => {
    const r = await fileObjection(h.db, s, person({ grounds: 'Too little money for class members.', hasCounsel: 'no', willAppear: 'no' }), {
      name: 'objection.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('MZ this is an executable, not a PDF'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors.document?.[0]).toMatch(/not a valid PDF/);
  });

  it('marks an objection late by the objection deadline in Eastern time', async () => {
    const base = { grounds: 'Too little money for class members.', hasCounsel: 'no', willAppear: 'no' };
    const onTime = await fileObjection(h.db, s, person(base), null, { now: ET_2359 });
    const late = await fileObjection(h.db, s, person(base), null, { now: ET_0000 });
    expect(onTime.ok && onTime.late).toBe(false);
    expect(late.ok && late.late).toBe(true);
  });

  it('stores one objection for concurrent submissions with the same token', async () => {
    const input = person({ grounds: 'Too little money for class members.', hasCounsel: 'no', willAppear: 'no' });
    const results = await Promise.all(Array.from({ length: 10 }, () => fileObjection(h.db, s, input, null, { now: EARLY })));
    expect(new Set(results.map((r) => (r.ok ? r.objectionId : 'error'))).size).toBe(1);
    expect(await h.db.select().from(objections).where(eq(objections.idempotencyKey, input.idempotencyKey))).toHaveLength(1);
  });

  it('tells a person who asked to be excluded that excluded members cannot object, and records it only when they confirm', async () => {
    const email = 'both.ways@example.com';
    const opt = await fileOptOut(h.db, s, person({ email }), { now: EARLY });
    expect(opt.ok).toBe(true);
    const input = person({ email, grounds: 'I object to the release of claims.', hasCounsel: 'no', willAppear: 'no' });
    const first = await fileObjection(h.db, s, input, null, { now: EARLY });
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.fieldErrors.acknowledgeExclusion?.[0]).toMatch(/Excluded class members cannot object/);
    expect(await h.db.select().from(objections).where(eq(objections.idempotencyKey, input.idempotencyKey))).toHaveLength(0);

    inbox.length = 0;
    const second = await fileObjection(h.db, s, { ...input, acknowledgeExclusion: 'yes' }, null, { now: EARLY });
    expect(second.ok && second.alsoExcluded).toBe(true);
    const [mail] = await mails();
    expect(mail.text).toContain('Excluded class members cannot object');
  });
});
