import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { validate } from 'achkit';
import { openDb, rowsOf, type Handle } from '@/db/client';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';
import { disbursementFixture, RAILS } from '@/lib/disburse/test-fixture';

/**
 * The outbox under SIGKILL: `fairshare disburse` is killed (a real kill -9 of the process) right after
 * the intent commits, and right after the file is written but before it is marked; each time the next
 * run finishes the batch with the same bytes. At the end: one attempt per payment, one trace number each,
 * every payment submitted once, the run reconciles.
 */
let box: CliSandbox;
let runId = '';
let rails = '';

async function open(): Promise<Handle> {
  return box.env.DATABASE_URL ? openDb({ url: box.env.DATABASE_URL }) : openDb({ pgliteDir: path.join(box.env.FAIRSHARE_DATA_DIR!, 'pglite') });
}

function cliKilledAt(point: string, ...args: string[]): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/fairshare.mjs', ...args], { cwd: ROOT, env: { ...box.env, FAIRSHARE_DISBURSE_KILL_AT: point } }, () => {});
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

beforeAll(async () => {
  box = await cliSandbox('disburse_crash');
  process.env.FAIRSHARE_MASTER_KEY = box.env.FAIRSHARE_MASTER_KEY;
  const h = await open();
  const f = await disbursementFixture(h, Array(8).fill('ach'));
  runId = f.runId;
  await h.close();
  rails = box.write('rails.json', JSON.stringify(RAILS));
}, 120_000);
afterAll(async () => box?.dispose());

describe('fairshare disburse killed with SIGKILL', { timeout: 300_000 }, () => {
  it('after the intent, and after the write: the next runs finish with the same bytes, nobody paid twice', async () => {
    const out = path.join(box.dir, 'ach.ach');
    const args = ['--actor', 'fin-a-tiktok@example.com', 'disburse', runId, '--rail', 'ach', '--rails', rails, '--out', out];
    const k1 = await cliKilledAt('after-intent', ...args);
    expect(k1.signal).toBe('SIGKILL');
    expect(fs.existsSync(out)).toBe(false);

    const k2 = await cliKilledAt('after-write', ...args);
    expect(k2.signal).toBe('SIGKILL');
    const firstBytes = fs.readFileSync(out);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);

    const done = await box.cli(...args);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/resumed: the same file as before/);
    expect(fs.readFileSync(out).equals(firstBytes)).toBe(true);
    expect(validate(firstBytes.toString('ascii')).errors).toEqual([]);

    const again = await box.cli(...args);
    expect(again.stdout).toMatch(/nothing new to pay/);

    const h = await open();
    try {
      const [c] = rowsOf<{ attempts: number; traces: number; submitted: number; batches: number; events: number }>(
        await h.db.execute(sql`select (select count(*)::int from payment_attempts) attempts, (select count(distinct reference)::int from payment_attempts) traces,
          (select count(*)::int from payments where state = 'submitted') submitted, (select count(*)::int from disbursements) batches,
          (select count(*)::int from payment_events where to_state = 'submitted') events`),
      );
      expect(c).toEqual({ attempts: 8, traces: 8, submitted: 8, batches: 1, events: 8 });
    } finally {
      await h.close();
    }
    const status = JSON.parse((await box.cli('--json', 'disburse', 'status', runId)).stdout);
    expect(status.balanced).toBe(true);
  });
});
