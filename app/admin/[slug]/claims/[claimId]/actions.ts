'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { revalidatePath } from 'next/cache';
import type { ActionState } from '@/app/admin/_components/action-form';
import { revealClaimPii, type PersonalDetails } from '@/lib/claims/detail';
import { AppError } from '@/lib/errors';
import { reviewMatch } from '@/lib/verification/review';
import { addNote, assignClaim, reviewDecide } from '@/lib/review/decide';

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

const fail = (e: unknown): ActionState => {
  if (e instanceof AppError) return { error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined };
  throw e;
};

/** Approve, deny or request information (lib/review/decide.ts). Guarded here: claims:decide. */
export async function decideAction(slug: string, claimId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  const decision = String(form.get('decision') ?? '');
  const input =
    decision === 'deny'
      ? { decision, reasonCodes: form.getAll('reasonCodes').map(String), why: String(form.get('why') ?? '') || undefined }
      : decision === 'request_info'
        ? { decision, reasonCode: String(form.get('reasonCode') ?? ''), message: String(form.get('message') ?? '') }
        : { decision, why: String(form.get('why') ?? '') || undefined };
  try {
    const r = await reviewDecide(await getDb(), settlement!, claimId, input, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/claims/${claimId}`);
    return { ok: `Decision recorded: the claim is now ${r.status.replace('_', ' ')}.`, data: { decided: true } };
  } catch (e) {
    return fail(e);
  }
}

/** A staff-only note (never shown to the claimant). Guarded: claims:decide. */
export async function noteAction(slug: string, claimId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  try {
    await addNote(await getDb(), settlement!, claimId, String(form.get('note') ?? ''), `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/claims/${claimId}`);
    return { ok: 'Note added.' };
  } catch (e) {
    return fail(e);
  }
}

/** Assigns the claim to a reviewer by e-mail, or to oneself, or clears it. Guarded: claims:decide. */
export async function assignAction(slug: string, claimId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('claims:decide', { settlementSlug: slug });
  const raw = String(form.get('assignee') ?? '').trim();
  const assignee = raw === 'me' ? user.email : raw || null;
  try {
    const to = await assignClaim(await getDb(), settlement!, claimId, assignee, `staff:${user.id}`);
    revalidatePath(`/admin/${slug}/claims/${claimId}`);
    return { ok: to ? `Assigned to ${to}.` : 'Unassigned.' };
  } catch (e) {
    return fail(e);
  }
}
