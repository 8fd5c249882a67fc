'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { enterPaperClaim } from '@/lib/claims/paper';
import type { FieldErrors } from '@/lib/claims/schema';

export type PaperState = { ok?: string; claimId?: string; late?: boolean; errors?: FieldErrors; values?: Record<string, unknown> };

/** Staff key in a paper claim form. Guarded here: claims:enter (admin, case manager). */
export async function enterPaperClaimAction(slug: string, _prev: PaperState, form: FormData): Promise<PaperState> {
  const { user, settlement } = await requireStaff('claims:enter', { settlementSlug: slug });
  const str = (k: string) => String(form.get(k) ?? '');
  const raw = {
    postmarkDate: str('postmarkDate'),
    mailReference: str('mailReference'),
    usResident: str('usResident'),
    usedApp: str('usedApp'),
    filingFor: str('filingFor') || 'self',
    firstName: str('firstName'),
    lastName: str('lastName'),
    guardianName: str('guardianName'),
    street: str('street'),
    city: str('city'),
    state: str('state'),
    zip: str('zip'),
    email: str('email'),
    phone: str('phone'),
    usernames: form.getAll('usernames').map(String).filter((u) => u.trim()),
    noticeId: str('noticeId'),
    confirmationCode: str('confirmationCode'),
    attestations: form.getAll('attestations').map(String),
    paymentMethod: str('paymentMethod'),
    paypalEmail: str('paypalEmail'),
    venmoHandle: str('venmoHandle'),
    zelleContact: str('zelleContact'),
    cardEmail: str('cardEmail'),
    achRouting: str('achRouting'),
    achAccount: str('achAccount'),
    achAccountConfirm: str('achAccountConfirm'),
    achAccountType: str('achAccountType'),
    signature: str('signature'),
    declaration: form.get('declaration') === 'on',
  };
  const r = await enterPaperClaim(await getDb(), settlement!, raw, `staff:${user.id}`);
  // What was typed goes back with the errors (React resets the form after an action): never the account number.
  if (!r.ok) return { errors: r.errors, values: { ...raw, achAccount: '', achAccountConfirm: '' } };
  return {
    ok: r.claim.created ? `Paper claim ${r.claim.claimId} entered${r.claim.late ? ' — postmarked after the deadline, so it is late' : ''}.` : `This form was already entered as ${r.claim.claimId}; nothing was added.`,
    claimId: r.claim.claimId,
    late: r.claim.late,
  };
}
