import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { classMembers } from '@/db/schema';
import { NOTICE_PREFIX, newPublicId } from '@/lib/claims/claim-id';
import { ensureDemo } from '@/lib/demo/service';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { noticeIdVerdict } from './genuine';

let h: Handle;
let s: Settlement;
let issued: string;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  const [m] = await h.db
    .select({ noticeId: classMembers.noticeId })
    .from(classMembers)
    .where(and(eq(classMembers.settlementId, s.id), isNotNull(classMembers.noticeId)))
    .limit(1);
  issued = m.noticeId!;
});
afterAll(async () => h.close());

describe('noticeIdVerdict', () => {
  it('recognises a Notice ID we issued, however it is typed', async () => {
    expect(await noticeIdVerdict(h.db, s.id, issued)).toBe('issued');
    expect(await noticeIdVerdict(h.db, s.id, issued.toLowerCase().replace(/-/g, ' '))).toBe('issued');
  });
  it('a well-formed Notice ID we did not issue', async () => {
    let other = newPublicId(NOTICE_PREFIX);
    while (other === issued) other = newPublicId(NOTICE_PREFIX);
    expect(await noticeIdVerdict(h.db, s.id, other)).toBe('not_issued');
  });
  it('a mistyped or made-up one is malformed (the check character catches a single typo)', async () => {
    const typo = issued.slice(0, 2) + (issued[2] === 'A' ? 'B' : 'A') + issued.slice(3);
    expect(await noticeIdVerdict(h.db, s.id, typo)).toBe('malformed');
    expect(await noticeIdVerdict(h.db, s.id, 'hello')).toBe('malformed');
  });
  it('a Notice ID of another settlement is not ours', async () => {
    expect(await noticeIdVerdict(h.db, '00000000-0000-0000-0000-000000000000', issued)).toBe('not_issued');
  });
});
