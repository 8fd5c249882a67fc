'use server';

import { getDb } from '@/app/_lib/db';
import { requestMeta } from '@/app/_lib/request-meta';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import { noticeIdVerdict } from '@/lib/notices/genuine';
import { checkSender } from '@/lib/settlements/authenticity';
import { findSettlementCached } from '@/lib/settlements/service';
import { officialChannelsOf } from './official';

export type CheckState = { tone: 'ok' | 'warn' | 'danger' | 'error'; message: string; input: string } | null;

/** Both checks share one modest per-address limit: a person checks a letter or two, a scraper many. */
const CHECKS_PER_MINUTE = 10;

async function limited(kind: string): Promise<string | null> {
  const db = await getDb();
  const { ip } = await requestMeta();
  return (await hitRateLimit(db, `authenticity-${kind}`, ip, { limit: CHECKS_PER_MINUTE })).allowed ? null : RATE_LIMIT_MESSAGE;
}

/** Form action (progressive enhancement: works as a plain POST without JavaScript). */
export async function checkNoticeAction(slug: string, _prev: CheckState, form: FormData): Promise<CheckState> {
  const input = String(form.get('noticeId') ?? '').slice(0, 40);
  if (!input.trim()) return { tone: 'error', message: 'Enter the Notice ID printed on your notice, like N-7K3M-9QX2-D.', input };
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { tone: 'error', message: 'This settlement website could not be found.', input };
  const busy = await limited('notice');
  if (busy) return { tone: 'error', message: busy, input };
  switch (await noticeIdVerdict(db, settlement.id, input)) {
    case 'issued':
      return { tone: 'ok', message: 'Genuine: the Settlement Administrator issued this Notice ID for this settlement. You can use it to file your claim on this website.', input };
    case 'not_issued':
      return { tone: 'danger', message: 'We did not issue this Notice ID. Do not follow the instructions in that message, and do not give it any personal or bank details.', input };
    case 'malformed':
      return { tone: 'warn', message: 'This is not a valid Notice ID. Check it for a typing mistake: a real one looks like N-7K3M-9QX2-D.', input };
  }
}

export async function checkSenderAction(slug: string, _prev: CheckState, form: FormData): Promise<CheckState> {
  const input = String(form.get('sender') ?? '').slice(0, 500);
  if (!input.trim()) return { tone: 'error', message: 'Paste the sender of the e-mail, for example “Settlement Administrator <info@example.com>”.', input };
  const db = await getDb();
  const settlement = await findSettlementCached(db, String(slug));
  if (!settlement) return { tone: 'error', message: 'This settlement website could not be found.', input };
  const busy = await limited('sender');
  if (busy) return { tone: 'error', message: busy, input };
  const v = checkSender(input, officialChannelsOf(settlement.config));
  switch (v.verdict) {
    case 'official':
      return { tone: 'ok', message: `Genuine: ${v.address} is an address the Settlement Administrator sends from. Links in a genuine e-mail lead only to this website.`, input };
    case 'lookalike':
      return { tone: 'danger', message: `Not genuine: ${v.address} imitates our address at ${v.imitates}. Do not click its links or reply; forward it to us if you can.`, input };
    case 'unknown':
      return { tone: 'danger', message: `We do not send e-mail from ${v.address}. Treat the message as not coming from the Settlement Administrator.`, input };
    case 'invalid':
      return { tone: 'error', message: 'We could not find an e-mail address in what you pasted. Paste the “From” line of the e-mail.', input };
  }
}
