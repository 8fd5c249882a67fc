import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle } from '@/db/client';
import { auditLog, objections, optOuts } from '@/db/schema';
import { RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { startMailCatcher } from '@/lib/mail/catcher';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { objectionFromWeb, optOutFromWeb } from './web-intake';

/**
 * The exclusion and objection forms as their server actions run them (app/[slug]/{exclude,object}):
 * a network that has used up its submissions for the minute is refused with the rate-limit message,
 * and nothing of the refused submission is stored.
 */
const LIMIT = 3;
const WINDOW = { limit: LIMIT, now: new Date('2026-03-02T15:00:10Z') };

let h: Handle;
let s: Settlement;
let catcher: { port: number; close: () => Promise<void> };
beforeAll(async () => {
  h = await openTestDb();
  catcher = await startMailCatcher(0, () => {});
  process.env.SMTP_URL = `smtp://127.0.0.1:${catcher.port}`;
  s = await createSettlement(h.db, JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')), 'test');
});
afterAll(async () => {
  await catcher?.close();
  await h?.close();
});

let n = 0;
function person(extra: Record<string, string> = {}): Record<string, string> {
  n++;
  return {
    firstName: 'Maya', lastName: `Nguyen${n}`, street: `${n} Lake St`, city: 'Chicago', state: 'IL', zip: '60601',
    email: `maya.limit.${n}@example.com`, phone: '312-555-0123', noticeId: '', statement: 'yes', signature: `Maya Nguyen${n}`,
    idempotencyKey: randomUUID(), ...extra,
  };
}
const objector = () => person({ statement: '', grounds: 'The fee request takes a third of the fund.', hasCounsel: 'no', willAppear: 'no' });
// A real one-page PDF: uploads are parsed, not just sniffed (lib/filings/objection.ts).
const pdf = () =>
  new File(
    [
      Buffer.from(
        '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
          '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      ),
    ],
    'objection.pdf',
    { type: 'application/pdf' },
  );
const count = async (table: typeof optOuts | typeof objections) => (await h.db.select({ id: table.id }).from(table).where(eq(table.settlementId, s.id))).length;
const audits = async () => (await h.db.select({ id: auditLog.id }).from(auditLog)).length;

describe('rate limit on the exclusion and objection forms', () => {
  it(`accepts ${LIMIT} requests for exclusion from one network in a minute and refuses the next, storing nothing`, async () => {
    const ip = '203.0.113.10';
    for (let i = 0; i < LIMIT; i++) expect((await optOutFromWeb(h.db, s, person(), { ip }, WINDOW)).ok).toBe(true);
    const [before, auditsBefore] = [await count(optOuts), await audits()];

    const email = `maya.refused.${n}@example.com`;
    const refused = await optOutFromWeb(h.db, s, person({ email }), { ip }, WINDOW);
    expect(refused).toEqual({ ok: false, fieldErrors: { form: [RATE_LIMIT_MESSAGE] } });
    expect(await count(optOuts)).toBe(before);
    expect(await audits()).toBe(auditsBefore);

    // Another network, and the same one in the next minute, are not affected.
    expect((await optOutFromWeb(h.db, s, person(), { ip: '203.0.113.11' }, WINDOW)).ok).toBe(true);
    expect((await optOutFromWeb(h.db, s, person(), { ip }, { ...WINDOW, now: new Date(WINDOW.now.getTime() + 60_000) })).ok).toBe(true);
  });

  it(`refuses the objection after ${LIMIT} in a minute, its PDF not stored; the exclusion limit is a separate bucket`, async () => {
    const ip = '203.0.113.20';
    for (let i = 0; i < LIMIT; i++) expect((await objectionFromWeb(h.db, s, objector(), null, { ip }, WINDOW)).ok).toBe(true);
    const [before, auditsBefore] = [await count(objections), await audits()];

    const refused = await objectionFromWeb(h.db, s, objector(), pdf(), { ip }, WINDOW);
    expect(refused).toEqual({ ok: false, fieldErrors: { form: [RATE_LIMIT_MESSAGE] } });
    expect(await count(objections)).toBe(before);
    expect(await audits()).toBe(auditsBefore);

    // Objections used up this network's objection submissions, not its requests for exclusion.
    expect((await optOutFromWeb(h.db, s, person(), { ip }, WINDOW)).ok).toBe(true);
  });

  it('counts submissions that fail validation too, so a flood of junk is refused as well', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < LIMIT; i++) {
      const r = await optOutFromWeb(h.db, s, person({ email: 'not-an-email' }), { ip }, WINDOW);
      expect(r.ok === false && r.fieldErrors.email).toBeTruthy();
    }
    expect(await optOutFromWeb(h.db, s, person(), { ip }, WINDOW)).toEqual({ ok: false, fieldErrors: { form: [RATE_LIMIT_MESSAGE] } });
  });
});
