import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Handle } from '@/db/client';
import { stopBoss } from '@/lib/jobs/boss';
import { enqueueJob } from '@/lib/jobs/queue';
import { listRuns } from '@/lib/jobs/runs';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';

/**
 * `fairshare worker` and `fairshare generate` as an operator runs them (PGlite folder by default,
 * PostgreSQL with DATABASE_URL): a queued job is taken by a worker process, which stops cleanly on
 * SIGTERM; `generate` writes the same bytes for the same seed and records its run in job_runs.
 */
let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await cliSandbox('worker');
});
afterAll(async () => sandbox.dispose());

const open = (): Promise<Handle> =>
  openDb(sandbox.env.DATABASE_URL ? { url: sandbox.env.DATABASE_URL } : { pgliteDir: path.join(sandbox.env.FAIRSHARE_DATA_DIR!, 'pglite') });

describe('fairshare worker / generate', { timeout: 400_000 }, () => {
  it('generate: same seed, same bytes; the run is recorded (via cli)', async () => {
    const args = ['--class-members', '2000', '--claims', '800', '--fraud-rate', '0.1', '--seed', 'cli'];
    const a = await sandbox.cli('generate', ...args, '--out', path.join(sandbox.dir, 'a'));
    expect(a, a.stderr).toMatchObject({ code: 0 });
    expect(a.stdout).toMatch(/wrote 2,000 class members and 800 claims \(\d+ fraudulent\)/);
    const b = await sandbox.cli('generate', ...args, '--out', path.join(sandbox.dir, 'b'));
    expect(b.code).toBe(0);
    for (const f of ['class_list.csv', 'claims.csv', 'labels.csv']) expect(fs.readFileSync(path.join(sandbox.dir, 'a', f)).equals(fs.readFileSync(path.join(sandbox.dir, 'b', f)))).toBe(true);
    const bad = await sandbox.cli('generate', '--class-members', '10', '--claims', '5', '--fraud-rate', '2', '--out', path.join(sandbox.dir, 'c'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--fraud-rate/);
  });

  it('a worker process runs a queued job and stops on SIGTERM', async () => {
    let h = await open();
    const out = path.join(sandbox.dir, 'queued');
    const id = await enqueueJob(h, 'generate.dataset', { classMembers: 1000, claims: 100, fraudRate: 0.1, seed: 'q', out }, { actor: 'cli:test' });
    await stopBoss(h);
    await h.close(); // PGlite: one process per folder, so the test lets go before the worker opens it.

    const child = spawn(process.execPath, ['bin/fairshare.mjs', 'worker', '--poll', '0.5'], { cwd: ROOT, env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const until = Date.now() + 300_000;
    while (!err.includes(`succeeded generate.dataset ${id}`) && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    expect(err).toContain(`succeeded generate.dataset ${id}`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGTERM, stopping/);
    expect(err).toMatch(/fairshare worker: stopped/);

    h = await open();
    const runs = await listRuns(h.db);
    await h.close();
    const run = runs.find((r) => r.id === id)!;
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, via: 'queue', progressDone: 1100, progressTotal: 1100 });
    expect(fs.existsSync(path.join(out, 'labels.csv'))).toBe(true);
    expect(runs.some((r) => r.via === 'cli' && r.name === 'generate.dataset' && r.status === 'succeeded')).toBe(true);
  });
});
