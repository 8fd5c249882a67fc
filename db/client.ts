import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema';
import { env } from '../lib/env';

/**
 * The one way into the database. DATABASE_URL set → PostgreSQL through node-postgres;
 * unset → embedded PGlite in .data/pglite (FAIRSHARE_DATA_DIR overrides; "memory://" for tests).
 */

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Services accept either the database or an open transaction. */
export type Queryable = Db | Tx;

export type Handle = {
  db: Db;
  kind: 'pg' | 'pglite';
  /** Runs a script of several statements without parameters (simple query protocol). */
  exec: (script: string) => Promise<void>;
  close: () => Promise<void>;
};

const MIGRATIONS = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');
/** Idempotent SQL drizzle-kit cannot generate (functions, triggers), applied after the migrations in name order. */
const EXTRA_SQL = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'sql');

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.FAIRSHARE_DATA_DIR ?? '.data');
}

export async function openDb(opts: { url?: string; pgliteDir?: string; migrate?: boolean } = {}): Promise<Handle> {
  const url = opts.url ?? process.env.DATABASE_URL;
  const handle = url ? await openPg(url) : await openPglite(opts.pgliteDir ?? path.join(dataDir(), 'pglite'));
  if (opts.migrate !== false) await migrateDb(handle);
  return handle;
}

async function openPg(url: string): Promise<Handle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, max: env().PG_POOL_SIZE });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pg',
    exec: async (script) => {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}

async function openPglite(dir: string): Promise<Handle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => {} : lockFolder(dir);
  const client = inMemory ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exec: async (script) => {
      await client.exec(script);
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite takes no lock of its own and a second process corrupts the folder (STACK.md pitfall 1),
 * so the folder is claimed with a pid file and a clear message names the holder.
 */
function lockFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(path.dirname(dir), `${path.basename(dir)}.pid`);
  try {
    const holder = Number(fs.readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${holder} (probably \`npm run dev\`). ` +
          'Stop it first, or set DATABASE_URL to use PostgreSQL, which many processes can share.',
      );
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.writeFileSync(lock, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock);
    } catch {}
  };
  process.once('exit', release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function migrateDb(handle: Handle): Promise<void> {
  if (handle.kind === 'pg') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS });
  }
  const files = fs.existsSync(EXTRA_SQL) ? fs.readdirSync(EXTRA_SQL).filter((f) => f.endsWith('.sql')).sort() : [];
  for (const f of files) await handle.exec(fs.readFileSync(path.join(EXTRA_SQL, f), 'utf8'));
}

/** Rows of a raw `db.execute(sql…)`: node-postgres and PGlite both return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A PostgreSQL array literal of these values, to pass a whole column as ONE parameter
 * (`= any(${pgArray(ids)}::bigint[])`, `unnest(${pgArray(a)}::text[], …)`). Drizzle expands a JS array in
 * `sql` into one parameter per element, and building and binding tens of thousands of those cost more
 * than the statement itself. Works the same on node-postgres and PGlite.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const cell = (v: string | number | null | undefined) =>
    v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, '\\$&')}"`;
  return `{${values.map(cell).join(',')}}`;
}

const globalForDb = globalThis as unknown as { __fairshareDb?: Promise<Handle> };

/**
 * The process-wide handle used by the web app and the CLI. Kept on globalThis so Next's module
 * reloading in development never opens the PGlite folder twice.
 */
export function getHandle(): Promise<Handle> {
  // FAIRSHARE_MIGRATE=0: the process connects as an application role that may not run DDL (the owner
  // runs `fairshare db migrate`; docs/decisions/0010-audit-anchors.md).
  globalForDb.__fairshareDb ??= openDb({ migrate: process.env.FAIRSHARE_MIGRATE !== '0' }).catch((e) => {
    globalForDb.__fairshareDb = undefined;
    throw e;
  });
  return globalForDb.__fairshareDb;
}

export async function getDb(): Promise<Db> {
  return (await getHandle()).db;
}

/** True when the database answers a trivial query (health checks). */
export async function isReachable(db: Db): Promise<boolean> {
  const { sql } = await import('drizzle-orm');
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
