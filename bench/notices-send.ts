/**
 * Notice sending (issue 7, "measured, not asserted"): messages/s from the outbox to a local SMTP server
 * beside a plain baseline, and a crash-and-resume run.
 *
 * - The SMTP server (smtp-server, bench/smtp-sink.mjs) runs in its own process, as a relay would, and
 *   counts copies per envelope recipient.
 * - Baseline: nodemailer alone — the same pool size and messages in flight as the outbox, the same
 *   notice body (rendered by the same template, text + HTML), no database, no decryption.
 * - Outbox: `sendQueuedNotices` (claim a batch → `sending` commit → SMTP → one commit per batch).
 * - Crash: `fairshare notices send` in a child process, SIGKILL once a third has arrived, run again;
 *   every recipient's copies are counted.
 *
 * The baseline runs right before AND right after the outbox (`--baseline N` messages each, default
 * min(members, 20,000)) and the outbox is compared with their mean: on a shared machine the load moves
 * within minutes. Each figure is printed as soon as it is measured.
 *
 *   npx tsx bench/notices-send.ts [members=5000] [--concurrency 16] [--batch 100] [--baseline N] [--no-crash]
 *   (PostgreSQL: BENCH_DATABASE_URL, default local; scratch databases fs_notice_bench_*, dropped at the end)
 */
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { freshDatabase } from './claim-action';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const MEMBERS = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 5000);
const CONCURRENCY = flag('--concurrency', 16);
const BATCH = flag('--batch', 100);
const CRASH = !args.includes('--no-crash');
const BASELINE = flag('--baseline', Math.min(MEMBERS, 20_000));
process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
process.env.FAIRSHARE_TIMING = '0';

const { openDb } = await import('../db/client');
const { createSettlement } = await import('../lib/settlements/service');
const { insertClassRecords } = await import('../lib/classlist/members');
const { settlementKey } = await import('../lib/privacy/keys');
const { issueNotices } = await import('../lib/notices/issue');
const { noticeRenderer } = await import('../lib/notices/template');
const { enqueueNotices, sendQueuedNotices, messageCounts } = await import('../lib/notices/outbox');

// The SMTP server in its own process.
type Report = { received: number; recipients: number; duplicates: number };
const sinkProc: ChildProcess = fork(path.join(ROOT, 'bench/smtp-sink.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
let received = 0;
const waiting: ((m: Record<string, unknown>) => void)[] = [];
const port = await new Promise<number>((resolve) =>
  sinkProc.on('message', (m: { port?: number; received?: number }) => {
    if (m.port) resolve(m.port);
    else if (typeof m.received === 'number') received = m.received;
    else waiting.shift()?.(m);
  }),
);
const ask = (what: 'report' | 'reset') => new Promise<Record<string, unknown>>((resolve) => (waiting.push(resolve), sinkProc.send(what)));
/** The sink's counts once it has received `expected` messages (they arrive before the sender's "250 OK" returns, but the count reaches us over IPC). */
const report = async (expected = 0): Promise<Report> => {
  for (let i = 0; i < 100; i++) {
    const r = (await ask('report')).report as Report;
    if (r.received >= expected) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  return (await ask('report')).report as Report;
};
const reset = async () => {
  await ask('reset');
  received = 0;
};
const smtpUrl = `smtp://127.0.0.1:${port}`;
process.env.SMTP_URL = smtpUrl;
const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch: string[] = [];

async function setup(name: string) {
  const url = await freshDatabase(name);
  scratch.push(name);
  const h = await openDb({ url });
  const s = await createSettlement(h.db, tiktok, 'bench');
  const key = await settlementKey(h.db, s.id);
  for (let from = 0; from < MEMBERS; from += 10_000) {
    const records = Array.from({ length: Math.min(10_000, MEMBERS - from) }, (_, j) => {
      const i = from + j;
      return { recordId: `B${i}`, email: `member${i}@example.com`, firstName: 'Ava', lastName: `Member${i}`, street: `${i} Main St`, city: 'Chicago', state: 'IL', zip: '60601', country: 'US', attributes: {} };
    });
    await insertClassRecords(h.db, key, s.id, records);
  }
  const t0 = performance.now();
  await issueNotices(h.db, s.id, { actor: 'bench' });
  const issueSecs = (performance.now() - t0) / 1000;
  return { url, h, s, issueSecs };
}

/** Wall seconds and this process's CPU seconds for `fn`. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; secs: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, secs: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const load0 = os.loadavg();
const a = await setup('fs_notice_bench_send');

// 1. Baseline: nodemailer, the same pool and messages in flight, the same notice body; no database.
const render = noticeRenderer(a.s.config, `http://localhost:3000/${a.s.slug}`);
let baseSeq = 0;
async function baseline(n: number, label: string) {
  const transport = nodemailer.createTransport(`${smtpUrl}?pool=true&maxConnections=${CONCURRENCY}`);
  let left = n;
  const lanes = () =>
    Array.from({ length: CONCURRENCY }, async () => {
      while (left > 0) {
        left--;
        const i = baseSeq++;
        const mail = render({ to: `base${i}@example.com`, noticeId: 'N-0000-0000-0', confirmationCode: 'AAAA-BBBB-CCCC' });
        await transport.sendMail({ from: 'Settlement Administrator <no-reply@fairshare.local>', ...mail });
      }
    });
  // Warmed up first (JIT, connections), so the baseline is not handicapped by going first.
  left = Math.min(1000, Math.ceil(n / 10));
  await Promise.all(lanes());
  await reset();
  left = n;
  const t = await timed(() => Promise.all(lanes()));
  transport.close();
  const r = await report(n);
  const rate = n / t.secs;
  console.log(`| baseline ${label}: nodemailer (pool ${CONCURRENCY}, same body, no DB), ${n} msgs | ${rate.toFixed(0)} | ${((1000 * t.cpu) / n).toFixed(2)} | ${r.received} | ${r.duplicates} | load ${os.loadavg()[0].toFixed(1)} |`);
  return { rate, r };
}
console.log(`members: ${MEMBERS}; concurrency (SMTP connections) ${CONCURRENCY}; batch ${BATCH}; ${os.cpus().length} cores; load average at start ${load0[0].toFixed(1)}`);
console.log(`notices issue: ${(MEMBERS / a.issueSecs).toFixed(0)} members/s`);
console.log(`| | messages/s | sender CPU ms/msg | received | duplicates | load (1 min) |`);
console.log(`|---|---:|---:|---:|---:|---:|`);
const before = await baseline(BASELINE, 'before');

// 2. The outbox.
await reset();
await enqueueNotices(a.h.db, a.s.id, 'bench');
const out = await timed(() => sendQueuedNotices(a.h.db, a.s, { actor: 'bench', concurrency: CONCURRENCY, batchSize: BATCH }));
const outReport = await report(out.value.sent);
await a.h.close();
const outRate = out.value.sent / out.secs;
console.log(`| outbox sendQueuedNotices (concurrency ${CONCURRENCY}, batch ${BATCH}), ${out.value.sent} msgs | ${outRate.toFixed(0)} | ${((1000 * out.cpu) / out.value.sent).toFixed(2)} | ${outReport.received} | ${outReport.duplicates} | load ${os.loadavg()[0].toFixed(1)} |`);
const after = await baseline(BASELINE, 'after');
const baseRate = (before.rate + after.rate) / 2;
console.log(`outbox = ${((100 * outRate) / baseRate).toFixed(0)}% of the baseline (mean of before and after: ${baseRate.toFixed(0)} messages/s)`);

// 3. Crash and resume through the real CLI.
let crash: { atKill: number; resumedSent: number; counts: Awaited<ReturnType<typeof messageCounts>>; r: Report } | undefined;
if (CRASH) {
  const b = await setup('fs_notice_bench_crash');
  await b.h.close();
  await reset();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: b.url, SMTP_URL: smtpUrl };
  delete env.NODE_OPTIONS;
  const cliArgs = ['--concurrency', String(CONCURRENCY)];
  const child = spawn(process.execPath, ['bin/fairshare.mjs', 'notices', 'send', ...cliArgs], { cwd: ROOT, env, stdio: 'ignore' });
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
  const atKill = (await report()).received;
  const resumed = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['bin/fairshare.mjs', '--json', 'notices', 'send', ...cliArgs], { cwd: ROOT, env, maxBuffer: 1 << 24 }, (e, o, err) => (e ? reject(new Error(err)) : resolve(o))),
  );
  const res = JSON.parse(resumed);
  const c = await openDb({ url: b.url, migrate: false });
  const counts = await messageCounts(c.db, (await c.db.query.settlements.findFirst())!.id);
  await c.close();
  crash = { atKill, resumedSent: res.sent, counts, r: await report(atKill + res.sent) };
  const missing = MEMBERS - crash.r.recipients;
  console.log(`crash run: killed after ${crash.atKill} received; resumed run sent ${crash.resumedSent}; in doubt ${crash.counts.sending}; sent rows ${crash.counts.sent}; queued ${crash.counts.queued}; load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`crash run: received ${crash.r.received}; recipients with 2+ copies: ${crash.r.duplicates}; recipients with none: ${missing} (all among the in-doubt rows: ${missing <= crash.counts.sending})`);
}
sinkProc.disconnect();

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
for (const name of scratch) await admin.query(`drop database if exists ${name} with (force)`);
await admin.end();

const ok = before.r.duplicates === 0 && after.r.duplicates === 0 && outReport.duplicates === 0 && outReport.received === out.value.sent && (!crash || crash.r.duplicates === 0);
process.exit(ok ? 0 : 1);
