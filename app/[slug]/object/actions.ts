'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { formValues } from '@/lib/filings/schemas';
import { objectionFromWeb } from '@/lib/filings/web-intake';
import { findSettlementCached } from '@/lib/settlements/service';
import type { FilingFormState } from '../_site/form-parts';
import { requestMeta } from '../_site/client-meta';

/**
 * The "Object" form's action: the per-IP rate limit comes first (objectionFromWeb), before the optional
 * PDF is size-checked and read; then the service validates and files.
 */
export async function submitObjection(slug: string, prev: FilingFormState, fd: FormData): Promise<FilingFormState> {
  const attempt = prev.attempt + 1;
  const db = await getDb();
  const settlement = await findSettlementCached(db, slug);
  if (!settlement) return { fieldErrors: { form: ['This settlement no longer exists.'] }, values: {}, attempt };
  const values = formValues(fd);
  const result = await objectionFromWeb(db, settlement, values, fd.get('document'), await requestMeta());
  if (!result.ok) return { fieldErrors: result.fieldErrors, values, attempt };
  redirect(`/${slug}/object/done?id=${encodeURIComponent(result.objectionId)}`);
}
