'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { revealClaimPii, type PersonalDetails } from '@/lib/claims/detail';

export type RevealState = { details?: PersonalDetails; error?: string };

/** Reveal is its own permission and its own audit row: the guard runs here, not only on the page. */
export async function revealAction(slug: string, claimId: string, _prev: RevealState, _form: FormData): Promise<RevealState> {
  const { user, settlement } = await requireStaff('pii:reveal', { settlementSlug: slug });
  const details = await revealClaimPii(await getDb(), settlement!, claimId, `staff:${user.id}`);
  return details ? { details } : { error: 'This claim no longer exists.' };
}
