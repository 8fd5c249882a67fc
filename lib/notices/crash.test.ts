import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '@/lib/mail/catcher';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';

/**
 * The outbox's promise, tested the hard way: `fairshare notices send` in a child process is killed with
 * SIGKILL mid-campaign, then run again; the SMTP server (smtp-server, real) counts what each recipient
 * got. Nobody may get two copies; whoever got none is only among the few in-doubt messages the second
 * run reports (at most the two batches the sender had claimed).
 */

const MEMBERS = 120;
let sandbox: CliSandbox;
let catcher: { port: number; close: () => Promise<void> };
const perRecipient = new Map<string, number>();
let received = 0;

beforeAll(async () => {
  sandbox = await cliSandbox('notices-crash');
  catcher = await startMailCatcher(0, (raw) => {
    const to = /^To: (.+)$/im.exec(raw.toString('utf8'))?.[1].trim() ?? '?';
    perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    received++;
  });
  sandbox.env.SMTP_URL = `smtp://127.0.0.1:${catcher.port}`;
}, 180_000);
afterAll(async () => {
  await catcher.close();
  await sandbox.dispose();
});

describe('notices send after a crash', { timeout: 300_000 }, () => {
  it('resumes without sending anyone a second copy', async () => {
    const demo = await sandbox.cli('demo', '--class-size', String(MEMBERS));
    expect(demo.code, demo.stderr).toBe(0);

    // A slow campaign (40/s), killed once a third has gone out.
    const child = spawn(process.execPath, ['bin/fairshare.mjs', 'notices', 'send', '--rate', '40'], { cwd: ROOT, env: sandbox.env, stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (received >= MEMBERS / 3) {
          clearInterval(t);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.once('exit', () => {
        clearInterval(t);
        if (received < MEMBERS / 3) reject(new Error('the sender ended before it was killed'));
      });
    });
    await new Promise((r) => child.once('exit', r));
    const atKill = received;
    expect(atKill).toBeLessThan(MEMBERS);

    const resumed = await sandbox.cli('--json', 'notices', 'send');
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = JSON.parse(resumed.stdout);
    expect(r.remaining).toBe(0);
    // At 40/s a batch is 4 rows and two are claimed at once (claimSize in outbox.ts): at most 8 in doubt.
    expect(r.inDoubt).toBeLessThanOrEqual(8);

    const twice = [...perRecipient].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const status = JSON.parse((await sandbox.cli('--json', 'notices', 'status')).stdout);
    // Every recipient got at most one; those that got none are among the in-doubt messages.
    expect(perRecipient.size).toBeGreaterThanOrEqual(status.sent);
    expect(perRecipient.size).toBeLessThanOrEqual(status.sent + status.inDoubt);
    expect(status.sent + status.inDoubt).toBe(MEMBERS);

    // The operator checked the relay log: the in-doubt ones were accepted (or not); either way one command settles them.
    const settled = await sandbox.cli('--json', 'notices', 'send', '--mark-in-doubt-sent', '--in-doubt-age', '0');
    expect(settled.code, settled.stderr).toBe(0);
    expect(JSON.parse((await sandbox.cli('--json', 'notices', 'status')).stdout)).toMatchObject({ sent: MEMBERS, inDoubt: 0, queued: 0 });
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  });
});
