import { getHandle, type Handle } from '@/db/client';
import { AppError, cliFailure } from '@/lib/errors';
import { findSettlement, type Settlement } from '@/lib/settlements/service';

/** Plumbing shared by every command: exit codes, errors, progress, the database. INTERFACES.md §1. */

/** A malformed command (unknown option, missing or ambiguous --settlement…): exit 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('usage', message);
  }
}
/** Bad input: printed as-is (it already names file, line and column) and exits 1. */
export class InputError extends AppError {
  constructor(message: string, details: string[] = []) {
    super('bad_input', message, { details });
  }
}

export type GlobalOpts = { json?: boolean; settlement?: string };

export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const started = Date.now();
    let code = 0;
    try {
      await fn(...args);
    } catch (e) {
      code = reportError(e);
    } finally {
      const h = globalThis as unknown as { __fairshareDb?: Promise<Handle> };
      if (h.__fairshareDb) await (await h.__fairshareDb.catch(() => null))?.close();
    }
    if (code === 0 && process.env.FAIRSHARE_TIMING !== '0') process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.exitCode = code;
  };
}

/** Every failure goes through lib/errors.ts: one mapping of codes to exit codes (0/1/2/70/78). */
export function reportError(e: unknown): number {
  const { code, lines } = cliFailure(e, { debug: process.env.FAIRSHARE_DEBUG === '1' });
  for (const l of lines) process.stderr.write(`${l}\n`);
  return code;
}

export async function db() {
  return (await getHandle()).db;
}

export async function requireSettlement(slug: string | undefined): Promise<Settlement> {
  const s = slug ?? process.env.FAIRSHARE_SETTLEMENT ?? 'tiktok';
  const found = await findSettlement(await db(), s);
  if (!found) throw new UsageError(`no settlement "${s}" (see \`fairshare settlement list\`)`);
  return found;
}

export function print(opts: GlobalOpts, value: unknown, human: () => string): void {
  process.stdout.write(opts.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** A progress line on stderr at most every second, for work that may take longer than ~2 s. */
export function progress(label: string, total?: number) {
  const started = Date.now();
  // The first line appears after a second, so quick work prints only its summary.
  let last = started;
  let printed = false;
  const tty = process.stderr.isTTY;
  return {
    tick(done: number) {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      printed = true;
      const rate = Math.round(done / ((now - started) / 1000));
      const pct = total ? ` ${((100 * done) / total).toFixed(1)}%` : '';
      process.stderr.write(`${tty ? '\r' : ''}${label}: ${done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''}${pct} (${rate.toLocaleString('en-US')}/s)${tty ? '' : '\n'}`);
    },
    end() {
      if (tty && printed) process.stderr.write('\n');
    },
  };
}
