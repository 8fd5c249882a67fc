import type { Handle } from '@/db/client';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from './types';

/**
 * Runs a job's code in this process, now (the CLI's default and the embedded PGlite mode). The queue
 * (pg-boss) calls the same `run`, so a job behaves the same wherever it runs.
 */
export async function runInline<P, R extends Record<string, unknown>>(
  handle: Handle,
  def: JobDefinition<P, R>,
  rawParams: unknown,
  opts: { actor: string; onProgress?: (done: number, total?: number, note?: string) => void; signal?: AbortSignal },
): Promise<R> {
  const parsed = def.params.safeParse(rawParams);
  if (!parsed.success) throw new AppError('bad_input', `${def.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return def.run(
    {
      handle,
      actor: opts.actor,
      signal: opts.signal ?? new AbortController().signal,
      progress: async (done, total, note) => opts.onProgress?.(done, total, note),
    },
    parsed.data,
  );
}
