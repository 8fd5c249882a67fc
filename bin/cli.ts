import os from 'node:os';
import { z } from 'zod';
import { getHandle, type Handle } from '@/db/client';
import { AppError, cliFailure } from '@/lib/errors';
import { findSettlement, listSettlements, type Settlement } from '@/lib/settlements/service';
import { findStaffByEmail, listStaff, loadStaffUser, type StaffUser } from '@/lib/auth/queries';
import { env } from '@/lib/env';
import cliProgress from 'cli-progress';
import { runInline } from '@/lib/jobs/run-inline';
import { createRun, markFailed, markSucceeded, progressWriter } from '@/lib/jobs/runs';
import type { JobDefinition } from '@/lib/jobs/types';

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

export type GlobalOpts = { json?: boolean; settlement?: string; actor?: string };

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

/**
 * The settlement a command works on: `--settlement SLUG`, else FAIRSHARE_SETTLEMENT, else the only
 * settlement in the database. With several and none named, guessing could import a mail batch into
 * the wrong case, so it is a usage error listing the slugs (INTERFACES.md §1).
 */
export async function requireSettlement(slug: string | undefined): Promise<Settlement> {
  const named = slug ?? env().FAIRSHARE_SETTLEMENT;
  if (named) {
    const found = await findSettlement(await db(), named);
    if (!found) throw new UsageError(`no settlement "${named}" (see \`fairshare settlement list\`)`);
    return found;
  }
  const all = await listSettlements(await db());
  if (all.length === 1) return all[0];
  if (all.length === 0) throw new UsageError('there is no settlement yet: create one with `fairshare settlement create --file …` (or `fairshare demo`)');
  throw new UsageError(`${all.length} settlements exist; say which with --settlement SLUG (one of: ${all.map((s) => s.slug).join(', ')})`);
}

/** Who runs the command when nobody is named: the operating-system account and machine, never bare "cli". */
export function defaultActor(): string {
  let user = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  try {
    user = os.userInfo().username || user;
  } catch {
    // No passwd entry (some containers): the environment's name will do.
  }
  return `cli:${user}@${os.hostname()}`;
}

export type Actor = { actor: string; staff?: StaffUser };

/**
 * The actor recorded in audit rows for a command that changes something: `--actor EMAIL`, else
 * FAIRSHARE_ACTOR, else `cli:<os user>@<host>`. A named actor must be an active staff user once any
 * staff user exists (recorded as `staff:<id>`, the same actor the console records, so two-person rules
 * can compare them); before the first staff account exists it is recorded as `cli:<email>`.
 */
export async function resolveActor(opts: GlobalOpts): Promise<Actor> {
  const given = opts.actor?.trim() || env().FAIRSHARE_ACTOR;
  if (!given) return { actor: defaultActor() };
  if (!z.email().safeParse(given).success) throw new UsageError('--actor must be the e-mail address of a staff user');
  const d = await db();
  const row = await findStaffByEmail(d, given);
  if (row) {
    if (row.disabled) throw new UsageError(`--actor ${given}: that staff account is disabled`);
    return { actor: `staff:${row.id}`, staff: (await loadStaffUser(d, row.id)) ?? undefined };
  }
  if ((await listStaff(d)).length > 0) throw new UsageError(`--actor ${given} is not a staff user (see \`fairshare users list\`)`);
  return { actor: `cli:${given}` };
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

/**
 * Runs a job in this process (INTERFACES.md §1: work over ~2 s shows progress), recorded as a job_runs
 * row (via 'cli') so the console's Jobs page shows it beside the queue's runs. On a terminal the bar is
 * cli-progress's, with the total and ETA; otherwise `progress()` prints a line a second.
 */
export async function runJobHere<P, R extends Record<string, unknown>>(
  def: JobDefinition<P, R>,
  params: P,
  actor: string,
  label = def.name,
  opts: { settlementId?: string | null } = {},
): Promise<R> {
  const handle = await getHandle();
  const parsed = def.params.safeParse(params);
  const runId = await createRun(handle.db, {
    name: def.name,
    params: (parsed.success ? parsed.data : params) as Record<string, unknown>,
    actor,
    settlementId: opts.settlementId,
    via: 'cli',
    status: 'running',
  });
  const writer = progressWriter(handle.db, runId, 1000);
  const bar = jobBar(label);
  // Ctrl-C aborts the job's signal first, so it stops between batches and the row says so.
  // A second Ctrl-C exits at once (130), for a job that does not check its signal.
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort(new Error('interrupted'));
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runInline(handle, def, params, {
      actor,
      signal: controller.signal,
      onProgress: (done, total, note) => {
        bar.tick(done, total, note);
        void writer.report(done, total, note).catch(() => {});
      },
    });
    await writer.flush();
    await markSucceeded(handle.db, runId, result);
    return result;
  } catch (e) {
    await writer.flush().catch(() => {});
    await markFailed(handle.db, runId, e instanceof Error ? e.message : String(e), true).catch(() => {});
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    bar.end();
  }
}

/** A progress bar with total and ETA on a terminal (cli-progress), the plain line-a-second `progress()` elsewhere. */
function jobBar(label: string) {
  if (!process.stderr.isTTY) {
    let line: ReturnType<typeof progress> | undefined;
    let lineTotal: number | undefined;
    return {
      tick(done: number, total?: number, _note?: string) {
        if (!line || total !== lineTotal) {
          line = progress(label, total);
          lineTotal = total;
        }
        line.tick(done);
      },
      end: () => line?.end(),
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {note}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    tick(done: number, total?: number, note?: string) {
      if (!started) {
        bar.start(total ?? 0, done, { note: note ?? '' });
        started = true;
      }
      if (total !== undefined) bar.setTotal(total);
      bar.update(done, { note: note ?? '' });
    },
    end: () => started && bar.stop(),
  };
}
