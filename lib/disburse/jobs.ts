import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { FILE_RAILS } from './lifecycle';
import { railsConfigSchema } from './rails-config';
import { disburse, type DisburseFile } from './service';
import { env } from '@/lib/env';
import { stripeClient } from './stripe/client';
import { disburseStripe } from './stripe/send';
import { findSettlement } from '@/lib/settlements/service';
import { sendPaymentMail } from './payment-mail';

/**
 * `disburse.files`: one file-rail disbursement of a run (lib/disburse/service.ts). Idempotent and
 * resumable by construction: a second delivery, or a restart after a kill, finds the intent in the
 * database and writes the same stored bytes, or finds nothing new and writes nothing.
 */

export const disburseParams = z.object({
  runId: z.uuid(),
  rail: z.enum(FILE_RAILS),
  /** A file (one-file batches), or a folder (ending in "/" or existing) the files go into under their names. */
  out: z.string().min(1).optional(),
  /** Prefix of the default file names (the settlement's slug). */
  prefix: z.string().max(60).default(''),
  rails: railsConfigSchema,
  effectiveDate: z.iso.date().optional(),
  limit: z.number().int().min(1).optional(),
});
export type DisburseParams = z.infer<typeof disburseParams>;

/** Where each file of a batch goes: see `out` above; several files with a file `out` become OUT-STEM-NAME. */
export function filePaths(files: { name: string }[], out: string | undefined, prefix: string): string[] {
  const named = (n: string) => (prefix ? `${prefix}-${n}` : n);
  if (!out) return files.map((f) => path.resolve(named(f.name)));
  const isDir = out.endsWith('/') || out.endsWith(path.sep) || (fs.existsSync(out) && fs.statSync(out).isDirectory());
  if (isDir) return files.map((f) => path.resolve(out, named(f.name)));
  if (files.length === 1) return [path.resolve(out)];
  const ext = path.extname(out);
  const stem = ext ? out.slice(0, -ext.length) : out;
  return files.map((f) => path.resolve(`${stem}-${f.name}`));
}

/** Writes each file whole or not at all (a temporary name, then a rename), so a kill never leaves half a file. */
export async function writeFiles(files: DisburseFile[], out: string | undefined, prefix: string): Promise<string> {
  const paths = filePaths(files, out, prefix);
  for (const [i, f] of files.entries()) {
    fs.mkdirSync(path.dirname(paths[i]), { recursive: true });
    const tmp = `${paths[i]}.partial`;
    await fs.promises.writeFile(tmp, f.data, { mode: 0o600 });
    await fs.promises.rename(tmp, paths[i]);
  }
  return paths.join(', ');
}

/**
 * The crash drill's seams (bin/commands/disburse-crash.test.ts, docs/reliability.md): with
 * FAIRSHARE_DISBURSE_KILL_AT=after-intent|after-write the process kills itself with SIGKILL at that
 * point, exactly as a power cut would — no finally blocks, no flush; FAIRSHARE_DISBURSE_PAUSE_MS waits that
 * long at each point (bench/disburse-kill.ts). Both unset in production.
 */
async function crashSeam(point: 'after-intent' | 'after-write'): Promise<void> {
  if (process.env.FAIRSHARE_DISBURSE_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
  // The random-kill drill widens the windows between the steps so its kills land in them too.
  const pause = Number(process.env.FAIRSHARE_DISBURSE_PAUSE_MS ?? 0);
  if (pause > 0) await new Promise((r) => setTimeout(r, Math.min(pause, 10_000)));
}

export const disburseFilesJob: JobDefinition<DisburseParams, Record<string, unknown>> = {
  name: 'disburse.files',
  title: 'Disburse a payout run (file rail)',
  permission: 'disbursements:run',
  params: disburseParams,
  async run(ctx, p) {
    const r = await disburse(ctx.handle.db, p.runId, {
      rail: p.rail,
      actor: ctx.actor,
      rails: p.rails,
      effectiveDate: p.effectiveDate,
      limit: p.limit,
      write: (files) => writeFiles(files, p.out, p.prefix),
      afterIntent: () => crashSeam('after-intent'),
      afterWrite: () => crashSeam('after-write'),
    });
    await ctx.progress(r.batches.reduce((n, b) => n + b.payments, 0), undefined, 'payments written');
    return r as unknown as Record<string, unknown>;
  },
};

export const disburseStripeParams = z.object({
  runId: z.uuid(),
  rails: railsConfigSchema,
  limit: z.number().int().min(1).optional(),
});
export type DisburseStripeParams = z.infer<typeof disburseStripeParams>;

/**
 * `disburse.stripe`: the Stripe rail (lib/disburse/stripe/send.ts). Safe to deliver twice or to restart
 * after a kill: the intent is in the database and every queued attempt is resolved by asking Stripe
 * before anything is sent; what was sent is never sent again.
 */
export const disburseStripeJob: JobDefinition<DisburseStripeParams, Record<string, unknown>> = {
  name: 'disburse.stripe',
  title: 'Disburse a payout run (Stripe Global Payouts)',
  permission: 'disbursements:run',
  params: disburseStripeParams,
  async run(ctx, p) {
    if (!p.rails.stripe) throw new AppError('bad_input', 'the stripe rail needs its settings ("stripe": { "financialAccount": "fa_…" } in the --rails file)');
    const e = env();
    const r = await disburseStripe(ctx.handle.db, p.runId, {
      actor: ctx.actor,
      stripe: stripeClient({ secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE }),
      settings: p.rails.stripe,
      limit: p.limit,
      afterIntent: () => crashSeam('after-intent'),
      // "after-write" for an API rail: Stripe made the payment, its answer is not recorded yet.
      afterSend: () => crashSeam('after-write'),
    });
    await ctx.progress(r.sent + r.found, undefined, 'payments sent');
    return r as unknown as Record<string, unknown>;
  },
};

/**
 * `disburse.mail`: sends the queued "your payment did not arrive" e-mails of a settlement
 * (lib/disburse/payment-mail.ts). At most once per failed or returned attempt, whatever re-runs.
 */
export const disburseMailJob: JobDefinition<{ settlement: string }, { settlement: string; sent: number; failed: number }> = {
  name: 'disburse.mail',
  title: 'E-mail claimants whose payment failed or came back',
  permission: 'disbursements:run',
  params: z.object({ settlement: z.string().min(1) }),
  async run(ctx, p) {
    const s = await findSettlement(ctx.handle.db, p.settlement);
    if (!s) throw new AppError('not_found', `no settlement "${p.settlement}"`);
    return { settlement: s.slug, ...(await sendPaymentMail(ctx.handle.db, s)) };
  },
};

