import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setup, type PrepareBatch, type PreparedRow } from '@/lib/classlist/prepare';
import { openBatchPool } from './workers';

const PREPARE = new URL('../classlist/prepare.ts', import.meta.url);
const init = { enc: randomBytes(32), mac: randomBytes(32), declared: { months_active: { type: 'integer' as const } } };
const batch = (from: number, n: number): PrepareBatch => ({
  cheap: false,
  rows: Array.from({ length: n }, (_, i) => ({ fields: { record_id: `R${from + i}`, email: (from + i) % 5 ? `r${from + i}@example.com` : 'nope', months_active: String(from + i) }, extra: {} })),
});
// Sealing uses a random IV, so compare everything but the sealed contact.
const comparable = (rows: PreparedRow[]) => rows.map((r) => ({ ...r, cells: r.cells && [...r.cells.slice(0, 6), r.cells[7]] }));

describe('batch pool', { timeout: 60_000 }, () => {
  it('runs a task in worker threads, results in submission order, the same as on the main thread', async () => {
    const pool = await openBatchPool<PrepareBatch, PreparedRow[]>(PREPARE, init, 2, setup as never);
    expect(pool.threads).toBe(2);
    const here = setup(init);
    try {
      const sizes = [50, 3, 120, 1, 80, 40];
      let from = 0;
      const expected: PreparedRow[][] = [];
      for (const n of sizes) {
        await pool.submit(batch(from, n));
        expected.push(here(batch(from, n)));
        from += n;
      }
      for (const want of expected) expect(comparable(await pool.take())).toEqual(comparable(want));
    } finally {
      await pool.close();
    }
  });

  it('runs on the main thread when asked for no threads', async () => {
    const pool = await openBatchPool<PrepareBatch, PreparedRow[]>(PREPARE, init, 0, setup as never);
    expect(pool.threads).toBe(0);
    await pool.submit(batch(0, 10));
    expect(comparable(await pool.take())).toEqual(comparable(setup(init)(batch(0, 10))));
  });

  it('reports a task that throws as a failed batch', async () => {
    const pool = await openBatchPool<PrepareBatch, PreparedRow[]>(PREPARE, init, 1, setup as never);
    try {
      await pool.submit({ cheap: false, rows: null as never });
      await expect(pool.take()).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});
