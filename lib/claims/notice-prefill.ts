import type { Queryable } from '@/db/client';
import { CLASS_PII, type ClassRecord } from '@/lib/classlist/members';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { findByNotice } from '@/lib/verification/match';
import { NOTICE_PREFIX, parsePublicId } from './claim-id';

/**
 * Notice ID + confirmation code → a MASKED prefill, enough for the claimant to recognise their notice
 * and nothing someone holding a stolen notice could use: initials, a masked e-mail and the state. The
 * record's usage facts (e.g. whether it supports the Illinois tier) are never revealed, so the form
 * cannot be used to learn which statement would pay more. The claim then carries the Notice ID and code
 * so the server matches the record itself.
 */

export const NOTICE_NOT_FOUND = 'We could not find a notice with that Notice ID and confirmation code. Check both and try again.';

export type NoticePrefill = { noticeId: string; firstInitial: string; lastInitial: string; maskedEmail: string | null; state: string | null };

export async function noticePrefill(
  db: Queryable,
  settlement: Settlement,
  rawNoticeId: string,
  rawCode: string,
): Promise<{ ok: true; prefill: NoticePrefill } | { ok: false; error: string }> {
  const noticeId = parsePublicId(String(rawNoticeId ?? ''), NOTICE_PREFIX);
  const code = String(rawCode ?? '').replace(/[\s-]/g, '');
  if (!noticeId || !/^[A-Za-z0-9]{4,12}$/.test(code)) return { ok: false, error: NOTICE_NOT_FOUND };
  const key = await settlementKey(db, settlement.id);
  const record = await findByNotice(db, key, settlement.id, noticeId, code);
  if (!record) return { ok: false, error: NOTICE_NOT_FOUND };
  const pii = decryptJson<Omit<ClassRecord, 'recordId' | 'attributes'>>(key, record.pii, CLASS_PII);
  return {
    ok: true,
    prefill: {
      noticeId,
      firstInitial: pii.firstName ? `${pii.firstName[0]}.` : '',
      lastInitial: pii.lastName ? `${pii.lastName[0]}.` : '',
      maskedEmail: pii.email ? maskEmail(pii.email) : null,
      state: pii.state && /^[A-Z]{2}$/.test(pii.state) ? pii.state : null,
    },
  };
}
