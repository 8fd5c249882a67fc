'use server';
import { revalidatePath } from 'next/cache';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { runVerification } from '@/lib/verification/batch';

/**
 * "Verify new and changed claims": the batch verification (the same code as `fairshare verify` and the
 * verify.run job). Guarded here: claims:decide. Runs in the request — incremental runs touch only what
 * changed; a first run over millions of claims belongs to the CLI or the job queue.
 */
export async function runVerificationAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  // Only the Verify button's own form runs it: a bare post (a stray request, the authorisation matrix's
  // probe) changes nothing, as every console action does on empty input.
  if (form.get('run') !== 'verify') return { error: 'Use the “Verify new and changed claims” button to run the verification.' };
  const c = await runVerification(await getDb(), settlement!, { actor: `staff:${user.id}` });
  revalidatePath(`/admin/${slug}/claims`);
  const by = Object.entries(c.byStatus)
    .map(([k, n]) => `${k.replace('_', ' ')} ${n.toLocaleString('en-US')}`)
    .join(' · ');
  return { ok: `Checked ${c.checked.toLocaleString('en-US')} claims, ${c.changed.toLocaleString('en-US')} changed. Now: ${by}.` };
}
