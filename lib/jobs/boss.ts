import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Handle } from '@/db/client';
import { env } from '@/lib/env';
import type { JobDefinition } from './types';

/**
 * pg-boss over the same database as the rest of fairshare (docs/decisions/0014-job-queue.md).
 *
 * - PostgreSQL: pg-boss opens its own small pool on DATABASE_URL's database (the handle's connection
 *   string), so its polling never waits behind the app's pool.
 * - PGlite: pg-boss 10 only needs `db.executeSql(text, values)`. Parameterised statements go through
 *   `query()`; pg-boss's parameterless scripts (migrations, `BEGIN; …; COMMIT` with advisory locks) hold
 *   several statements, which only `exec()` (simple protocol) accepts. PGlite is one connection, so a
 *   failed script would leave the session inside an aborted transaction: it is rolled back.
 */

export const BOSS_SCHEMA = 'pgboss';

const bosses = new WeakMap<Handle, Promise<PgBoss>>();

export type BossOptions = {
  /** Seconds between polls for new jobs (pg-boss 10 has no LISTEN/NOTIFY); min 0.5. */
  pollingIntervalSeconds?: number;
  /** Seconds between maintenance runs (expiring dead workers' jobs, retries, archiving). */
  maintenanceIntervalSeconds?: number;
};

export function pgliteDb(client: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) {
        const r = await client.query(text, values as unknown[]);
        return { rows: r.rows as unknown[] };
      }
      try {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
      } catch (e) {
        await client.exec('ROLLBACK').catch(() => {});
        throw e;
      }
    },
  } as PgBoss.Db;
}

function connectionString(handle: Handle): string | undefined {
  const client = (handle.db as unknown as { $client?: { options?: { connectionString?: string } } }).$client;
  return client?.options?.connectionString;
}

function constructorOptions(handle: Handle, opts: BossOptions): PgBoss.ConstructorOptions {
  const common = {
    schema: BOSS_SCHEMA,
    // fairshare has no cron jobs; the clock-skew monitor and scheduler would only add polling.
    schedule: false,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
    // With FAIRSHARE_MIGRATE=0 the app has no DDL rights: `fairshare db migrate` creates pgboss's schema.
    migrate: env().FAIRSHARE_MIGRATE !== '0',
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
  } as PgBoss.ConstructorOptions;
  if (handle.kind === 'pglite') {
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    return { ...common, db: pgliteDb(client) };
  }
  const url = connectionString(handle);
  if (!url) throw new Error('pg-boss: the PostgreSQL handle has no connection string');
  return { ...common, connectionString: url, max: 4, application_name: 'fairshare-jobs' };
}

/**
 * The started pg-boss for a handle (one per handle and process). `opts` apply only to the first call;
 * a worker that wants a fast poll (tests) calls this before anything enqueues.
 */
export function bossFor(handle: Handle, opts: BossOptions = {}): Promise<PgBoss> {
  let p = bosses.get(handle);
  if (!p) {
    p = (async () => {
      const boss = new PgBoss(constructorOptions(handle, opts));
      // pg-boss reports polling and maintenance errors as events; without a listener Node would throw.
      boss.on('error', (e) => {
        if (process.env.FAIRSHARE_DEBUG === '1') console.error('fairshare jobs: pg-boss:', e);
      });
      await boss.start();
      return boss;
    })();
    bosses.set(handle, p);
    p.catch(() => bosses.delete(handle));
  }
  return p;
}

/** Stops the handle's pg-boss (waiting for its handlers up to `timeoutMs`), before the handle closes. */
export async function stopBoss(handle: Handle, timeoutMs = 10_000): Promise<void> {
  const p = bosses.get(handle);
  if (!p) return;
  bosses.delete(handle);
  const boss = await p.catch(() => undefined);
  await boss?.stop({ graceful: true, timeout: timeoutMs, wait: true, close: true });
}

const created = new WeakMap<PgBoss, Map<string, Promise<void>>>();

export const queueDefaults = { expireInSeconds: 4 * 3600, retryLimit: 3, retryDelaySeconds: 5 };

/**
 * Creates the definition's queue once per process (pg-boss 10's `send` quietly returns null for a queue
 * that does not exist). Two processes creating it at once can race on the unique key: the loser finds it made.
 */
export function ensureQueue(boss: PgBoss, def: JobDefinition<never, Record<string, unknown>> | JobDefinition): Promise<void> {
  let map = created.get(boss);
  if (!map) created.set(boss, (map = new Map()));
  let p = map.get(def.name);
  if (!p) {
    const options = {
      name: def.name,
      expireInSeconds: def.expireInSeconds ?? queueDefaults.expireInSeconds,
      retryLimit: def.retryLimit ?? queueDefaults.retryLimit,
      retryDelay: def.retryDelaySeconds ?? queueDefaults.retryDelaySeconds,
      retryBackoff: false,
    };
    p = (async () => {
      try {
        if (await boss.getQueue(def.name)) await boss.updateQueue(def.name, options);
        else await boss.createQueue(def.name, options);
      } catch (e) {
        if (!(await boss.getQueue(def.name))) throw e;
      }
    })();
    map.set(def.name, p);
    p.catch(() => map.delete(def.name));
  }
  return p;
}

/** Creates or upgrades pg-boss's schema (`fairshare db migrate`), without starting its maintenance. */
export async function migrateBoss(handle: Handle): Promise<void> {
  const boss = new PgBoss({ ...constructorOptions(handle, {}), migrate: true, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, close: true, wait: true });
}
