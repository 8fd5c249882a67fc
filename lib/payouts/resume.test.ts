import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, rowsOf, type Handle } from '@/db/client';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';
import { createSettlement } from '@/lib/settlements/service';
import tiktok from '@/docs/settlements/tiktok.json';
import { allocateClaims, MAIN_POOL } from './allocate';
import { planFor } from './plan';
import { createRun } from './service';

/*
 * Resumability for real: the CLI computing a run is killed with SIGKILL at random moments (a worker
 * dying mid-page, mid-COPY, mid-commit), restarted with --resume, and in the end the payments are the
 * ones an uninterrupted computation gives, one per claim, and `payouts verify` agrees.
 */

const CLAIMS = 160_000; // a little over three pages of 50,000
let box: CliSandbox;
let runId: string;
let settlementId: string;

async function open(): Promise<Handle> {
  return box.env.DATABASE_URL ? openDb({ url: box.env.DATABASE_URL }) : openDb({ pgliteDir: path.join(box.env.FAIRSHARE_DATA_DIR!, 'pglite') });
}

beforeAll(async () => {
  box = await cliSandbox('payouts_kill');
  process.env.FAIRSHARE_MASTER_KEY = box.env.FAIRSHARE_MASTER_KEY;
  const h = await open();
  const s = await createSettlement(h.db, { ...tiktok, grossFundCents: 123_456_789, deductions: {} }, 'test');
  settlementId = s.id;
  // Rows written straight by SQL: the runner reads only ids, status, tier, units and payment method.
  await h.db.execute(sql`insert into claims (settlement_id, claim_id, status, tier, requested_tier, units, payment_method, pii, payment, email_hash)
    select ${s.id}, 'FS-' || g, 'approved', case when g % 9 = 0 then 'illinois' else 'nationwide' end, 'nationwide',
      case when g % 9 = 0 then 6 else 1 end, 'paypal', 'x', 'x', 'h' || g from generate_series(1, ${CLAIMS}) g`);
  runId = (await createRun(h.db, s, {}, 'cli:test')).id;
  await h.close();
}, 300_000);
afterAll(async () => box?.dispose());

function computeUntilKilled(afterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/fairshare.mjs', 'payouts', 'compute', '--resume', runId], { cwd: ROOT, env: box.env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
    });
  });
}

describe('a payout run killed at random points', () => {
  it('finishes with the same payments, each written once', async () => {
    // Deterministic "random" delays (a fixed LCG), so a failure can be replayed.
    let seed = 20261202;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let kills = 0;
    for (let i = 0; i < 5; i++) {
      // PostgreSQL computes the 160,000 claims in a few seconds, PGlite far slower: the kill window
      // follows, so at least one kill lands while the run is alive on either.
      const window = box.env.DATABASE_URL ? { from: 1000, span: 2500 } : { from: 2500, span: 9000 };
      const outcome = await computeUntilKilled(window.from + Math.floor(next() * window.span));
      if (outcome === 'finished') break;
      kills++;
    }
    expect(await computeUntilKilled(600_000)).toBe('finished');
    expect(kills).toBeGreaterThan(0);

    const h = await open();
    try {
      const [t] = rowsOf<{ n: string | number; distinct: string | number; total: string | number }>(
        await h.db.execute(sql`select count(*) n, count(distinct claim_pk) distinct, coalesce(sum(amount_cents), 0) total from payments where run_id = ${runId}`),
      );
      expect(Number(t.n)).toBe(CLAIMS);
      expect(Number(t.distinct)).toBe(CLAIMS);
      expect(Number(t.total)).toBe(123_456_789);
      // The same payments as the in-memory reference.
      const claims = rowsOf<{ id: string | number; units: string | number; amount_cents: string | number }>(
        await h.db.execute(sql`select c.id, c.units, p.amount_cents from claims c join payments p on p.claim_pk = c.id and p.run_id = ${runId} where c.settlement_id = ${settlementId} order by c.id`),
      );
      const { plan } = planFor({ ...(await import('@/lib/settlements/config')).settlementConfigSchema.parse({ ...tiktok, grossFundCents: 123_456_789, deductions: {} }) }, { round: 1 });
      const ref = allocateClaims(plan, claims.map((c) => ({ id: Number(c.id), units: Number(c.units), pool: MAIN_POOL }))).payments;
      const wrong = claims.filter((c) => ref.get(Number(c.id)) !== Number(c.amount_cents));
      expect(wrong.length).toBe(0);
    } finally {
      await h.close();
    }
    const verify = await box.cli('payouts', 'verify', runId);
    expect(verify.stderr).not.toContain('error');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('verified');
  }, 900_000);
});
