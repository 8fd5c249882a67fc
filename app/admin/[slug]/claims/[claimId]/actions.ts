'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { revalidatePath } from 'next/cache';
import type { ActionState } from '@/app/admin/_components/action-form';
import { revealClaimPii, type PersonalDetails } from '@/lib/claims/detail';
import { AppError } from '@/lib/errors';
import { reviewMatch } from '@/lib/verification/review';

export type RevealState = { details?: PersonalDetails; error?: string };

/** Reveal is its own permission and its own audit row: the guard runs here, not only on the page. */
export async function revealAction(slug: string, claimId: string, _prev: RevealState, _form: FormData): Promise<RevealState> {
  const { user, settlement } = await requireStaff('pii:reveal', { settlementSlug: slug });
  const details = await revealClaimPii(await getDb(), settlement!, claimId, `staff:${user.id}`);
  return details ? { details } : { error: 'This claim no longer exists.' };
}

/** A reviewer confirms or rejects a probable (name + address) match. Guarded here: claims:decide. */
export async function reviewMatchAction(slug: string, claimId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  const decision = form.get('decision');
  if (decision !== 'confirm' && decision !== 'reject') return { error: 'Choose confirm or reject.' };
  try {
    const r = await reviewMatch(await getDb(), settlement!, claimId, decision, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/claims/${claimId}`);
    return { ok: decision === 'confirm' ? `Match confirmed: the claim is now ${r.status}.` : `Match rejected: the claim is now ${r.status?.replace('_', ' ')}.` };
  } catch (e) {
    if (e instanceof AppError) return { error: e.message };
    throw e;
  }
}
