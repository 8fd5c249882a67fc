import { randomBytes } from 'node:crypto';
import { openDb, type Handle } from '@/db/client';
import { createScratchDatabase } from './scratch-db';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or — when
 * DATABASE_URL is set (CI's PostgreSQL run) — a new database created on that server and dropped after.
 */
export async function openTestDb(): Promise<Handle> {
  process.env.FAIRSHARE_MASTER_KEY ??= randomBytes(32).toString('base64');
  const admin = process.env.DATABASE_URL;
  if (!admin) return openDb({ pgliteDir: 'memory://' });
  const scratch = await createScratchDatabase(admin);
  const handle = await openDb({ url: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}
