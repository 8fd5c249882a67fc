'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { fileObjection, type ObjectionUpload } from '@/lib/filings/objection';
import { formValues, MAX_PDF_BYTES, pdfUploadIssue } from '@/lib/filings/schemas';
import { findSettlement } from '@/lib/settlements/service';
import type { FilingFormState } from '../_site/form-parts';
import { requestMeta } from '../_site/client-meta';

/** The "Object" form's action. The optional PDF is checked for size before its bytes are read. */
export async function submitObjection(slug: string, prev: FilingFormState, fd: FormData): Promise<FilingFormState> {
  const attempt = prev.attempt + 1;
  const db = await getDb();
  const settlement = await findSettlement(db, slug);
  if (!settlement) return { fieldErrors: { form: ['This settlement no longer exists.'] }, values: {}, attempt };
  const values = formValues(fd);
  const file = fd.get('document');
  let upload: ObjectionUpload | null = null;
  // With no file chosen, browsers still send an empty part; an empty file the person did choose is an error.
  if (file instanceof File && file.size === 0 && /\.pdf$/i.test(file.name)) return { fieldErrors: { document: ['The file is empty. Choose the PDF again.'] }, values, attempt };
  if (file instanceof File && file.size > 0) {
    const early = file.size > MAX_PDF_BYTES ? pdfUploadIssue({ name: file.name, type: file.type, size: file.size }) : null;
    if (early) return { fieldErrors: { document: [early] }, values, attempt };
    upload = { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
  }
  const result = await fileObjection(db, settlement, values, upload, await requestMeta());
  if (!result.ok) return { fieldErrors: result.fieldErrors, values, attempt };
  redirect(`/${slug}/object/done?id=${encodeURIComponent(result.objectionId)}`);
}
