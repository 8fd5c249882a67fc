import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HeldErrors } from '@/lib/csv/read';

/**
 * The per-row JavaScript of a bulk import (row check, normalise, keyed hashes, sealing) runs in worker
 * threads so it uses every core while the main thread reads the CSV and feeds the COPY. Rows travel in
 * batches; results come back in submission order, and at most `2 × threads` batches are in flight, so
 * memory stays flat whatever the file's size.
 *
 * A task is a module exporting `setup(init) => (batch) => result`, pure apart from its init (a data
 * key, the settlement's configuration). When threads are not wanted (a small upload) or cannot start
 * (a bundler that does not ship the worker entry), the same function runs on the main thread: the result
 * is identical either way, only slower.
 */

export type TaskRunner<I, O> = (input: I) => O;

export type BatchPool<I, O> = {
  /** Queues a batch; resolves (to its result, in order) once `take` is called for it. */
  submit(input: I): Promise<void>;
  /** The oldest submitted batch's result; call once per submit, in order. */
  take(): Promise<O>;
  /** Batches submitted and not yet taken. */
  readonly pending: number;
  /** How many batches may wait before `take` should be called. */
  readonly capacity: number;
  readonly threads: number;
  close(): Promise<void>;
};

/** Worker threads for an import of `bytes` bytes: none for small files (starting a thread costs ~0.3 s). */
export function defaultThreads(bytes: number | undefined): number {
  if (bytes === undefined || bytes < 2_000_000) return 0;
  return Math.max(1, Math.min(os.availableParallelism(), 4));
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const TSCONFIG = new URL('../../tsconfig.json', import.meta.url);

export async function openBatchPool<I, O>(module: URL, init: unknown, threads: number, setupHere: (init: unknown) => TaskRunner<I, O>): Promise<BatchPool<I, O>> {
  const workers = threads > 0 ? await startWorkers(module, init, threads) : [];
  if (!workers.length) {
    // In-thread: each batch is run when it is taken, so nothing piles up.
    const run = setupHere(init);
    const queue: I[] = [];
    return {
      threads: 0,
      capacity: 1,
      get pending() {
        return queue.length;
      },
      async submit(input) {
        queue.push(input);
      },
      async take() {
        return run(queue.shift()!);
      },
      async close() {},
    };
  }

  type Slot = { promise: Promise<O> };
  const order: Slot[] = [];
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const waiting = new Map<number, { resolve: (o: O) => void; reject: (e: Error) => void; worker: Worker }>();
  let nextId = 0;
  let broken: Error | undefined;
  for (const w of workers) {
    w.on('message', (m: { id: number; output?: O; error?: string }) => {
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      load.set(w, load.get(w)! - 1);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.output as O);
    });
    const fail = (e: Error) => {
      broken ??= e;
      for (const [id, job] of waiting) if (job.worker === w) (waiting.delete(id), job.reject(e));
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`import worker stopped (exit code ${code})`)));
  }
  return {
    threads: workers.length,
    capacity: workers.length * 2,
    get pending() {
      return order.length;
    },
    async submit(input) {
      if (broken) throw broken;
      // The least busy worker; batches are the same size, so this keeps both cores fed.
      const w = workers.reduce((a, b) => (load.get(b)! < load.get(a)! ? b : a));
      load.set(w, load.get(w)! + 1);
      const id = nextId++;
      const promise = new Promise<O>((resolve, reject) => waiting.set(id, { resolve, reject, worker: w }));
      promise.catch(() => {}); // rejected ones are reported by take()
      order.push({ promise });
      w.postMessage({ id, input });
    },
    async take() {
      return order.shift()!.promise;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function startWorkers(module: URL, init: unknown, threads: number): Promise<Worker[]> {
  const started = await Promise.all(
    Array.from({ length: threads }, async () => {
      try {
        const w = new Worker(ENTRY, { workerData: { module: module.href, tsconfig: TSCONFIG.pathname, init } });
        const ok = await new Promise<boolean>((resolve) => {
          w.once('message', (m: { ready?: boolean }) => resolve(!!m.ready));
          w.once('error', () => resolve(false));
          w.once('exit', () => resolve(false));
        });
        if (!ok) await w.terminate();
        return ok ? w : null;
      } catch {
        return null;
      }
    }),
  );
  const ok = started.filter((w): w is Worker => w !== null);
  // All or none: a half-started pool would be a slower, surprising configuration.
  if (ok.length < threads) {
    await Promise.all(ok.map((w) => w.terminate()));
    return [];
  }
  return ok;
}

/** Rows per batch: big enough that posting a batch costs little next to its work, small enough to keep memory flat. */
export const ROWS_PER_BATCH = 500;

/**
 * Reads `rows`, sends them through `pool` in batches (`input` makes a batch's message) and calls `each`
 * with every row and its result in file order. The reader's own problem reports (`held`) are released
 * just before the first row read after them, so the error list reads as a one-row-at-a-time loop's.
 * `onRow` sees each row as it is read (progress, which columns are where).
 */
export async function pipeRows<T, I, O>(
  rows: AsyncIterable<T>,
  held: HeldErrors,
  pool: BatchPool<I, O[]>,
  input: (batch: T[]) => I,
  each: (row: T, result: O) => void | Promise<void>,
  onRow?: (row: T) => void | Promise<void>,
): Promise<void> {
  const sent: { rows: T[]; first: number }[] = [];
  let batch: T[] = [];
  const takeOne = async () => {
    const { rows: batchRows, first } = sent.shift()!;
    const results = await pool.take();
    for (let i = 0; i < batchRows.length; i++) {
      held.release(first + i);
      await each(batchRows[i], results[i]);
    }
  };
  const send = async () => {
    await pool.submit(input(batch));
    sent.push({ rows: batch, first: held.rowsRead - batch.length + 1 });
    batch = [];
    while (pool.pending >= pool.capacity) await takeOne();
  };
  for await (const row of rows) {
    held.rowsRead++;
    await onRow?.(row);
    batch.push(row);
    if (batch.length >= ROWS_PER_BATCH) await send();
  }
  if (batch.length) await send();
  while (pool.pending) await takeOne();
  held.release();
}
