'use server';

import { getDb } from '@/app/_lib/db';
import { requestMeta } from '@/app/_lib/request-meta';
import type { CureResult } from '@/lib/claims/cure';
import type { ClaimStatusView } from '@/lib/claims/status';
import { cureDeficiencyLimited, lookupClaimStatusLimited } from '@/lib/claims/status-lookup-limit';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { findSettlementCached } from '@/lib/settlements/service';

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
