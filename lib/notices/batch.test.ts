import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Handle } from '@/db/client';
import { insertClassRecords } from '@/lib/classlist/members';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { issueNotices } from './issue';
import { enqueueNotices, messageCounts, sendQueuedNotices } from './outbox';

/**
 * The outbox sends in batches (docs/decisions/0018-notice-outbox.md): a batch is claimed in one
 * transaction and its outcomes recorded in one, yet each message keeps its own outcome, and a run
 * stopped mid-batch puts back only what it never handed to the relay. Real database, real SMTP server
 * (smtp-server) that refuses two addresses with 550 and counts each recipient's copies.
 */

const MEMBERS = 40;
const REFUSED = new Set(['member38@example.com', 'member39@example.com']);
const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));
const ACTOR = 'test:notices-batch';
let h: Handle;
let s: Settlement;
let server: SMTPServer;
const copies = new Map<string, number>();
let received = 0;
let onReceived: () => void = () => {};

beforeAll(async () => {
  h = await openTestDb();
  s = await createSettlement(h.db, tiktok, 'test');
  const key = await settlementKey(h.db, s.id);
  const records = Array.from({ length: MEMBERS }, (_, i) => ({
    recordId: `R${i}`, email: `member${i}@example.com`, firstName: 'A', lastName: `L${i}`, street: `${i} Main St`, city: 'Chicago', state: 'IL', zip: '60601', country: 'US', attributes: {},
  }));
  await insertClassRecords(h.db, key, s.id, records);
  await issueNotices(h.db, s.id, { actor: ACTOR });
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (REFUSED.has(address.address)) return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) copies.set(r.address, (copies.get(r.address) ?? 0) + 1);
        received++;
        onReceived();
        callback();
      });
    },
  });
  // A stopped run may reset its connections mid-session: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as import('node:net').AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

describe('notices send in batches', () => {
  it('a run stopped mid-batch records what the relay took and puts back only what it never handed over', async () => {
    await enqueueNotices(h.db, s.id, ACTOR);
    const stop = new AbortController();
    onReceived = () => received >= 5 && stop.abort();
    // Two batches of 20 claim every row; the stop comes while most were never handed to the relay.
    const r = await sendQueuedNotices(h.db, s, { actor: ACTOR, batchSize: 20, concurrency: 2, signal: stop.signal });
    onReceived = () => {};
    expect(r.sent).toBe(received);
    expect(r.sent).toBeLessThan(MEMBERS);
    expect(r).toMatchObject({ inDoubt: 0, remaining: MEMBERS - r.sent });
    const c = await messageCounts(h.db, s.id);
    expect(c).toMatchObject({ sent: r.sent, sending: 0, queued: MEMBERS - r.sent });
    // Put back as never claimed: no attempt counted.
    const attempts = rowsOf<{ attempts: number }>(await h.db.execute(sql`select attempts from notice_messages where state = 'queued'`));
    expect(attempts.every((x) => Number(x.attempts) === 0)).toBe(true);
  });

  it('resumes; in one batch each message keeps its own outcome (two refused with 550, the rest sent), nobody gets two', async () => {
    const before = received;
    const r = await sendQueuedNotices(h.db, s, { actor: ACTOR, batchSize: 50, concurrency: 4 });
    expect(r).toMatchObject({ failed: 2, inDoubt: 0, remaining: 0 });
    expect(received - before).toBe(r.sent);
    expect(await messageCounts(h.db, s.id)).toMatchObject({ sent: MEMBERS - 2, failed: 2, sending: 0, queued: 0 });
    const failed = rowsOf<{ last_error: string }>(await h.db.execute(sql`select last_error from notice_messages where state = 'failed'`));
    expect(failed.map((x) => x.last_error)).toEqual(['smtp_550', 'smtp_550']);
    expect(copies.size).toBe(MEMBERS - 2);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    for (const a of REFUSED) expect(copies.has(a)).toBe(false);
    // One audit entry per recorded batch, with counts only.
    const audit = rowsOf<{ details: unknown }>(await h.db.execute(sql`select details from audit_log where action = 'notices.send_batch'`));
    const total = audit.reduce((n, x) => n + Number((typeof x.details === 'string' ? JSON.parse(x.details) : x.details as { sent: number }).sent), 0);
    expect(total).toBe(MEMBERS - 2);
    expect(JSON.stringify(audit)).not.toContain('@example.com');
  });
});
