import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { auditLog } from '@/db/schema';

/**
 * `fairshare audit verify` in a subprocess, as an auditor runs it: exit 0 on an intact hash chain; after
 * someone edits a row's details with plain SQL, exit 1 naming that row (QUALITY.md's tamper drill).
 * PGlite in a temporary folder by default; with DATABASE_URL set, a fresh PostgreSQL database.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | undefined;

type Run = { code: number; stdout: string; stderr: string };
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/fairshare.mjs', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairshare-audit-'));
  env = { ...process.env, FAIRSHARE_DATA_DIR: path.join(dir, 'data'), FAIRSHARE_MASTER_KEY: randomBytes(32).toString('base64'), FAIRSHARE_TIMING: '0' };
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  const admin = process.env.DATABASE_URL;
  if (admin) {
    const { Client } = await import('pg');
    const name = `fairshare_audit_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDb = async () => {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    };
  } else delete env.DATABASE_URL;
});
afterAll(async () => {
  await dropDb?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

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
