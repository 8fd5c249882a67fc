import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDb, type Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { stopBoss } from './boss';
import { enqueueJob } from './queue';
import { registerJob } from './registry';
import { getRun } from './runs';
import { startWorker } from './worker';
import { countJob } from './testing/count-job';

/**
 * Several workers on one PostgreSQL database (CI's DATABASE_URL run): they split the jobs and none is
 * run twice to completion; a worker killed mid-job (SIGKILL) has its job expire and another finish it.
 * PGlite is one process by design, so these run on PostgreSQL only. (The job must finish within its
 * expireInSeconds, 3 s here: pg-boss counts a longer attempt as dead.)
 */
registerJob(countJob);
const pg = process.env.DATABASE_URL;

const urlOf = (h: Handle) => (h.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!pg)('several workers on PostgreSQL', () => {
  let a: Handle;
  let b: Handle;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    a = await openTestDb();
    b = await openDb({ url: urlOf(a), migrate: false });
    await a.exec('create table test_done (key text primary key, pid int not null)');
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await stopBoss(b);
    await stopBoss(a);
    await b.close();
    await a.close();
  });

  it('two pg-boss workers split 16 jobs; every job runs once to completion', async () => {
    const seen: Record<'a' | 'b', string[]> = { a: [], b: [] };
    const wa = await startWorker(a, { queues: [countJob.name], pollingIntervalSeconds: 0.5, onEvent: (e) => e.event === 'succeeded' && seen.a.push(e.runId) });
    const wb = await startWorker(b, { queues: [countJob.name], pollingIntervalSeconds: 0.5, onEvent: (e) => e.event === 'succeeded' && seen.b.push(e.runId) });
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push(await enqueueJob(a, countJob.name, { key: `split-${i}`, steps: 4, waitMs: 100 }, { actor: 'a@example.com' }));
    await waitFor(async () => (await Promise.all(ids.map((id) => getRun(a.db, id)))).every((r) => r?.status === 'succeeded'));
    await wa.stop();
    await wb.stop();
    expect(seen.a.length).toBeGreaterThan(0);
    expect(seen.b.length).toBeGreaterThan(0);
    expect([...seen.a, ...seen.b].sort()).toEqual([...ids].sort());
    const runs = await Promise.all(ids.map((id) => getRun(a.db, id)));
    expect(runs.every((r) => r!.attempts === 1)).toBe(true);
    const done = await a.db.execute(sql`select count(*)::int as n from test_done where key like 'split-%'`);
    expect((done as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(16);
  }, 180_000);

  it('a worker killed mid-job: the job expires, is redelivered, and another worker finishes it (attempts 2)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/jobs/testing/worker-process.ts'], {
      env: { ...process.env, DATABASE_URL: urlOf(a) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    await waitFor(async () => out.includes('ready'), 120_000);
    const id = await enqueueJob(a, countJob.name, { key: 'crash', steps: 20, waitMs: 100 }, { actor: 'a@example.com' });
    await waitFor(async () => out.includes(`started ${id}`));
    await waitFor(async () => ((await getRun(a.db, id))?.progressDone ?? 0) >= 3);
    child.kill('SIGKILL');
    const mid = await getRun(a.db, id);
    expect(mid!.status).toBe('running');
    // The rescuing worker also runs pg-boss's maintenance, which expires the dead worker's job.
    const rescuer = await startWorker(b, { queues: [countJob.name], pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    const run = await waitFor(async () => {
      const r = await getRun(a.db, id);
      return r?.status === 'succeeded' ? r : undefined;
    }, 120_000);
    await rescuer.stop();
    expect(run.attempts).toBe(2);
    expect(run.result).toMatchObject({ counted: 20, pid: process.pid });
  }, 300_000);
});
