import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { MAX_PDF_BYTES, objectionSchema, optOutSchema, pdfUploadIssue, sameName } from './schemas';
import { settlementConfigSchema } from '@/lib/settlements/config';

const validOptOut = {
  firstName: 'Maya',
  lastName: 'Nguyen',
  street: '12 Lake St',
  city: 'Chicago',
  state: 'IL',
  zip: '60601',
  email: 'maya@example.com',
  phone: '',
  noticeId: '',
  statement: 'yes',
  signature: 'Maya Nguyen',
  idempotencyKey: '3f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
};

const validObjection = {
  ...validOptOut,
  statement: undefined,
  grounds: 'The attorneys’ fees are too high compared with what class members receive.',
  hasCounsel: 'no',
  willAppear: 'yes',
};

function errorsFor(schema: typeof optOutSchema | typeof objectionSchema, input: Record<string, unknown>) {
  const r = schema.safeParse(input);
  return r.success ? {} : (r.error.flatten().fieldErrors as Record<string, string[]>);
}

describe('exclusion request form', () => {
  it('accepts a complete request', () => {
    expect(optOutSchema.safeParse(validOptOut).success).toBe(true);
  });

  it('names every empty required field', () => {
    const e = errorsFor(optOutSchema, { idempotencyKey: validOptOut.idempotencyKey });
    expect(Object.keys(e).sort()).toEqual(['city', 'email', 'firstName', 'lastName', 'signature', 'state', 'statement', 'street', 'zip'].sort());
    expect(e.statement[0]).toContain('I want to be excluded from the settlement class.');
  });

  it('rejects blank-but-spaces values and too long values', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, firstName: '   ', city: 'x'.repeat(101) });
    expect(e.firstName).toEqual(['Enter your first name']);
    expect(e.city[0]).toMatch(/100 characters or fewer/);
  });

  it('rejects wrong types', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, zip: 60601, email: ['a@b.c'], statement: true });
    expect(e.zip).toBeDefined();
    expect(e.email).toBeDefined();
    expect(e.statement).toBeDefined();
  });

  it('refuses HTML/script and spreadsheet formulas in names and addresses', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, lastName: '<script>alert(1)</script>', street: '=HYPERLINK("http://evil","x")', city: '@SUM(A1)' });
    expect(e.lastName[0]).toMatch(/must not contain < or >/);
    expect(e.street[0]).toMatch(/must not start with =, \+, - or @/);
    expect(e.city[0]).toMatch(/must not start with/);
  });

  it('accepts real names in any script, with accents and emoji-free', () => {
    const names = [
      ['Zoë', 'Ó Súilleabháin'],
      ['Дмитрий', 'Иванов'],
      ['مريم', 'الحسن'],
      ['אורית', 'כהן'],
      ['美咲', '佐藤'],
    ];
    for (const [firstName, lastName] of names) {
      const r = optOutSchema.safeParse({ ...validOptOut, firstName, lastName, signature: `${firstName} ${lastName}` });
      expect(r.success, `${firstName} ${lastName}`).toBe(true);
    }
  });

  it('refuses invisible right-to-left override characters (text that reads differently than it is)', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, street: '12 Lake St \u202Efdp.exe' });
    expect(e.street[0]).toMatch(/invisible text-direction/);
  });

  it('refuses an email with look-alike letters from another alphabet', () => {
    // "maya@exаmple.com" with a Cyrillic а: a different domain that looks the same.
    const e = errorsFor(optOutSchema, { ...validOptOut, email: 'maya@ex\u0430mple.com' });
    expect(e.email[0]).toMatch(/valid email/);
  });

  it('refuses emoji in a name, as the claim form and the import do (lib/text/rules.ts)', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, firstName: 'Maya 🌸', signature: 'Maya 🌸 Nguyen' });
    expect(e.firstName[0]).toMatch(/emoji/);
  });

  it('requires the person to sign their own request (no third-party or mass opt-outs)', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, signature: 'Opt-Out Services LLC' });
    expect(e.signature[0]).toMatch(/Each class member must sign their own request/);
    // Case, accents and spacing do not matter.
    expect(optOutSchema.safeParse({ ...validOptOut, signature: '  maya   NGUYEN ' }).success).toBe(true);
    // A parent or guardian signing for a minor is the one exception.
    expect(optOutSchema.safeParse({ ...validOptOut, signature: 'Linh Nguyen', guardian: 'yes' }).success).toBe(true);
  });

  it('checks ZIP, phone and Notice ID shapes', () => {
    const e = errorsFor(optOutSchema, { ...validOptOut, zip: '6060', phone: '12345', noticeId: 'hello' });
    expect(e.zip[0]).toMatch(/5-digit ZIP/);
    expect(e.phone[0]).toMatch(/valid phone/);
    expect(e.noticeId[0]).toMatch(/N-7K3M-9QX2-D/);
    expect(optOutSchema.safeParse({ ...validOptOut, zip: '60601-1234', phone: '(312) 555-0123', noticeId: 'n 7k3m 9qx2 p' }).success).toBe(true);
  });
});

describe('objection form', () => {
  it('accepts a complete objection', () => {
    expect(objectionSchema.safeParse(validObjection).success).toBe(true);
  });

  it('requires grounds of a sensible length', () => {
    expect(errorsFor(objectionSchema, { ...validObjection, grounds: '' }).grounds[0]).toMatch(/Explain why you object/);
    expect(errorsFor(objectionSchema, { ...validObjection, grounds: 'x'.repeat(10_001) }).grounds[0]).toMatch(/10,000 characters/);
  });

  it('keeps line breaks and markup in the grounds as plain text', () => {
    const r = objectionSchema.safeParse({ ...validObjection, grounds: 'First,\nthe <b>fees</b> are too high.\n=1+1' });
    expect(r.success).toBe(true);
    expect(r.data!.grounds).toContain('<b>fees</b>');
  });

  it('asks for the lawyer only when represented', () => {
    const e = errorsFor(objectionSchema, { ...validObjection, hasCounsel: 'yes' });
    expect(Object.keys(e).sort()).toEqual(['counselEmail', 'counselFirm', 'counselName']);
    expect(
      objectionSchema.safeParse({ ...validObjection, hasCounsel: 'yes', counselName: 'Ann Law', counselFirm: 'Law LLP', counselPhone: '312-555-0199' }).success,
    ).toBe(true);
  });

  it('requires the yes/no questions to be answered', () => {
    const e = errorsFor(objectionSchema, { ...validObjection, hasCounsel: undefined, willAppear: 'maybe' });
    expect(e.hasCounsel[0]).toMatch(/lawyer represents you/);
    expect(e.willAppear[0]).toMatch(/Final Approval Hearing/);
  });
});

describe('PDF attachment checks', () => {
  const pdfHead = new TextEncoder().encode('%PDF-1.7');
  it('accepts a PDF by type, extension and magic bytes', () => {
    expect(pdfUploadIssue({ name: 'objection.pdf', type: 'application/pdf', size: 2048, head: pdfHead })).toBeNull();
  });
  it('rejects a file that only claims to be a PDF', () => {
    expect(pdfUploadIssue({ name: 'objection.pdf', type: 'application/pdf', size: 2048, head: new TextEncoder().encode('MZ\x90\x00') })).toMatch(/not a valid PDF/);
  });
  it('rejects other content types and extensions', () => {
    expect(pdfUploadIssue({ name: 'objection.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 10, head: pdfHead })).toMatch(/Attach a PDF/);
    expect(pdfUploadIssue({ name: 'objection.pdf', type: 'text/plain', size: 10, head: pdfHead })).toMatch(/Attach a PDF/);
  });
  it('rejects empty and oversized files with the size in the message', () => {
    expect(pdfUploadIssue({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toMatch(/empty/);
    expect(pdfUploadIssue({ name: 'a.pdf', type: 'application/pdf', size: MAX_PDF_BYTES })).toBeNull();
    expect(pdfUploadIssue({ name: 'a.pdf', type: 'application/pdf', size: MAX_PDF_BYTES + 1 })).toMatch(/limit is 10 MB/);
  });
});

describe('helpers and configuration', () => {
  it('compares names ignoring case, accents and spacing', () => {
    expect(sameName('Zoë  O’Brien', 'zoe o brien')).toBe(true);
    expect(sameName('Zoe Brien', 'Zoe OBrien')).toBe(false);
  });

  it('refuses a settlement slug the application uses', () => {
    const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));
    for (const slug of ['admin', 'api', 'documents']) {
      const r = settlementConfigSchema.safeParse({ ...tiktok, slug });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].message).toMatch(/reserved/);
    }
    expect(settlementConfigSchema.safeParse({ ...tiktok, slug: 'acme-2024' }).success).toBe(true);
  });

  it('accepts https or /documents/<file>.pdf document links only', () => {
    const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));
    for (const href of ['javascript:alert(1)', 'http://insecure.example/a.pdf', '/documents/../../etc/passwd', '/documents/A.PDF']) {
      const r = settlementConfigSchema.safeParse({ ...tiktok, documents: [{ title: 'X', href }] });
      expect(r.success, href).toBe(false);
      expect(r.error!.issues[0].path.join('.')).toBe('documents.0.href');
    }
  });
});
