'use server';

import { getDb } from '@/app/_lib/db';
import { requestMeta } from '@/app/_lib/request-meta';
import type { Db } from '@/db/client';
import { cureDeficiency, type CureResult } from '@/lib/claims/cure';
import type { ClaimStatusView } from '@/lib/claims/status';
import { limitedByClaimId, lookupClaimStatusLimited } from '@/lib/claims/status-lookup-limit';
import { answerDeficiency, appealDenial, type ClaimantResult } from '@/lib/review/claimant';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { findSettlementCached, type Settlement } from '@/lib/settlements/service';
import { changePaymentMethod, type ChangeMethodResult } from '@/lib/disburse/claimant';

export async function lookupStatusAction(slug: string, claimId: string, emailOrZip: string): Promise<{ ok: true; view: ClaimStatusView } | { ok: false; error: string }> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  if (!String(claimId ?? '').trim() || !String(emailOrZip ?? '').trim()) return { ok: false, error: 'Enter your claim ID and the e-mail address or ZIP code on your claim.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'status', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  return lookupClaimStatusLimited(db, settlement, String(claimId), String(emailOrZip));
}

type ClaimAuth = { claimId: string; emailOrZip: string };

/**
 * What every claimant form after the look-up shares: the settlement, the per-address limit (the `cure`
 * bucket) and the per-claim-ID failure limit around the use case, so a guesser gets no more tries by
 * switching forms.
 */
async function asClaimant<R extends { ok: boolean; error?: string }>(
  slug: string,
  claimId: string,
  emailOrZip: string,
  use: (db: Db, settlement: Settlement, auth: ClaimAuth) => Promise<R>,
): Promise<R | { ok: false; error: string }> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'cure', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  const auth = { claimId: String(claimId), emailOrZip: String(emailOrZip) };
  return limitedByClaimId(db, settlement, auth.claimId, () => use(db, settlement, auth), new Date());
}

export async function cureAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<CureResult> {
  return asClaimant(slug, claimId, emailOrZip, (db, s, auth) => cureDeficiency(db, s, auth, input));
}

/** The claimant answers a reviewer's request for information (lib/review/claimant.ts). */
export async function answerAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ClaimantResult> {
  return asClaimant(slug, claimId, emailOrZip, (db, s, auth) => answerDeficiency(db, s, auth, input));
}

/** A denied claimant asks once for reconsideration. */
export async function appealAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ClaimantResult> {
  return asClaimant(slug, claimId, emailOrZip, (db, s, auth) => appealDenial(db, s, auth, input));
}

/** After a payment failed or came back, the claimant chooses another method (lib/disburse/claimant.ts). */
export async function changePaymentMethodAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ChangeMethodResult> {
  return asClaimant(slug, claimId, emailOrZip, (db, s, auth) => changePaymentMethod(db, s, auth, input));
}
