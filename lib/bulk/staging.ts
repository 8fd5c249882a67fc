import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import * as schema from '@/db/schema';

/**
 * Bulk loads (class-list import, claims import) stream their rows into a TEMP staging table and then
 * merge it into the real tables with a few set-based statements, all in ONE transaction: a problem
 * anywhere rolls back everything, and the staging table vanishes with the transaction (ON COMMIT DROP).
 *
 * On PostgreSQL the rows go through `COPY … FROM STDIN` (pg-copy-streams) on the transaction's own
 * connection, the fastest way into the server. PGlite has no client-side COPY stream, so there the same
 * rows go in as multi-row INSERTs of `batchSize` rows. Either way the caller writes one row at a time and
 * memory stays flat: nothing but the current batch (or the socket buffer) is held.
 */

export type StagingType = 'text' | 'integer' | 'bigint' | 'boolean' | 'timestamptz';
export type StagingColumn = { name: string; type: StagingType };
export type StagingTable = { name: string; columns: readonly StagingColumn[] };
export type Cell = string | number | boolean | null | undefined | Date;

export type Stage = {
  /** Queues one row, values in the table's column order; resolves when the loader can take more. */
  write(row: readonly Cell[]): Promise<void>;
  /** Sends whatever is queued and ends the load; after it the staging table is complete and queryable. */
  finish(): Promise<void>;
  readonly rows: number;
  readonly kind: 'pg' | 'pglite';
};

const IDENT = /^[a-z_][a-z0-9_]*$/;

function createTableSql(t: StagingTable): string {
  for (const id of [t.name, ...t.columns.map((c) => c.name)]) if (!IDENT.test(id)) throw new Error(`bad staging identifier ${id}`);
  return `CREATE TEMP TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`;
}

/** COPY's text format: tab-separated, \N for null, backslash escapes. */
function copyCell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return String(v);
  // Fast path: most cells (hashes, sealed base64, ids) need no escaping.
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function isPgPool(client: unknown): client is import('pg').Pool {
  return !!client && typeof (client as { connect?: unknown }).connect === 'function' && 'totalCount' in (client as object);
}

/**
 * Opens one transaction with a fresh staging table and hands `work` a loader and the transaction.
 * `work`'s result is returned after COMMIT; if it throws, the transaction is rolled back (and on
 * PostgreSQL an unfinished COPY is aborted and its connection discarded).
 */
export async function inStagingTransaction<R>(db: Db, table: StagingTable, work: (stage: Stage, tx: Tx) => Promise<R>, opts: { batchSize?: number } = {}): Promise<R> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (isPgPool(client)) return pgStaging(client, table, work);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(createTableSql(table)));
    return work(pgliteStage(tx, table, opts.batchSize ?? 1000), tx);
  });
}

async function pgStaging<R>(pool: import('pg').Pool, table: StagingTable, work: (stage: Stage, tx: Tx) => Promise<R>): Promise<R> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { from: copyFrom } = await import('pg-copy-streams');
  const conn = await pool.connect();
  let failed: Error | undefined;
  let copy: ReturnType<typeof copyFrom> | null = null;
  try {
    const cdb = drizzle(conn, { schema }) as unknown as Db;
    return await cdb.transaction(async (tx) => {
      await tx.execute(sql.raw(createTableSql(table)));
      let rows = 0;
      let buf = '';
      let done: Promise<unknown> | null = null;
      const open = () => {
        if (copy) return copy;
        copy = conn.query(copyFrom(`COPY ${table.name} (${table.columns.map((c) => c.name).join(', ')}) FROM STDIN`));
        done = new Promise((resolve, reject) => {
          copy!.on('finish', resolve);
          copy!.on('error', reject);
        });
        return copy;
      };
      const flush = async () => {
        if (!buf) return;
        const chunk = buf;
        buf = '';
        if (!open().write(chunk)) await once(copy!, 'drain');
      };
      const stage: Stage = {
        kind: 'pg',
        get rows() {
          return rows;
        },
        async write(row) {
          rows++;
          buf += `${row.map(copyCell).join('\t')}\n`;
          if (buf.length >= 256 * 1024) await flush();
        },
        async finish() {
          await flush();
          if (!copy) return;
          copy.end();
          await done;
          copy = null;
        },
      };
      try {
        return await work(stage, tx);
      } catch (e) {
        if (copy) {
          // Abort the COPY (CopyFail) so the connection leaves copy mode before ROLLBACK.
          const c = copy as ReturnType<typeof copyFrom>;
          copy = null;
          c.destroy(e as Error);
          await (done as Promise<unknown> | null)?.catch(() => {});
        }
        throw e;
      }
    });
  } catch (e) {
    failed = e as Error;
    throw e;
  } finally {
    // A connection whose transaction failed (perhaps mid-COPY) is not reused: release(err) closes it.
    conn.release(failed);
  }
}

function pgliteStage(tx: Tx, table: StagingTable, batchSize: number): Stage {
  let rows = 0;
  let batch: (readonly Cell[])[] = [];
  const cols = sql.raw(`${table.name} (${table.columns.map((c) => c.name).join(', ')})`);
  const flush = async () => {
    if (!batch.length) return;
    const values = batch.map((r) => sql`(${sql.join(r.map((v) => (v === undefined ? null : v instanceof Date ? v.toISOString() : v)).map((v) => sql`${v}`), sql`, `)})`);
    batch = [];
    await tx.execute(sql`INSERT INTO ${cols} VALUES ${sql.join(values, sql`, `)}`);
  };
  return {
    kind: 'pglite',
    get rows() {
      return rows;
    },
    async write(row) {
      rows++;
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    },
    finish: flush,
  };
}
