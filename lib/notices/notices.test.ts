import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Handle } from '@/db/client';
import { classMembers, noticeMessages } from '@/db/schema';
import { insertClassRecords, sealClassRecord, type ClassRecord } from '@/lib/classlist/members';
import { CsvRejected } from '@/lib/csv/read';
import { startMailCatcher } from '@/lib/mail/catcher';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { findByNotice } from '@/lib/verification/match';
import { noticePrefill } from '@/lib/claims/notice-prefill';
import { buildDeclaration } from '@/lib/reports/declaration';
import { importBounces } from './bounces';
import { exportNotices } from './export';
import { issueNotices } from './issue';
import { enqueueNotices, listInDoubt, messageCounts, resolveInDoubt, sendQueuedNotices } from './outbox';
import { noticeCounts } from './counts';

/** Real database (PGlite, or PostgreSQL with DATABASE_URL) and a real SMTP server (smtp-server). */

const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));
let h: Handle;
let s: Settlement;
const inbox: { to: string; subject: string; text: string; html: string; messageId: string }[] = [];
let catcher: { close: () => Promise<void> };
const ACTOR = 'test:notices';
let received = 0;
const parsing: Promise<void>[] = [];
/** Waits until every message the server accepted is parsed. */
const settle = async () => {
  await Promise.all(parsing);
};

function member(i: number, over: Partial<ClassRecord> = {}): ClassRecord {
  return {
    recordId: `R${i}`,
    email: `member${i}@example.com`,
    firstName: i === 3 ? '=HYPERLINK("http://x")' : `First${i}`,
    lastName: `Last${i}`,
    street: `${i} Main St`,
    city: 'Chicago',
    state: 'IL',
    zip: '60601',
    country: 'US',
    attributes: {},
    ...over,
  };
}

async function csvOf(kind: 'full' | 'postcards') {
  let text = '';
  for await (const l of exportNotices(h.db, s.id, { kind, actor: ACTOR }).lines) text += l;
  return parse(text, { columns: true }) as Record<string, string>[];
}

beforeAll(async () => {
  h = await openTestDb();
  s = await createSettlement(h.db, tiktok, 'test');
  const key = await settlementKey(h.db, s.id);
  // 1–8 have an e-mail; 9 has none but an address; 10 has neither.
  const records = [...Array.from({ length: 8 }, (_, i) => member(i + 1)), member(9, { email: undefined }), member(10, { email: undefined, street: undefined, city: undefined, zip: undefined })];
  await insertClassRecords(h.db, key, s.id, records);
  // Counted as the SMTP server accepts each message; parsed (asynchronously) in arrival order.
  const c = await startMailCatcher(0, (raw) => {
    const slot = received++;
    parsing.push(
      simpleParser(raw).then((m) => {
        inbox[slot] = { to: (m.to as { text: string }).text, subject: m.subject ?? '', text: m.text ?? '', html: String(m.html || ''), messageId: m.messageId ?? '' };
      }),
    );
  });
  catcher = c;
  process.env.SMTP_URL = `smtp://127.0.0.1:${c.port}`;
});
afterAll(async () => {
  await catcher.close();
  await h.close();
});

describe('notices issue', () => {
  it('gives every member a valid Notice ID and a code, and a second run issues nothing', async () => {
    const first = await issueNotices(h.db, s.id, { actor: ACTOR, batchSize: 3 });
    expect(first).toMatchObject({ issued: 10, alreadyIssued: 0 });
    const rows = await h.db.select().from(classMembers).where(eq(classMembers.settlementId, s.id));
    expect(new Set(rows.map((r) => r.noticeId)).size).toBe(10);
    for (const r of rows) {
      expect(r.noticeId).toMatch(/^N-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
      expect(r.noticeCode).toMatch(/^v1:/);
      expect(r.confirmationCodeHash).toBeTruthy();
      expect(r.noticeIssuedAt).toBeInstanceOf(Date);
    }
    const again = await issueNotices(h.db, s.id, { actor: ACTOR });
    expect(again).toMatchObject({ issued: 0, alreadyIssued: 10 });
    const after = await h.db.select().from(classMembers).where(eq(classMembers.settlementId, s.id));
    expect(after.map((r) => r.noticeCode)).toEqual(rows.map((r) => r.noticeCode));
  });

  it('issues to members added later only', async () => {
    const key = await settlementKey(h.db, s.id);
    await insertClassRecords(h.db, key, s.id, [member(11)]);
    expect(await issueNotices(h.db, s.id, { actor: ACTOR })).toMatchObject({ issued: 1, alreadyIssued: 10 });
  });
});

describe('notices export', () => {
  it('writes the vendor file with codes that verify against the stored hashes, formulas neutralised', async () => {
    const rows = await csvOf('full');
    expect(Object.keys(rows[0])).toEqual(['notice_id', 'confirmation_code', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country', 'email']);
    expect(rows).toHaveLength(11);
    const key = await settlementKey(h.db, s.id);
    for (const r of rows) {
      expect(r.confirmation_code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await findByNotice(h.db, key, s.id, r.notice_id, r.confirmation_code)).not.toBeNull();
      // As a claimant types it: lower case, no dashes.
      expect(await findByNotice(h.db, key, s.id, r.notice_id, r.confirmation_code.toLowerCase().replace(/-/g, ''))).not.toBeNull();
    }
    expect(rows.find((r) => r.first_name.includes('HYPERLINK'))!.first_name.startsWith("'=")).toBe(true);
    const prefill = await noticePrefill(h.db, s, rows[0].notice_id, rows[0].confirmation_code.replace(/-/g, ''));
    expect(prefill.ok).toBe(true);
    const audit = rowsOf<{ details: { rows: number } }>(await h.db.execute(sql`select details from audit_log where action = 'notices.export' order by id desc limit 1`));
    expect(audit[0].details).toEqual({ rows: 11 });
  });

  it('writes the postcard file: no usable e-mail and a mailing address', async () => {
    const rows = await csvOf('postcards');
    expect(rows.map((r) => r.last_name)).toEqual(['Last9']);
    expect(Object.keys(rows[0])).not.toContain('email');
  });
});

describe('notices send', () => {
  it('queues once per member and sends a plain notice with the Notice ID, code, dates and the prefilled claim link', async () => {
    const q = await enqueueNotices(h.db, s.id, ACTOR);
    expect(q).toEqual({ initial: 9, resend: 0 });
    expect(await enqueueNotices(h.db, s.id, ACTOR)).toEqual({ initial: 0, resend: 0 });
    const r = await sendQueuedNotices(h.db, s, { actor: ACTOR, limit: 4, rate: 1000 });
    expect(r).toMatchObject({ sent: 4, failed: 0, inDoubt: 0, remaining: 5 });
    await settle();
    expect(inbox).toHaveLength(4);
    // Four workers: arrival order is not queue order.
    const m = inbox.find((x) => x.to === 'member1@example.com')!;
    const [row] = await h.db.select().from(classMembers).where(eq(classMembers.recordId, 'R1'));
    expect(m).toBeDefined();
    expect(m.text).toContain(`Notice ID: ${row.noticeId}`);
    expect(m.text).toMatch(/Confirmation code: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(m.text).toContain(`/tiktok/claim?notice=${row.noticeId}`);
    expect(m.text).toContain('March 1, 2022 at 11:59 p.m. Eastern');
    expect(m.text).not.toContain('First1');
    expect(m.html).toContain('<a href=');
    const stored = await h.db.select().from(noticeMessages).where(eq(noticeMessages.state, 'sent'));
    expect(stored.map((x) => x.smtpMessageId).sort()).toEqual(inbox.map((x) => x.messageId).sort());
  });

  it('keeps to the rate (messages per second)', async () => {
    const started = Date.now();
    const r = await sendQueuedNotices(h.db, s, { actor: ACTOR, limit: 3, rate: 10, concurrency: 1 });
    expect(r.sent).toBe(3);
    // Three starts at 10/s: the last starts ≥ 200 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('leaves a message claimed but not confirmed in doubt, never resends it by itself, and lets the operator resolve it', async () => {
    // A sender that dies after the relay took the message, before it marked the row sent.
    await expect(
      sendQueuedNotices(h.db, s, { actor: ACTOR, limit: 1, send: async () => { throw Object.assign(new Error('socket closed'), { code: 'ESOCKET' }); } }),
    ).rejects.toThrow(/relay/);
    expect((await messageCounts(h.db, s.id)).sending).toBe(1);
    const before = received;
    const r = await sendQueuedNotices(h.db, s, { actor: ACTOR });
    expect(r).toMatchObject({ sent: 1, inDoubt: 1, remaining: 0 });
    const doubt = await listInDoubt(h.db, s.id);
    expect(doubt[0].messageId).toMatch(/^<notice-\d+\.1\.[0-9a-f]+@/);
    expect(await resolveInDoubt(h.db, s.id, 'retry', { actor: ACTOR })).toBe(1);
    expect((await sendQueuedNotices(h.db, s, { actor: ACTOR })).sent).toBe(1);
    await settle();
    await settle();
    expect(received).toBe(before + 2);
    expect(new Set(inbox.map((m) => m.to)).size).toBe(9);
  });
});

describe('notices bounces', () => {
  it('rejects a malformed file whole, naming file:line:column (field)', async () => {
    const bad = ['email,notice_id,type,reason,bounced_at', 'member1@example.com,,hard,550 no such user,2026-12-01', ',,soft,x,2026-12-01', 'nobody@example.com,,hard,x,2026-12-01', 'member2@example.com,N-0000-0000-1,bounce,,yesterday'].join('\n');
    const e = await importBounces(h.db, s.id, Buffer.from(bad), { file: 'bounces.csv', actor: ACTOR }).catch((x) => x);
    expect(e).toBeInstanceOf(CsvRejected);
    expect((e as CsvRejected).errors).toEqual([
      'bounces.csv:3:1 (email): give the e-mail address or the Notice ID the bounce is for',
      'bounces.csv:5:2 (notice_id): not a valid Notice ID (check the characters)',
      'bounces.csv:5:3 (type): must be hard or soft',
      'bounces.csv:5:5 (bounced_at): must be a date like 2026-12-01 or 2026-12-01T14:03:00Z',
    ]);
    expect((await messageCounts(h.db, s.id)).bounced).toBe(0);
    const unknown = await importBounces(h.db, s.id, Buffer.from('email,type,bounced_at\nnobody@example.com,hard,2026-12-01\n'), { file: 'b.csv', actor: ACTOR }).catch((x) => x);
    expect((unknown as CsvRejected).errors).toEqual(['b.csv:2:1 (email): no class member has this e-mail address']);
  });

  it('marks messages bounced and hard-bounced members undeliverable; they join the postcard file', async () => {
    const [m2] = await h.db.select().from(classMembers).where(eq(classMembers.recordId, 'R2'));
    const good = ['email,notice_id,type,reason,bounced_at', 'MEMBER1@example.com,,hard,550 no such user,2026-12-01T10:00:00Z', `,${m2.noticeId},soft,mailbox full,2026-12-01`].join('\r\n');
    const r = await importBounces(h.db, s.id, Buffer.from(good), { file: 'bounces.csv', actor: ACTOR });
    expect(r).toEqual({ rows: 2, hard: 1, soft: 1, messagesBounced: 2, membersUndeliverable: 1 });
    const [m1] = await h.db.select().from(classMembers).where(eq(classMembers.recordId, 'R1'));
    expect(m1.undeliverable).toBe(true);
    expect((await csvOf('postcards')).map((x) => x.last_name).sort()).toEqual(['Last1', 'Last2', 'Last9']);
  });

  it('re-sends to an address that changed since it bounced, once', async () => {
    const key = await settlementKey(h.db, s.id);
    const updated = sealClassRecord(key, s.id, member(1, { email: 'new.member1@example.com' }));
    await h.db.update(classMembers).set({ pii: updated.pii, emailHash: updated.emailHash, updatedAt: new Date() }).where(eq(classMembers.recordId, 'R1'));
    const before = received;
    expect(await enqueueNotices(h.db, s.id, ACTOR)).toEqual({ initial: 0, resend: 1 });
    expect((await sendQueuedNotices(h.db, s, { actor: ACTOR })).sent).toBe(1);
    expect(await enqueueNotices(h.db, s.id, ACTOR)).toEqual({ initial: 0, resend: 0 });
    await settle();
    expect(inbox.slice(before).map((m) => [m.to, m.subject.startsWith('Notice (sent again)')])).toEqual([['new.member1@example.com', true]]);
    const [m1] = await h.db.select().from(classMembers).where(eq(classMembers.recordId, 'R1'));
    expect(m1.undeliverable).toBe(false);
  });
});

describe('notice counts', () => {
  it('count sent, delivered, bounced, re-sent and postcards, and fill the declaration’s notice section', async () => {
    const c = await noticeCounts(h.db, s.id);
    expect(c).toMatchObject({ classMembers: 11, issued: 11, sent: 9, bounced: 2, delivered: 8, resent: 1, noEmail: 3, postcards: 3, inDoubt: 0, queued: 0 });
    // 9 members e-mailed + 2 of the 3 postcards (the third went to R2, already e-mailed); reached: 8 delivered + the 3
    // postcards (capped by the 3 members with no usable e-mail: the address is sealed, so the count cannot see R10 has none).
    expect(c.funnel).toMatchObject({ classMembers: 11, notified: 11, reached: 11 });
    const decl = await buildDeclaration(h.db, s, { name: 'A', title: 'B', administrator: 'C' } as never);
    const notice = decl.sections.find((x) => x.heading === 'Notice')!;
    expect(notice.pending).not.toMatch(/Notices sent/);
    expect(notice.figures).toEqual(expect.arrayContaining([
      { label: 'E-mail notices sent', value: 9 },
      { label: 'E-mail notices delivered', value: 8, note: 'sent and not bounced' },
      { label: 'E-mail notices re-sent to updated addresses', value: 1 },
      { label: 'Postcard notices (no usable e-mail)', value: 3 },
    ]));
    expect(notice.paragraphs!.join(' ')).toMatch(/sent 9 e-mail notices; 2 were returned undeliverable/);
  });
});
