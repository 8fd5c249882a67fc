'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { formValues } from '@/lib/filings/schemas';
import { optOutFromWeb } from '@/lib/filings/web-intake';
import { findSettlementCached } from '@/lib/settlements/service';
import type { FilingFormState } from '../_site/form-parts';
import { requestMeta } from '../_site/client-meta';

/**
 * The "Exclude myself" form's action: the per-IP rate limit comes first (optOutFromWeb), then the
 * service validates and files; on success, show the request ID.
 */
export async function submitOptOut(slug: string, prev: FilingFormState, fd: FormData): Promise<FilingFormState> {
  const db = await getDb();
  const settlement = await findSettlementCached(db, slug);
  if (!settlement) return { fieldErrors: { form: ['This settlement no longer exists.'] }, values: {}, attempt: prev.attempt + 1 };
  const values = formValues(fd);
  const result = await optOutFromWeb(db, settlement, values, await requestMeta());
  if (!result.ok) return { fieldErrors: result.fieldErrors, values, attempt: prev.attempt + 1 };
  redirect(`/${slug}/exclude/done?id=${encodeURIComponent(result.requestId)}`);
}
