import fs from 'node:fs';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';
import { openDb } from '@/db/client';
import { auditLog } from '@/db/schema';

/**
 * `fairshare audit verify` in a subprocess, as an auditor runs it: exit 0 on an intact hash chain; after
 * someone edits a row's details with plain SQL, exit 1 naming that row (QUALITY.md's tamper drill).
 * PGlite in a temporary folder by default; with DATABASE_URL set, a fresh PostgreSQL database.
 */

let sandbox: CliSandbox;
let dir: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => sandbox.cli(...args);

/** The same database the CLI uses, opened only while no CLI process runs (PGlite is single-process). */
async function withDb<T>(fn: (h: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const h = await openDb({ url: env.DATABASE_URL, pgliteDir: path.join(dir, 'data', 'pglite'), migrate: false });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  sandbox = await cliSandbox('audit');
  ({ dir, env } = sandbox);
});
afterAll(async () => sandbox.dispose());

const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));

describe('fairshare audit verify', { timeout: 180_000 }, () => {
  it('exits 0 on an intact chain, and 1 naming the row after its details were edited with SQL', async () => {
    expect((await cli('db', 'migrate')).code).toBe(0);
    for (const slug of ['first', 'second', 'third']) {
      const file = path.join(dir, `${slug}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...tiktok, slug, name: `Settlement ${slug}` }));
      const created = await cli('settlement', 'create', '--file', file);
      expect(created.code, created.stderr).toBe(0);
    }
    const rows = await withDb((h) => h.db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id)));
    expect(rows.length).toBeGreaterThanOrEqual(3);

    const intact = await cli('audit', 'verify');
    expect(intact, intact.stderr).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain(`audit log intact: ${rows.length} rows, hash chain verified`);
    const json = await cli('--json', 'audit', 'verify');
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, rows: rows.length });

    // Someone with database access quietly rewrites what a middle row says happened.
    const target = rows[1].id;
    await withDb((h) => h.exec(`update audit_log set details = details || '{"name":"Quietly renamed"}'::jsonb where id = ${target}`));

    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit log broken at row ${target}: the row was edited (2 rows checked)`);
    expect(broken.stdout).not.toContain('intact');
  });
});
