/**
 * Notice sending (issue 7, "measured, not asserted"): messages/s from the outbox to a local SMTP server
 * (smtp-server), beside a plain baseline — nodemailer sending the same number of messages over the same
 * pooled connections with no database — and a crash-and-resume run: `fairshare notices send` in a child
 * process killed with SIGKILL a third of the way, run again, and every recipient's messages counted.
 *
 *   npx tsx bench/notices-send.ts [members=5000]      (PostgreSQL: BENCH_DATABASE_URL, default local)
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { freshDatabase } from './claim-action';

const ROOT = path.resolve(import.meta.dirname, '..');
const MEMBERS = Number(process.argv[2] ?? 5000);
process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
process.env.FAIRSHARE_TIMING = '0';

const { startMailCatcher } = await import('../lib/mail/catcher');
const { openDb } = await import('../db/client');
const { createSettlement } = await import('../lib/settlements/service');
const { insertClassRecords } = await import('../lib/classlist/members');
const { settlementKey } = await import('../lib/privacy/keys');
const { issueNotices } = await import('../lib/notices/issue');
const { enqueueNotices, sendQueuedNotices, messageCounts } = await import('../lib/notices/outbox');
const fs = await import('node:fs');

let received = 0;
const perRecipient = new Map<string, number>();
const catcher = await startMailCatcher(0, (raw) => {
  received++;
  const to = /^To: (.+)$/im.exec(raw.toString('utf8'))?.[1].trim() ?? '?';
  perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
});
const smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
process.env.SMTP_URL = smtpUrl;
const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));

async function setup(name: string) {
  const url = await freshDatabase(name);
  const h = await openDb({ url });
  const s = await createSettlement(h.db, tiktok, 'bench');
  const key = await settlementKey(h.db, s.id);
  const records = Array.from({ length: MEMBERS }, (_, i) => ({
    recordId: `B${i}`, email: `member${i}@example.com`, firstName: 'Ava', lastName: `Member${i}`, street: `${i} Main St`, city: 'Chicago', state: 'IL', zip: '60601', country: 'US', attributes: {},
  }));
  await insertClassRecords(h.db, key, s.id, records);
  const t0 = performance.now();
  await issueNotices(h.db, s.id, { actor: 'bench' });
  const issueSecs = (performance.now() - t0) / 1000;
  return { url, h, s, issueSecs };
}

// 1. Baseline: the same transport and pool, the same body size, no database.
const transport = nodemailer.createTransport(`${smtpUrl}?pool=true&maxConnections=4`);
const body = 'x'.repeat(2500);
let t = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < MEMBERS) {
      const i = next++;
      await transport.sendMail({ from: 'a@fairshare.local', to: `base${i}@example.com`, subject: 'baseline', text: body });
    }
  }),
);
const baseRate = MEMBERS / ((performance.now() - t) / 1000);
transport.close();

// 2. The outbox.
const a = await setup('fs_notices_bench_send');
received = 0;
perRecipient.clear();
await enqueueNotices(a.h.db, a.s.id, 'bench');
t = performance.now();
const r = await sendQueuedNotices(a.h.db, a.s, { actor: 'bench' });
const outboxRate = r.sent / ((performance.now() - t) / 1000);
await a.h.close();

// 3. Crash and resume through the real CLI.
const b = await setup('fs_notices_bench_crash');
await b.h.close();
received = 0;
perRecipient.clear();
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: b.url, SMTP_URL: smtpUrl };
delete env.NODE_OPTIONS;
const child = spawn(process.execPath, ['bin/fairshare.mjs', 'notices', 'send'], { cwd: ROOT, env, stdio: 'ignore' });
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    if (received >= MEMBERS / 3) {
      child.kill('SIGKILL');
      clearInterval(timer);
      resolve();
    }
  }, 2);
});
await new Promise((res) => child.once('exit', res));
const atKill = received;
const resumed = await new Promise<string>((resolve, reject) =>
  execFile(process.execPath, ['bin/fairshare.mjs', '--json', 'notices', 'send'], { cwd: ROOT, env, maxBuffer: 1 << 24 }, (e, out, err) => (e ? reject(new Error(err)) : resolve(out))),
);
const res = JSON.parse(resumed);
const c = await openDb({ url: b.url, migrate: false });
const counts = await messageCounts(c.db, (await c.db.query.settlements.findFirst())!.id);
await c.close();
const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
const missing = MEMBERS - perRecipient.size;
await catcher.close();

console.log(`members: ${MEMBERS}`);
console.log(`notices issue: ${(MEMBERS / a.issueSecs).toFixed(0)} members/s`);
console.log(`baseline nodemailer (pool 4, no DB): ${baseRate.toFixed(0)} messages/s`);
console.log(`outbox notices send (concurrency 4): ${outboxRate.toFixed(0)} messages/s = ${((100 * outboxRate) / baseRate).toFixed(0)}% of baseline`);
console.log(`crash run: killed after ${atKill} received; resumed run sent ${res.sent}; in doubt ${counts.sending}; sent rows ${counts.sent}`);
console.log(`crash run: recipients with 2+ copies: ${duplicates}; recipients with none: ${missing} (all among the in-doubt rows: ${missing <= counts.sending})`);
process.exit(duplicates === 0 ? 0 : 1);
