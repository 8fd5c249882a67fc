'use server';
import { forbidden } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { requireStaff } from '@/app/_lib/auth';
import { failure } from '@/app/_lib/actions';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getHandle } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { cancelJob, enqueueJob } from '@/lib/jobs/queue';
import { getRun } from '@/lib/jobs/runs';
import { getJobDefinition } from '@/lib/jobs/registry';

/**
 * Starts any registered job that may be started from the console (its definition's `fromConsole`),
 * after checking the job's own permission. The form sends `job` and the job's console inputs; the
 * server builds the params. Answers with the new run's id, which the page shows as a <JobProgress>.
 */
export async function startJobAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('jobs:run', { settlementSlug: slug });
  try {
    const name = String(form.get('job') ?? '');
    const def = getJobDefinition(name);
    if (!can(user.role, def.permission ?? 'jobs:run')) forbidden();
    if (!def.fromConsole) throw new AppError('bad_input', `${def.title ?? def.name} cannot be started from the console`, { field: 'job' });
    const raw = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'job' && !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v)]));
    const parsed = def.fromConsole.input.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const i of parsed.error.issues) fieldErrors[String(i.path[0] ?? 'job')] ??= i.message;
      return { error: 'Please correct the fields marked below.', fieldErrors };
    }
    const params = def.fromConsole.toParams(parsed.data, { settlementId: settlement!.id });
    const runId = await enqueueJob(await getHandle(), def.name, params, { actor: `staff:${user.id}`, settlementId: settlement!.id });
    revalidatePath(`/admin/${slug}/jobs`);
    return { ok: `${def.title ?? def.name}: queued.`, data: { runId } };
  } catch (e) {
    return failure(e);
  }
}

/** Cancels a queued or running run of this settlement (the job's own permission applies, as for starting it). */
export async function cancelJobAction(slug: string, runId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('jobs:run', { settlementSlug: slug });
  try {
    const handle = await getHandle();
    const run = /^[0-9a-f-]{36}$/i.test(runId) ? await getRun(handle.db, runId) : undefined;
    if (!run || run.settlementId !== settlement!.id) throw new AppError('not_found', 'There is no such job run.');
    const def = getJobDefinition(run.name);
    if (!can(user.role, def.permission ?? 'jobs:run')) forbidden();
    const changed = await cancelJob(handle, runId, { actor: `staff:${user.id}` });
    revalidatePath(`/admin/${slug}/jobs`);
    return changed ? { ok: 'Cancelled.' } : { error: 'This run has already ended.' };
  } catch (e) {
    return failure(e);
  }
}
