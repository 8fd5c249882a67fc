import type { Handle } from '@/db/client';
import { env } from '@/lib/env';

/**
 * Whether the web server runs queued jobs in its own process (docs/decisions/0014-job-queue.md):
 * FAIRSHARE_WORKER=1 yes, =0 no; unset: yes on embedded PGlite — the only process allowed on its folder,
 * so nothing else could — and no on PostgreSQL, where `fairshare worker` processes do the work and the
 * web server only queues.
 */
export function serverRunsWorker(kind: Handle['kind']): boolean {
  const v = env().FAIRSHARE_WORKER;
  return v === '1' || (v === undefined && kind === 'pglite');
}

export async function startServerWorker(handle: Handle): Promise<void> {
  if (!serverRunsWorker(handle.kind)) return;
  const { startWorker } = await import('./worker');
  const worker = await startWorker(handle, { pollingIntervalSeconds: 1 });
  if (process.env.NODE_ENV !== 'test') process.stdout.write(`fairshare: running background jobs in this process (${worker.queues.join(', ')})\n`);
}
