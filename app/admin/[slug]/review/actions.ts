'use server';
import { revalidatePath } from 'next/cache';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { bulkDecide, cancelBulk, confirmBulk, type BulkScope } from '@/lib/review/bulk';
import { parseQueueFilter } from '@/lib/review/queue';
import { applyRules } from '@/lib/review/apply-rules';

const fail = (e: unknown): ActionState => {
  if (e instanceof AppError) return { error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined };
  throw e;
};
const n = (x: number) => x.toLocaleString('en-US');

/**
 * A bulk decision for a cluster or the queue's current filter (the form carries the filter as hidden
 * fields). Large denials come back as pending: a second reviewer confirms them below. Guarded: claims:decide.
 */
export async function bulkDecideAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  const cluster = Number(form.get('scopeCluster') ?? '');
  const scope: BulkScope = Number.isInteger(cluster) && cluster > 0 ? { clusterId: cluster } : { filter: parseQueueFilter(Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('f_')).map(([k, v]) => [k.slice(2), String(v)]))) };
  if (form.get('confirmScope') !== 'yes') return { error: 'Tick the box to confirm you checked the claims this will decide.', fieldErrors: { confirmScope: 'Confirm the selection.' } };
  try {
    const r = await bulkDecide(await getDb(), settlement!, scope, { decision: form.get('decision'), reasonCodes: form.getAll('reasonCodes').map(String) }, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/review`);
    return r.status === 'pending'
      ? { ok: `${n(r.count)} claims to deny: more than the settlement allows without a second reviewer. The denial waits for another reviewer to confirm it.`, data: { pendingId: r.pendingId } }
      : { ok: `${n(r.decided)} claims decided${r.skipped ? `, ${n(r.skipped)} skipped (decided meanwhile)` : ''}.` };
  } catch (e) {
    return fail(e);
  }
}

export async function confirmBulkAction(slug: string, id: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  try {
    const r = await confirmBulk(await getDb(), settlement!, id, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/review`);
    return { ok: `Confirmed: ${n(r.decided)} claims denied${r.skipped ? `, ${n(r.skipped)} skipped (decided meanwhile)` : ''}.` };
  } catch (e) {
    return fail(e);
  }
}

export async function cancelBulkAction(slug: string, id: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  try {
    await cancelBulk(await getDb(), settlement!, id, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/review`);
    return { ok: 'Cancelled: no claim was decided.' };
  } catch (e) {
    return fail(e);
  }
}

/**
 * "Apply the automatic rules": the same code as `fairshare review apply-rules`, in the request (set-based
 * pages of 1,000; a first run over millions of claims belongs to the CLI or the job). Guarded: claims:decide.
 */
export async function applyRulesAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  // Only the button's own form runs it: a bare post changes nothing.
  if (form.get('run') !== 'apply-rules') return { error: 'Use the “Apply the automatic rules” button.' };
  const c = await applyRules(await getDb(), settlement!, { actor: `staff:${user.id}` });
  revalidatePath(`/admin/${slug}/review`);
  return { ok: `${n(c.approved)} approved, ${n(c.denied)} denied; ${n(c.leftForPeople)} left for reviewers.` };
}
