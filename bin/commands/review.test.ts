import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { cliSandbox, type CliSandbox } from '@/lib/testing/cli';

/** `fairshare review apply-rules` as an administrator runs it: the counts, then nothing on a second run. */

let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await cliSandbox('review');
});
afterAll(async () => sandbox.dispose());

describe('fairshare review', { timeout: 240_000 }, () => {
  it('applies the automatic rules, prints the counts, and is idempotent', async () => {
    expect((await sandbox.cli('demo', '--class-size', '30')).code).toBe(0);
    // Mark some demo claims as scored: clean and verified, or recommended for denial on an allowed criterion.
    const url = sandbox.env.DATABASE_URL;
    const h = await openDb(url ? { url, migrate: false } : { pgliteDir: path.join(sandbox.env.FAIRSHARE_DATA_DIR!, 'pglite'), migrate: false });
    try {
      await h.db.execute(sql`update claims set fraud_action = 'none', fraud_score = 1000, verification_status = 'matched'
        where id in (select id from claims where status in ('received', 'under_review') order by id limit 4)`);
      await h.db.execute(sql`update claims set fraud_action = 'recommend_deny', fraud_score = 200, fraud_reasons = '{NOT_IN_CLASS}', verification_status = 'unmatched'
        where id in (select id from claims where status in ('received', 'under_review') and fraud_action is null order by id limit 2)`);
    } finally {
      await h.close();
    }
    const first = await sandbox.cli('review', 'apply-rules', '--settlement', 'tiktok');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^applied the automatic review rules to "tiktok": 4 approved, 2 denied, [\d,]+ left for reviewers/);
    const again = await sandbox.cli('--json', 'review', 'apply-rules', '--settlement', 'tiktok');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ settlement: 'tiktok', approved: 0, denied: 0 });
    const bad = await sandbox.cli('review', 'apply-rules', '--settlement', 'nope');
    expect(bad.code).toBe(2);
    // The daily deficiency job: the demo's six weeks of activity leave deficient claims whose cure period ended.
    const d = await sandbox.cli('review', 'deficiencies', '--settlement', 'tiktok');
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/^deficiencies of "tiktok": [\d,]+ uncured claims denied \(DEFICIENCY_NOT_CURED\), [\d,]+ reminders queued, [\d,]+ letters sent, 0 refused/);
    const rerun = await sandbox.cli('--json', 'review', 'deficiencies', '--settlement', 'tiktok');
    expect(JSON.parse(rerun.stdout)).toMatchObject({ expired: 0, remindersQueued: 0, sent: 0 });
  });
});
