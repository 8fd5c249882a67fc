import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { NOTICE_PREFIX, parsePublicId } from '@/lib/claims/claim-id';

/**
 * "Is this Notice ID one we issued?" for the anti-phishing page. The answer says only whether the
 * administrator issued that Notice ID for this settlement — never whose it is, whether it was claimed,
 * or anything of the record — so it helps a person judge a letter without telling a scammer more than
 * the letter already does. The caller rate-limits it (40-bit IDs are not guessable at that rate).
 */
export type NoticeVerdict = 'issued' | 'not_issued' | 'malformed';

export async function noticeIdVerdict(db: Queryable, settlementId: string, raw: string): Promise<NoticeVerdict> {
  const noticeId = parsePublicId(String(raw ?? '').slice(0, 40), NOTICE_PREFIX);
  if (!noticeId) return 'malformed';
  const [row] = await db
    .select({ id: classMembers.id })
    .from(classMembers)
    .where(and(eq(classMembers.settlementId, settlementId), eq(classMembers.noticeId, noticeId)))
    .limit(1);
  return row ? 'issued' : 'not_issued';
}
