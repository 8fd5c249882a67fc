'use server';

import { after } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { requestMeta } from '@/app/_lib/request-meta';
import { fileClaim } from '@/lib/claims/file-claim';
import { noticePrefill, type NoticePrefill } from '@/lib/claims/notice-prefill';
import { parseClaim, type FieldErrors } from '@/lib/claims/schema';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { findSettlementCached } from '@/lib/settlements/service';

type Meta = { token: string; startedAt: number; website: string; deviceId: string };
export type SubmitResult = { ok: true; claimId: string } | { ok: false; errors?: FieldErrors; error?: string };

const NOT_FOUND = 'This settlement website could not be found.';

export async function submitClaimAction(slug: string, values: unknown, meta: Meta): Promise<SubmitResult> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: NOT_FOUND };
  const { ip, userAgent } = await requestMeta();
  if (!(await hitRateLimit(db, 'claim', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  const token = typeof meta?.token === 'string' && /^[A-Za-z0-9-]{16,64}$/.test(meta.token) ? meta.token : null;
  if (!token) return { ok: false, error: 'The form expired. Please reload the page and submit again.' };
  const parsed = parseClaim(settlement.config, values);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const startedAt = Number(meta.startedAt);
  const filed = await fileClaim(db, settlement, parsed.claim, {
    idempotencyKey: token,
    ip,
    userAgent,
    deviceId: typeof meta.deviceId === 'string' ? meta.deviceId.slice(0, 100) : undefined,
    formSeconds: Number.isFinite(startedAt) ? (Date.now() - startedAt) / 1000 : undefined,
    honeypot: typeof meta.website === 'string' && meta.website.trim() !== '',
    channel: 'web',
  });
  // The e-mail goes out after the response: the claimant never waits for (or fails on) SMTP.
  after(() => filed.confirmation);
  return { ok: true, claimId: filed.claimId };
}

export async function lookupNoticeAction(slug: string, noticeId: string, code: string): Promise<{ ok: true; prefill: NoticePrefill } | { ok: false; error: string }> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { ok: false, error: NOT_FOUND };
  const { ip } = await requestMeta();
  if (!(await hitRateLimit(db, 'notice', ip)).allowed) return { ok: false, error: RATE_LIMIT_MESSAGE };
  return noticePrefill(db, settlement, String(noticeId ?? ''), String(code ?? ''));
}
