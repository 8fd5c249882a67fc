import { AppError } from '@/lib/errors';
import { classListImportJob } from '@/lib/classlist/jobs';
import { disburseFilesJob, disburseMailJob, disburseStripeJob } from '@/lib/disburse/jobs';
import { fraudScoreJob } from '@/lib/fraud/jobs';
import { generateDatasetJob } from '@/lib/generate/jobs';
import { issueNoticesJob, sendNoticesJob } from '@/lib/notices/jobs';
import { payoutsCompute } from '@/lib/payouts/jobs';
import { applyRulesJob, deficienciesJob } from '@/lib/review/jobs';
import { verifyJob } from '@/lib/verification/jobs';
import type { JobDefinition } from './types';

/**
 * Every job a worker knows. Each area exports its JobDefinitions from `lib/<area>/jobs.ts`; adding one
 * here (one import, one entry) is all it takes for `enqueueJob`, `fairshare worker` and the console to
 * run it. Tests may add their own with `registerJob`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJob = JobDefinition<any, Record<string, unknown>>;

const builtIn: AnyJob[] = [generateDatasetJob, classListImportJob, issueNoticesJob, sendNoticesJob, verifyJob, fraudScoreJob, payoutsCompute, applyRulesJob, deficienciesJob, disburseFilesJob, disburseStripeJob, disburseMailJob];

const definitions = new Map<string, AnyJob>(builtIn.map((d) => [d.name, d]));

/** Adds a definition at run time (tests, or an area that registers itself); a name is registered once. */
export function registerJob(def: AnyJob): void {
  const existing = definitions.get(def.name);
  if (existing && existing !== def) throw new Error(`job ${def.name} is already registered`);
  definitions.set(def.name, def);
}

export function jobDefinitions(): AnyJob[] {
  return [...definitions.values()];
}

export function getJobDefinition(name: string): AnyJob {
  const def = definitions.get(name);
  if (!def) throw new AppError('bad_input', `unknown job "${name}" (known: ${[...definitions.keys()].join(', ') || 'none'})`, { field: 'name' });
  return def;
}
