import { randomBytes } from 'node:crypto';
import { openDb, type Handle } from '@/db/client';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or — when
 * DATABASE_URL is set (CI's PostgreSQL run) — a new database created on that server and dropped after.
 */
export async function openTestDb(): Promise<Handle> {
  process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
  const admin = process.env.DATABASE_URL;
  if (!admin) return openDb({ pgliteDir: 'memory://' });
  const { Client } = await import('pg');
  const name = `fairshare_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString() });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}
