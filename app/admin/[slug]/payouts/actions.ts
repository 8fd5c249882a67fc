'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { FreshAuthRequiredError, requireFreshAuth, requireStaff } from '@/app/_lib/auth';
import { failure } from '@/app/_lib/actions';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getHandle } from '@/db/client';
import { runInline } from '@/lib/jobs/run-inline';
import { payoutsCompute } from '@/lib/payouts/jobs';
import { approveRun, createRun, getRun, lockRun } from '@/lib/payouts/service';
import { loadStaffUser } from '@/lib/auth/queries';

/**
 * Payout runs in the console. Computing runs the same job the CLI and the queue run; approving and
 * locking need a fresh password + authenticator check (requireFreshAuth) and, for approval, a second
 * person (lib/payouts/service.ts enforces it whatever the caller).
 */

export async function computeRunAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('payouts:compute', { settlementSlug: slug });
  // Only the page's own form computes a run: a bare post (a stray request, the authorisation matrix's
  // probe) changes nothing, as every console action does on empty input.
  if (form.get('intent') !== 'submit') return { error: 'Use the “Compute a draft run” button to compute a run.' };
  const handle = await getHandle();
  let id: string;
  try {
    const run = await createRun(handle.db, settlement!, {}, `staff:${user.id}`);
    id = run.id;
    await runInline(handle, payoutsCompute, { runId: id }, { actor: `staff:${user.id}` });
  } catch (e) {
    return failure(e);
  }
  revalidatePath(`/admin/${slug}/payouts`);
  redirect(`/admin/${slug}/payouts/${id}`);
}

function freshAuthState(slug: string, runId: string): ActionState {
  return { error: 'Approving money needs you to confirm your password and authenticator code first.', data: { reauth: `/admin/sign-in?fresh=1&next=${encodeURIComponent(`/admin/${slug}/payouts/${runId}`)}` } };
}

export async function approveRunAction(slug: string, runId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  let guarded;
  try {
    guarded = await requireFreshAuth('payouts:approve', { settlementSlug: slug });
  } catch (e) {
    if (e instanceof FreshAuthRequiredError) return freshAuthState(slug, runId);
    throw e;
  }
  const handle = await getHandle();
  const run = await getRun(handle.db, guarded.settlement!.id, runId);
  if (!run) return { error: 'This payout run does not exist.' };
  try {
    const staff = (await loadStaffUser(handle.db, guarded.user.id)) ?? undefined;
    await approveRun(handle.db, run.id, { actor: `staff:${guarded.user.id}`, staff });
  } catch (e) {
    return failure(e);
  }
  revalidatePath(`/admin/${slug}/payouts/${runId}`);
  return { ok: 'Approved.' };
}

export async function lockRunAction(slug: string, runId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  let guarded;
  try {
    guarded = await requireFreshAuth('payouts:approve', { settlementSlug: slug });
  } catch (e) {
    if (e instanceof FreshAuthRequiredError) return freshAuthState(slug, runId);
    throw e;
  }
  const handle = await getHandle();
  const run = await getRun(handle.db, guarded.settlement!.id, runId);
  if (!run) return { error: 'This payout run does not exist.' };
  try {
    const staff = (await loadStaffUser(handle.db, guarded.user.id)) ?? undefined;
    await lockRun(handle.db, run.id, { actor: `staff:${guarded.user.id}`, staff });
  } catch (e) {
    return failure(e);
  }
  revalidatePath(`/admin/${slug}/payouts/${runId}`);
  return { ok: 'Locked.' };
}
