import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDb, type Handle } from '@/db/client';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';
import { disbursementFixture, RAILS } from '@/lib/disburse/test-fixture';
import { FakeStripe } from '@/lib/disburse/stripe/testing/fake-stripe';

/** `fairshare disburse RUN --rail stripe` as finance runs it: the job pays through the fake Stripe once. */
let box: CliSandbox;
let fake: FakeStripe;
let runId = '';
let rails = '';

async function open(): Promise<Handle> {
  return box.env.DATABASE_URL ? openDb({ url: box.env.DATABASE_URL }) : openDb({ pgliteDir: path.join(box.env.FAIRSHARE_DATA_DIR!, 'pglite') });
}

beforeAll(async () => {
  fake = await new FakeStripe().start();
  box = await cliSandbox('st_disburse_stripe_cli');
  process.env.FAIRSHARE_MASTER_KEY = box.env.FAIRSHARE_MASTER_KEY;
  const h = await open();
  const f = await disbursementFixture(h, ['ach', 'ach', 'check']);
  runId = f.runId;
  await h.close();
  rails = box.write('rails.json', JSON.stringify({ ...RAILS, stripe: { financialAccount: 'fa_test_fund' } }));
  box.env.STRIPE_API_BASE = `http://127.0.0.1:${fake.port}`;
}, 120_000);
afterAll(async () => {
  await box?.dispose();
  await fake?.stop();
});

const actor = ['--actor', 'fin-a-tiktok@example.com'];

describe('fairshare disburse --rail stripe', () => {
  it('needs STRIPE_SECRET_KEY (exit 2, nothing sent)', async () => {
    delete box.env.STRIPE_SECRET_KEY;
    const r = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STRIPE_SECRET_KEY/);
    expect(fake.payments.size).toBe(0);
  });

  it('killed (SIGKILL) after Stripe made the first payment: the next run finds it and pays only the other', async () => {
    box.env.STRIPE_SECRET_KEY = 'sk_test_fake_cli';
    box.env.FAIRSHARE_DISBURSE_KILL_AT = 'after-write';
    const killed = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(killed.code).not.toBe(0);
    expect(fake.payments.size).toBe(1);
    delete box.env.FAIRSHARE_DISBURSE_KILL_AT;
    const first = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/no new payments; finishing earlier ones/);
    expect(first.stdout).toMatch(/sent 1, found already sent at Stripe 1/);
    expect(fake.payments.size).toBe(2);
    expect([...fake.createdPerKey().values()]).toEqual([1, 1]);
    const status = await box.cli('--json', 'disburse', 'status', runId);
    expect(status.code).toBe(0);
    const r = JSON.parse(status.stdout);
    expect(r.balanced).toBe(true);
    expect(r.total.sent.count).toBe(2);
  });

  it('a further run sends nothing', async () => {
    const again = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing new to pay by stripe/);
    expect(fake.payments.size).toBe(2);
  });
});
