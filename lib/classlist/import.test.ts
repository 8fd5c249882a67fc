import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claims, classMembers } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/service';
import { CsvRejected } from '@/lib/csv/read';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { importClassList } from './import';
import { addressKey, emailKey, nameZipKey, phoneKey } from './keys';
import { CLASS_PII } from './members';

let h: Handle;
let s: Settlement;
let n = 0;
const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/settlements/tiktok.json'), 'utf8'));

const HEADER = 'record_id,email,phone,username,first_name,last_name,street,city,state,zip,country,created_video_in_illinois,months_active,first_use_date,source';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n');
const GOOD = [
  'TT1,JOHN.DOE+tiktok@GMAIL.COM,+1 (312) 555-0100,@JohnDoe,John,Doe,123 N. Main St. Apt 4B,Chicago,IL,60601-1234,US,yes,14,2019-06-01,batch-a',
  'TT2,jane@example.com,,,Jane,Roe,500 West Madison Street,Chicago,IL,60661,US,false,3,,batch-a',
  'TT3,,,sam_k,Sam,Kay,,,,,,0,0,2020-01-31,',
];

/** A fresh settlement per test, so each starts with an empty class list. */
async function freshSettlement(): Promise<Settlement> {
  return createSettlement(h.db, { ...raw, slug: `cl-test-${++n}` }, 'test');
}
const members = (sid: string) => h.db.select().from(classMembers).where(eq(classMembers.settlementId, sid)).orderBy(asc(classMembers.recordId));
async function rejected(p: Promise<unknown>): Promise<CsvRejected> {
  const e = await p.then(() => null, (x) => x);
  expect(e).toBeInstanceOf(CsvRejected);
  return e as CsvRejected;
}

beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h?.close());

describe('classlist import: a good file', () => {
  it('stores typed attributes, keyed hashes and sealed contact details, and nothing else of the file', async () => {
    s = await freshSettlement();
    const r = await importClassList(h.db, s, csv(...GOOD), 'staff:1', { fileName: 'class.csv', batchSize: 2 });
    expect(r).toMatchObject({ file: 'class.csv', mode: 'merge', rows: 3, members: 3, added: 3, removed: 0, changedAttributes: 0, changedContact: 0, unchanged: 0 });
    expect(r.samples.added).toEqual(['TT1', 'TT2', 'TT3']);
    const [m1, m2, m3] = await members(s.id);
    expect(m1.attributes).toEqual({ created_video_in_illinois: true, months_active: 14, first_use_date: '2019-06-01', source: 'batch-a' });
    expect(m2.attributes).toEqual({ created_video_in_illinois: false, months_active: 3, source: 'batch-a' });
    expect(m3.attributes).toEqual({ created_video_in_illinois: false, months_active: 0, first_use_date: '2020-01-31' });

    const key = await settlementKey(h.db, s.id);
    expect(m1.emailHash).toBe(emailKey(key, 'johndoe@gmail.com'));
    expect(m1.phoneHash).toBe(phoneKey(key, '312-555-0100'));
    expect(m1.nameZipHash).toBe(nameZipKey(key, 'john', 'DOE', '60601'));
    expect(m1.addressHash).toBe(addressKey(key, '123 North Main Street #4b', '60601'));
    expect(m3).toMatchObject({ emailHash: null, phoneHash: null, addressHash: null, zipHash: null, nameZipHash: null });
    expect(m3.usernameHash).not.toBeNull();
    expect(decryptJson(key, m1.pii, CLASS_PII)).toEqual({
      email: 'JOHN.DOE+tiktok@GMAIL.COM', phone: '+1 (312) 555-0100', username: '@JohnDoe', firstName: 'John', lastName: 'Doe',
      street: '123 N. Main St. Apt 4B', city: 'Chicago', state: 'IL', zip: '60601-1234', country: 'US',
    });
    // No plain identifier anywhere in the row.
    const stored = JSON.stringify(await members(s.id));
    for (const plain of ['JOHN.DOE', 'johndoe', '555-0100', 'Madison', 'jane@example.com']) expect(stored).not.toContain(plain);

    const [audit] = await h.db.select().from(auditLog).where(and(eq(auditLog.settlementId, s.id), eq(auditLog.action, 'classlist.import')));
    expect(audit.details).toMatchObject({ mode: 'merge', rows: 3, added: 3, file: 'class.csv' });
    expect(audit.details.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(audit.details)).not.toContain('TT1');
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it('accepts any column order, a BOM, CRLF, and no attribute columns at all', async () => {
    const t = await freshSettlement();
    const r = await importClassList(h.db, t, Buffer.from('\uFEFFemail,record_id\r\na@example.com,X1\r\nb@example.com,X2\r\n'), 'test');
    expect(r).toMatchObject({ rows: 2, added: 2 });
    expect((await members(t.id)).map((m) => m.attributes)).toEqual([{}, {}]);
  });
});

describe('classlist import: malformed files are refused whole, every problem at file:line:column (field)', () => {
  it('names each bad cell, missing identifiers, and duplicate record_ids', async () => {
    const t = await freshSettlement();
    const e = await rejected(
      importClassList(
        h.db,
        t,
        csv(
          GOOD[0],
          'TT2,not-an-email,555,,,,,,,6060,,maybe,3.5,2021-02-30,',
          ',a@example.com,,,,,,,,,,,,,',
          'TT4,,,,Ann,Lee,,,,,,,,,',
          'TT1,dup@example.com,,,,,,,,,,,,,',
          '"TT5","x@example.com"',
        ),
        'test',
        { fileName: 'bad.csv' },
      ),
    );
    expect(e.errors).toEqual([
      'bad.csv:3:2 (email): is not an e-mail address',
      'bad.csv:3:3 (phone): is not a phone number (a U.S. number, or + and the country code)',
      'bad.csv:3:10 (zip): must be a U.S. ZIP code: five digits, or ZIP+4',
      `bad.csv:3:12 (created_video_in_illinois): must be true or false (also yes/no, 1/0), not "maybe" (created_video_in_illinois is declared boolean in the settlement's classListAttributes)`,
      `bad.csv:3:13 (months_active): must be a whole number, not "3.5" (months_active is declared integer in the settlement's classListAttributes)`,
      `bad.csv:3:14 (first_use_date): must be a date written YYYY-MM-DD (ISO 8601), not "2021-02-30" (first_use_date is declared date in the settlement's classListAttributes)`,
      'bad.csv:4:1 (record_id): is required',
      'bad.csv:5:2 (email): at least one of email, phone or username is required',
      'bad.csv:7: the row has 2 fields; the header has 15',
      'bad.csv:6:1 (record_id): record_id "TT1" is also on line 2; each record_id must be unique',
    ]);
    expect(e.errorCount).toBe(10);
    expect(e.message).toBe('bad.csv: 10 problems found; nothing was imported');
    expect(await members(t.id)).toEqual([]);
  });

  it('gives the same members and the same errors with the row work in worker threads', async () => {
    const [a, b] = [await freshSettlement(), await freshSettlement()];
    const rows = Array.from({ length: 1200 }, (_, i) => `W${i},w${i}@example.com,+1 312 555 ${String(i).padStart(4, '0')},,Wes,Li${i},${i + 1} N. Main St. Apt ${i % 7},Chicago,IL,60601,US,${i % 2 ? 'yes' : 'no'},${i},,`);
    const here = await importClassList(h.db, a, csv(...rows), 'test', { fileName: 'w.csv', threads: 0 });
    const there = await importClassList(h.db, b, csv(...rows), 'test', { fileName: 'w.csv', threads: 2 });
    expect(there).toEqual(here);
    // Each settlement has its own data key, so the hashes differ: compare attributes, and one member in full.
    const key = await settlementKey(h.db, b.id);
    const [x] = (await members(b.id)).filter((m) => m.recordId === 'W7');
    expect(decryptJson(key, x.pii!, CLASS_PII)).toMatchObject({ email: 'w7@example.com', street: '8 N. Main St. Apt 0' });
    expect(x.addressHash).toBe(addressKey(key, '8 North Main Street #0', '60601'));
    expect((await members(b.id)).map((m) => m.attributes)).toEqual((await members(a.id)).map((m) => m.attributes));

    // A broken file: row problems and the reader's structural problems, interleaved across batches.
    const bad = rows.map((r, i) => (i % 400 === 5 ? 'X1,not-an-email,,,,,,,,,,,,,' : i % 400 === 9 ? '"short"' : r));
    const e0 = await rejected(importClassList(h.db, a, csv(...bad), 'test', { fileName: 'bad.csv', threads: 0 }));
    const e2 = await rejected(importClassList(h.db, a, csv(...bad), 'test', { fileName: 'bad.csv', threads: 2 }));
    expect(e2.errors).toEqual(e0.errors);
    expect(e0.errors.slice(0, 3)).toEqual(['bad.csv:7:2 (email): is not an e-mail address', 'bad.csv:11: the row has 1 field; the header has 15', 'bad.csv:407:2 (email): is not an e-mail address']);
  });

  it('refuses a file without record_id, an empty file, and a header without rows', async () => {
    const t = await freshSettlement();
    expect((await rejected(importClassList(h.db, t, Buffer.from('email\na@example.com\n'), 'test', { fileName: 'f.csv' }))).errors).toEqual(['f.csv:1: missing required column "record_id" in the header row']);
    expect((await rejected(importClassList(h.db, t, Buffer.from(''), 'test', { fileName: 'f.csv' }))).errors).toEqual(['f.csv:1: the file is empty; the first line must be the header row']);
    expect((await rejected(importClassList(h.db, t, Buffer.from(`${HEADER}\n`), 'test', { fileName: 'f.csv' }))).errors).toEqual(['f.csv:2: the file has a header row but no class members']);
  });

  it('caps the list and says how many more there were', async () => {
    const t = await freshSettlement();
    const rows = Array.from({ length: 30 }, (_, i) => `D${i % 3},,,,,,,,,,,,,,`);
    const e = await rejected(importClassList(h.db, t, csv(...rows), 'test', { fileName: 'many.csv', maxErrors: 5 }));
    // 30 rows without an identifier, and 27 of them repeat a record_id.
    expect(e.errorCount).toBe(57);
    expect(e.errors).toHaveLength(6);
    expect(e.errors[5]).toBe('… and 52 more');
  });
});

describe('classlist re-import', () => {
  it('merge: adds, updates changed records (updated_at moves), keeps the rest and every notice', async () => {
    const t = await freshSettlement();
    await importClassList(h.db, t, csv(...GOOD), 'test');
    await h.db.update(classMembers).set({ noticeId: 'N-TEST-0001', confirmationCodeHash: 'h', noticeCode: 'sealed', undeliverable: true, updatedAt: new Date('2020-01-01') }).where(and(eq(classMembers.settlementId, t.id), eq(classMembers.recordId, 'TT1')));
    await h.db.update(classMembers).set({ updatedAt: new Date('2020-01-01') }).where(eq(classMembers.settlementId, t.id));

    const r = await importClassList(
      h.db,
      t,
      csv(
        'TT1,JOHN.DOE+tiktok@GMAIL.COM,+1 (312) 555-0100,@JohnDoe,John,Doe,123 N. Main St. Apt 4B,Chicago,IL,60601-1234,US,yes,20,2019-06-01,batch-a',
        'TT2,jane.new@example.com,,,Jane,Roe,500 West Madison Street,Chicago,IL,60661,US,false,3,,batch-a',
        'TT9,new@example.com,,,,,,,,,,true,1,,',
      ),
      'test',
    );
    expect(r).toMatchObject({ added: 1, removed: 0, changedAttributes: 1, changedByAttribute: { months_active: 1 }, changedContact: 1, unchanged: 0, members: 4 });
    expect(r.samples).toEqual({ added: ['TT9'], removed: [], changed: ['TT1', 'TT2'] });
    const byId = Object.fromEntries((await members(t.id)).map((m) => [m.recordId, m]));
    expect(byId.TT1).toMatchObject({ noticeId: 'N-TEST-0001', confirmationCodeHash: 'h', noticeCode: 'sealed', undeliverable: true });
    expect(byId.TT1.attributes.months_active).toBe(20);
    expect(byId.TT1.updatedAt.getTime()).toBeGreaterThan(new Date('2021-01-01').getTime());
    expect(byId.TT2.updatedAt.getTime()).toBeGreaterThan(new Date('2021-01-01').getTime());
    expect(byId.TT3.updatedAt.toISOString()).toBe('2020-01-01T00:00:00.000Z');

    // Importing the same file again changes nothing (idempotent: the job may run twice).
    const again = await importClassList(h.db, t, csv(...GOOD.slice(0, 1)), 'test');
    expect(again).toMatchObject({ added: 0, changedAttributes: 1, unchanged: 0 });
    const same = await importClassList(h.db, t, csv(...GOOD.slice(0, 1)), 'test');
    expect(same).toMatchObject({ added: 0, changedAttributes: 0, changedContact: 0, unchanged: 1, members: 4 });
  });

  it('replace: removes members missing from the file, and refuses when a claim is matched to one', async () => {
    const t = await freshSettlement();
    await importClassList(h.db, t, csv(...GOOD), 'test');
    const r = await importClassList(h.db, t, csv(GOOD[0], GOOD[2]), 'test', { mode: 'replace' });
    expect(r).toMatchObject({ mode: 'replace', added: 0, removed: 1, unchanged: 2, members: 2 });
    expect(r.samples.removed).toEqual(['TT2']);
    expect((await members(t.id)).map((m) => m.recordId)).toEqual(['TT1', 'TT3']);

    // A claim verified against TT3 (only the columns this test needs).
    await h.db.insert(claims).values({ settlementId: t.id, claimId: 'C-TEST-0001', status: 'received', channel: 'import', requestedTier: 'nationwide', tier: 'nationwide', paymentMethod: 'check', pii: 'x', payment: 'x', emailHash: 'x', matchedRecordId: 'TT3' });
    const e = await importClassList(h.db, t, csv(GOOD[0]), 'test', { mode: 'replace' }).then(() => null, (x) => x);
    expect(e?.code).toBe('conflict');
    expect(e?.message).toMatch(/replace would remove 1 class members, and 1 claim is matched to them; nothing was imported/);
    expect((await members(t.id)).map((m) => m.recordId)).toEqual(['TT1', 'TT3']);
    const audits = rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE settlement_id = ${t.id} AND action = 'classlist.import'`));
    expect(audits[0].n).toBe(2);
  });

  it('is all or nothing: a bad row late in an update leaves the previous list untouched', async () => {
    const t = await freshSettlement();
    await importClassList(h.db, t, csv(...GOOD), 'test');
    const before = await members(t.id);
    await rejected(importClassList(h.db, t, csv('TT1,changed@example.com,,,,,,,,,,,,,', 'TT7,new@example.com,,,,,,,,,,,,,', 'TT8,,,,,,,,,,,nope,,,'), 'test', { mode: 'replace', batchSize: 1 }));
    expect(await members(t.id)).toEqual(before);
  });
});
