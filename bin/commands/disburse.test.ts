import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'achkit';
import { openDb, type Handle } from '@/db/client';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';
import { disbursementFixture, RAILS } from '@/lib/disburse/test-fixture';

/** `fairshare disburse` as finance runs it: exit codes, files written once, status, a rejected returns file. */
let box: CliSandbox;
let runId = '';
let rails = '';

async function open(): Promise<Handle> {
  return box.env.DATABASE_URL ? openDb({ url: box.env.DATABASE_URL }) : openDb({ pgliteDir: path.join(box.env.FAIRSHARE_DATA_DIR!, 'pglite') });
}

beforeAll(async () => {
  box = await cliSandbox('disburse_cli');
  process.env.FAIRSHARE_MASTER_KEY = box.env.FAIRSHARE_MASTER_KEY;
  const h = await open();
  const f = await disbursementFixture(h, ['ach', 'ach', 'ach', 'check', 'paypal']);
  runId = f.runId;
  await h.close();
  rails = box.write('rails.json', JSON.stringify(RAILS));
}, 120_000);
afterAll(async () => box?.dispose());

const actor = ['--actor', 'fin-a-tiktok@example.com'];

describe('fairshare disburse', () => {
  it('usage errors exit 2: no rail, an unknown rail, stripe without its settings', async () => {
    expect((await box.cli(...actor, 'disburse', runId)).code).toBe(2);
    expect((await box.cli(...actor, 'disburse', runId, '--rail', 'wire', '--rails', rails)).code).toBe(2);
    const stripe = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(stripe.code).toBe(2);
    expect(stripe.stderr).toMatch(/no "stripe" section/);
  });

  it('writes the ACH file once; a second run writes nothing and says so; status balances', async () => {
    const out = path.join(box.dir, 'out', 'run.ach');
    const first = await box.cli(...actor, 'disburse', runId, '--rail', 'ach', '--rails', rails, '--out', out);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/ach batch 1: 3 payments/);
    const text = fs.readFileSync(out, 'ascii');
    expect(validate(text).errors).toEqual([]);
    fs.unlinkSync(out);
    const again = await box.cli(...actor, 'disburse', runId, '--rail', 'ach', '--rails', rails, '--out', out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing new to pay by ach/);
    expect(fs.existsSync(out)).toBe(false);
    const status = await box.cli('--json', 'disburse', 'status', runId);
    expect(status.code).toBe(0);
    const r = JSON.parse(status.stdout);
    expect(r.balanced).toBe(true);
    expect(r.total.sent.count).toBe(3);
  });

  it('a malformed returns file exits 1 naming file:line:column, and nothing changes', async () => {
    const bad = box.write('returns.ach', `${'1'.padEnd(94, ' ')}\nshort\n`);
    const r = await box.cli(...actor, 'disburse', 'returns', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/returns\.ach:2:6: record is 5 characters, not 94/);
    const status = JSON.parse((await box.cli('--json', 'disburse', 'status', runId)).stdout);
    expect(status.total.returned.count).toBe(0);
  });

  it('checks into a folder: positive pay and letters, named after the settlement', async () => {
    const dir = path.join(box.dir, 'checks') + path.sep;
    const r = await box.cli(...actor, 'disburse', runId, '--rail', 'check', '--rails', rails, '--out', dir);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['tiktok-checks-0001-letters.pdf', 'tiktok-checks-0001-positive-pay.csv']);
  });
});
