import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'pg';
import { openDb, type Db, type Handle } from '@/db/client';
import * as schema from '@/db/schema';
import { createScratchDatabase } from '@/lib/testing/scratch-db';
import { appendAudit, verifyAuditChain } from './service';

/**
 * PostgreSQL only (roles are the server's): the application role of db/roles/app-role.sql can append to
 * and read the audit log, and cannot change or remove a row even when the owner has switched the
 * append-only triggers off, nor switch them off itself.
 */
const admin = process.env.DATABASE_URL;

describe.skipIf(!admin)('the application role on PostgreSQL', () => {
  const role = `fairshare_app_t${randomBytes(4).toString('hex')}`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let owner: Handle;
  let app: Client;
  let appDb: Db;

  const run = async (url: string, statement: string) => {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(admin!, 'fairshare_role');
    owner = await openDb({ url: scratch.url });
    await run(admin!, `create role ${role} nologin`);
    const grants = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'db', 'roles', 'app-role.sql'), 'utf8').replaceAll('fairshare_app', role);
    await owner.exec(grants);
    const { Client } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    app = new Client({ connectionString: scratch.url });
    await app.connect();
    await app.query(`set role ${role}`);
    appDb = drizzle(app, { schema }) as unknown as Db;
  });
  afterAll(async () => {
    await app?.end();
    await owner?.close();
    await scratch?.drop();
    await run(admin!, `drop role if exists ${role}`);
  });

  const refusal = (statement: string) => app.query(statement).then(() => 'accepted', (e: Error) => e.message);

  it('appends and reads; UPDATE, DELETE and TRUNCATE are refused even with the triggers off', async () => {
    for (let i = 0; i < 3; i++) await appDb.transaction((tx) => appendAudit(tx, { actor: 'staff:app', action: 'test.step', details: { i } }));
    const { rows } = await app.query<{ n: number }>('select count(*)::int as n from audit_log');
    expect(rows[0].n).toBe(3);

    await owner.exec('alter table audit_log disable trigger user');
    try {
      expect(await refusal(`update audit_log set actor = 'x'`)).toMatch(/permission denied for table audit_log/);
      expect(await refusal('delete from audit_log')).toMatch(/permission denied for table audit_log/);
      expect(await refusal('truncate audit_log')).toMatch(/permission denied for table audit_log/);
      // Nor can the application role switch the triggers back off once they are on.
      expect(await refusal('alter table audit_log enable trigger user')).toMatch(/must be owner of table audit_log/);
    } finally {
      await owner.exec('alter table audit_log enable trigger user');
    }
    expect(await refusal('alter table audit_log disable trigger user')).toMatch(/must be owner of table audit_log/);
    expect(await verifyAuditChain(owner.db)).toEqual({ ok: true, rows: 3 });
  });
});
