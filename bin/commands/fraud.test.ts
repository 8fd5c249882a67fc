import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';

/** `fairshare fraud score` in a subprocess, as an administrator runs it (INTERFACES.md §1). */
let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await cliSandbox('fraud');
});
afterAll(async () => sandbox.dispose());

describe('fairshare fraud score', { timeout: 240_000 }, () => {
  it('scores the settlement, prints counts per action and reason, and a re-run changes nothing', async () => {
    const demo = await sandbox.cli('demo', '--class-size', '30');
    expect(demo.code, demo.stderr).toBe(0);
    const first = await sandbox.cli('fraud', 'score', '--settlement', 'tiktok');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^scored "tiktok" \(rules rules-[0-9a-f]{12}, configuration v\d+\): [\d,]+ claims, [\d,]+ changed/);
    expect(first.stdout).toMatch(/by action: none [\d,]+, review [\d,]+, recommend_deny [\d,]+/);
    expect(first.stdout).toContain('by reason:');

    const again = await sandbox.cli('--json', 'fraud', 'score');
    expect(again.code, again.stderr).toBe(0);
    const counts = JSON.parse(again.stdout);
    expect(counts).toMatchObject({ settlement: 'tiktok', finished: true, changed: 0 });
    expect(counts.claimsScored).toBeGreaterThan(0);
  });

  it('refuses an unknown settlement and an actor that is not an e-mail', async () => {
    const unknown = await sandbox.cli('fraud', 'score', '--settlement', 'nope');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('nope');
    const actor = await sandbox.cli('--actor', 'not-an-email', 'fraud', 'score');
    expect(actor.code).toBe(2);
  });
});
