import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { cliSandbox, ROOT, type CliSandbox } from '@/lib/testing/cli';

/**
 * One way to fail, seen from a shell script: the real CLI in a subprocess exits 0 on success, 1 on
 * bad input, 2 on a usage error (including an ambiguous settlement) and 70 on an unexpected crash,
 * whose message is short and quotes nothing (lib/errors.ts). And every change names its operator.
 */

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.cli(...args);

beforeAll(async () => {
  sandbox = await cliSandbox('fail');
});
afterAll(async () => sandbox.dispose());

const tiktok = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/settlements/tiktok.json'), 'utf8'));
const CSV = (ref: string) => ['claim_ref,first_name,last_name,email,payment_method,payment_handle', `${ref},Ava,Johnson,ava@example.com,paypal,ava@example.com`].join('\n');

async function auditActors(action: string): Promise<string[]> {
  const h = sandbox.env.DATABASE_URL
    ? await openDb({ url: sandbox.env.DATABASE_URL, migrate: false })
    : await openDb({ pgliteDir: path.join(sandbox.dir, 'data', 'pglite'), migrate: false });
  try {
    const r = await h.db.execute<{ actor: string }>(`select actor from audit_log where action = '${action}' order by id`);
    return (r as unknown as { rows: { actor: string }[] }).rows.map((x) => x.actor);
  } finally {
    await h.close();
  }
}

describe('CLI exit codes and actors', { timeout: 600_000 }, () => {
  it('an unexpected crash exits 70 with a short message that quotes nothing', async () => {
    const saved = { ...sandbox.env };
    // Nothing listens on port 1: the driver throws a connection error no command anticipates.
    sandbox.env.DATABASE_URL = 'postgres://operator:hunter2-secret@127.0.0.1:1/fairshare';
    try {
      const r = await cli('settlement', 'list');
      expect(r.code, r.stderr).toBe(70);
      expect(r.stderr).toMatch(/^internal error: /);
      expect(r.stderr).not.toContain('hunter2');
      expect(r.stderr).not.toContain('127.0.0.1');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      Object.assign(sandbox.env, saved);
      if (!saved.DATABASE_URL) delete sandbox.env.DATABASE_URL;
    }
  });

  it('bad input exits 1, a usage error 2, a malformed setting 78', async () => {
    const broken = sandbox.write('broken.json', JSON.stringify({ ...tiktok, slug: 'first', grossFundCents: 1.5 }));
    const bad = await cli('settlement', 'create', '--file', broken);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('grossFundCents');
    const notJson = await cli('settlement', 'create', '--file', sandbox.write('x.json', '{'));
    expect(notJson.code).toBe(1);

    expect((await cli('frobnicate')).code).toBe(2);
    const none = await cli('claims', 'export', '--out', path.join(sandbox.dir, 'none.csv'));
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toContain('there is no settlement yet');

    sandbox.env.PG_POOL_SIZE = 'lots';
    try {
      const misconfigured = await cli('settlement', 'list');
      expect(misconfigured.code, misconfigured.stderr).toBe(78);
      expect(misconfigured.stderr).toContain('PG_POOL_SIZE');
    } finally {
      delete sandbox.env.PG_POOL_SIZE;
    }
  });

  it('uses the only settlement, refuses to guess between two, and records who ran each change', async () => {
    const created = await cli('settlement', 'create', '--file', sandbox.write('first.json', JSON.stringify({ ...tiktok, slug: 'first' })));
    expect(created.code, created.stderr).toBe(0);

    // One settlement: no --settlement needed. No staff yet: any e-mail is recorded as given.
    const one = await cli('claims', 'import', sandbox.write('a.csv', CSV('A-1')), '--actor', 'ops@example.com');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('into "first"');
    const anon = await cli('claims', 'import', sandbox.write('b.csv', CSV('B-1')));
    expect(anon.code, anon.stderr).toBe(0);

    // The demo adds a second settlement and the demo staff accounts.
    expect((await cli('demo', '--class-size', '30')).code).toBe(0);
    const ambiguous = await cli('claims', 'import', sandbox.write('c.csv', CSV('C-1')));
    expect(ambiguous.code, ambiguous.stderr).toBe(2);
    expect(ambiguous.stderr).toContain('2 settlements exist');
    expect(ambiguous.stderr).toContain('first, tiktok');

    // Staff exist now: --actor must name one of them.
    const stranger = await cli('claims', 'import', sandbox.write('d.csv', CSV('D-1')), '--settlement', 'first', '--actor', 'ops@example.com');
    expect(stranger.code, stranger.stderr).toBe(2);
    expect(stranger.stderr).toContain('is not a staff user');
    sandbox.env.FAIRSHARE_ACTOR = 'admin@fairshare.test';
    try {
      const staff = await cli('claims', 'import', sandbox.write('e.csv', CSV('E-1')), '--settlement', 'first');
      expect(staff.code, staff.stderr).toBe(0);
    } finally {
      delete sandbox.env.FAIRSHARE_ACTOR;
    }

    const actors = await auditActors('claims.import');
    expect(actors).toHaveLength(3);
    expect(actors[0]).toBe('cli:ops@example.com');
    expect(actors[1]).toBe(`cli:${os.userInfo().username}@${os.hostname()}`);
    expect(actors[2]).toMatch(/^staff:[0-9a-f-]{36}$/);
    expect(await auditActors('settlement.create')).toContain(`cli:${os.userInfo().username}@${os.hostname()}`);
  });
});
