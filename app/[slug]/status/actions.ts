'use server';

import { getDb } from '@/app/_lib/db';
import { requestMeta } from '@/app/_lib/request-meta';
import type { CureResult } from '@/lib/claims/cure';
import type { ClaimStatusView } from '@/lib/claims/status';
import { cureDeficiencyLimited, limitedByClaimId, lookupClaimStatusLimited } from '@/lib/claims/status-lookup-limit';
import { answerDeficiency, appealDenial, type ClaimantResult } from '@/lib/review/claimant';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { findSettlementCached } from '@/lib/settlements/service';
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

export async function cureAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<CureResult> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'cure', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  return cureDeficiencyLimited(db, settlement, { claimId: String(claimId), emailOrZip: String(emailOrZip) }, input);
}

/** The claimant answers a reviewer's request for information (lib/review/claimant.ts). Rate-limited like the cure. */
export async function answerAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ClaimantResult> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'cure', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  const auth = { claimId: String(claimId), emailOrZip: String(emailOrZip) };
  return limitedByClaimId(db, settlement, auth.claimId, () => answerDeficiency(db, settlement, auth, input), new Date());
}

/** A denied claimant asks once for reconsideration. Rate-limited like the cure. */
export async function appealAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ClaimantResult> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'cure', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  const auth = { claimId: String(claimId), emailOrZip: String(emailOrZip) };
  return limitedByClaimId(db, settlement, auth.claimId, () => appealDenial(db, settlement, auth, input), new Date());
}

/** After a payment failed or came back, the claimant chooses another method (lib/disburse/claimant.ts). Rate-limited like the cure; failed proofs count per claim ID. */
export async function changePaymentMethodAction(slug: string, claimId: string, emailOrZip: string, input: unknown): Promise<ChangeMethodResult> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: 'This settlement website could not be found.' };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'cure', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  const auth = { claimId: String(claimId), emailOrZip: String(emailOrZip) };
  return limitedByClaimId(db, settlement, auth.claimId, () => changePaymentMethod(db, settlement, auth, input), new Date());
}
