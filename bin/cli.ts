import { ZodError } from 'zod';
import { getHandle, type Handle } from '@/db/client';
import { describeIssues } from '@/lib/settlements/config';
import { findSettlement, type Settlement } from '@/lib/settlements/service';

/** Plumbing shared by every command: exit codes, errors, progress, the database. INTERFACES.md §1. */

export class UsageError extends Error {}
/** Bad input: printed as-is (it already names file, line and column) and exits 1. */
export class InputError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
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

function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`usage error: ${e.message}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    process.stderr.write(`error: ${e.message}\n`);
    // Imports cap their own lists (first 100 problems and a count of the rest); this is only a backstop.
    for (const d of e.details.slice(0, 200)) process.stderr.write(`  ${d}\n`);
    if (e.details.length > 200) process.stderr.write(`  … and ${e.details.length - 200} more\n`);
    return 1;
  }
  if (e instanceof ZodError) {
    process.stderr.write('error: invalid input\n');
    for (const d of describeIssues(e)) process.stderr.write(`  ${d}\n`);
    return 1;
  }
  process.stderr.write(`error: ${(e as Error).message ?? e}\n`);
  return 1;
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
