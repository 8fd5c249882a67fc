import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDb } from '@/db/client';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';

/**
 * `fairshare doctor` as an administrator runs it: exit 0 on a settlement with imported claims, 1 naming a
 * hand-corrupted count. (The demo with its activity passing doctor is lib/claims/doctor.test.ts: built in
 * a subprocess on a PGlite folder it takes minutes on a shared 2-core machine.)
 */

let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await cliSandbox('doctor');
});
afterAll(async () => sandbox.dispose());

describe('fairshare doctor', { timeout: 300_000 }, () => {
  it('passes on a settlement with imported claims, and fails naming a corrupted row', async () => {
    const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
    const created = await sandbox.cli('settlement', 'create', '--file', sandbox.write('s.json', JSON.stringify(tiktok)));
    expect(created, created.stderr).toMatchObject({ code: 0 });
    const csv = ['claim_ref,first_name,last_name,email,payment_method,payment_handle,street,city,state,zip', 'D-1,Ava,Johnson,ava@example.com,paypal,ava@example.com,,,,', 'D-2,Liam,Garcia,liam@example.com,check,,1 Main St,Boston,MA,02134'].join('\n');
    const imported = await sandbox.cli('claims', 'import', sandbox.write('c.csv', csv), '--settlement', 'tiktok');
    expect(imported, imported.stderr).toMatchObject({ code: 0 });

    const ok = await sandbox.cli('doctor', '--settlement', 'tiktok', '--json');
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ ok: true, settlement: 'tiktok' });
    expect(report.checks.length).toBeGreaterThanOrEqual(6);

    // Corrupt one row with the CLI stopped (PGlite allows one process per folder).
    const h = await openDb(sandbox.env.DATABASE_URL ? { url: sandbox.env.DATABASE_URL } : { pgliteDir: path.join(sandbox.env.FAIRSHARE_DATA_DIR!, 'pglite') });
    await h.db.execute(sql`update claim_stats set claims = claims + 3 where ctid = (select ctid from claim_stats where claims > 0 limit 1)`);
    await h.close();

    const bad = await sandbox.cli('doctor');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL claim_stats agrees with the claims \(1\)/);
    expect(bad.stdout).toMatch(/ok   deficient claims are exactly those with an open deficiency/);
    expect(bad.stderr).toMatch(/1 check failed: claim_stats agrees with the claims/);

    const unknown = await sandbox.cli('doctor', '--settlement', 'nope');
    expect(unknown.code).toBe(2);
  });
});
