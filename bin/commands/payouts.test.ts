import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, type Handle } from '@/db/client';
import { createStaffUser } from '@/lib/auth/users';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';
import { createSettlement } from '@/lib/settlements/service';
import tiktok from '@/docs/settlements/tiktok.json';

/** The payouts commands as an administrator runs them (INTERFACES.md §1): exit codes, --json, two people. */
let box: CliSandbox;

async function open(): Promise<Handle> {
  return box.env.DATABASE_URL ? openDb({ url: box.env.DATABASE_URL }) : openDb({ pgliteDir: path.join(box.env.FAIRSHARE_DATA_DIR!, 'pglite') });
}

beforeAll(async () => {
  box = await cliSandbox('payouts_cli');
  process.env.FAIRSHARE_MASTER_KEY = box.env.FAIRSHARE_MASTER_KEY;
  const h = await open();
  const s = await createSettlement(h.db, { ...tiktok, grossFundCents: 10_000_001, deductions: {} }, 'test');
  await h.db.execute(sql`insert into claims (settlement_id, claim_id, claim_ref, status, tier, requested_tier, units, payment_method, pii, payment, email_hash)
    select ${s.id}, 'FS-' || g, 'REF-' || g, 'approved', case when g % 5 = 0 then 'illinois' else 'nationwide' end, 'nationwide',
      case when g % 5 = 0 then 6 else 1 end, 'paypal', 'x', 'x', 'h' || g from generate_series(1, 1000) g`);
  for (const email of ['ann@example.com', 'bob@example.com'])
    await createStaffUser(h.db, { email, name: email, password: 'a-long-password-for-tests', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', role: 'finance', allSettlements: true }, 'test');
  await h.close();
}, 120_000);
afterAll(async () => box?.dispose());

describe('fairshare payouts', () => {
  it('compute → approve by a second person → export → verify → report', async () => {
    const dry = await box.cli('--json', 'payouts', 'compute', '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).allocatedCents).toBe(10_000_001);

    const computed = await box.cli('--json', '--actor', 'ann@example.com', 'payouts', 'compute');
    expect(computed.code).toBe(0);
    const out = JSON.parse(computed.stdout);
    expect(out.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.allocated_cents).toBe(10_000_001);
    expect(out.per_tier.illinois.claims).toBe(200);

    const self = await box.cli('--actor', 'ann@example.com', 'payouts', 'approve', out.run_id);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('second person');
    const bad = await box.cli('--actor', 'bob@example.com', 'payouts', 'approve', 'not-a-run');
    expect(bad.code).toBe(2);
    const ok = await box.cli('--actor', 'bob@example.com', 'payouts', 'approve', out.run_id);
    expect(ok.code).toBe(0);

    const file = path.join(box.dir, 'payments.csv');
    const exported = await box.cli('payouts', 'export', out.run_id, '--out', file);
    expect(exported.code).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('claim_id,claim_ref,tier,units,amount_cents,payment_method,status');
    expect(lines.slice(1).reduce((t, l) => t + Number(l.split(',')[4]), 0)).toBe(10_000_001);

    const verified = await box.cli('payouts', 'verify', out.run_id);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(out.inputs_hash);

    const report = await box.cli('report', 'payout-run', '--run', out.run_id, '--format', 'json', '--out', path.join(box.dir, 'run.json'));
    expect(report.code).toBe(0);
    expect(fs.readFileSync(path.join(box.dir, 'run.json'), 'utf8')).toContain(out.inputs_hash);
  }, 300_000);
});
