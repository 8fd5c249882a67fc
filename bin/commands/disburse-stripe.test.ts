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

  it('pays the bank claimants through Stripe once; a second run sends nothing', async () => {
    box.env.STRIPE_SECRET_KEY = 'sk_test_fake_cli';
    const first = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/stripe batch 1: 2 payments/);
    expect(first.stdout).toMatch(/sent 2/);
    expect(fake.payments.size).toBe(2);
    const again = await box.cli(...actor, 'disburse', runId, '--rail', 'stripe', '--rails', rails);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing new to pay by stripe/);
    expect(fake.payments.size).toBe(2);
  });
});
