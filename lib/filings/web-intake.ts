import type { Db } from '@/db/client';
import { hitRateLimit, RATE_LIMIT_MESSAGE } from '@/lib/intake/rate-limit';
import type { Settlement } from '@/lib/settlements/service';
import type { FilingMeta, FilingResult } from './intake';
import { fileObjection, type ObjectionFiled, type ObjectionUpload } from './objection';
import { fileOptOut, type OptOutFiled } from './opt-out';
import { MAX_PDF_BYTES, pdfUploadIssue } from './schemas';

/**
 * The public site's exclusion and objection forms, as their server actions run them: the per-IP rate
 * limit first (the same fixed window as claims, each form its own bucket), so a flood is refused before
 * anything is parsed, read or stored. The actions in app/[slug]/{exclude,object} only add the request's
 * IP and the redirect; `limits` lets tests pin the window and the limit.
 */
export const OPT_OUT_RATE_SCOPE = 'opt_out';
export const OBJECTION_RATE_SCOPE = 'objection';

type Limits = { limit?: number; now?: Date };
const refused = { ok: false as const, fieldErrors: { form: [RATE_LIMIT_MESSAGE] } };

async function overLimit(db: Db, scope: string, meta: FilingMeta, limits: Limits): Promise<boolean> {
  // Without a client IP (no proxy header) every such request shares one bucket: still bounded.
  return !(await hitRateLimit(db, scope, meta.ip?.trim() || 'unknown', limits)).allowed;
}

export async function optOutFromWeb(db: Db, settlement: Settlement, values: Record<string, string>, meta: FilingMeta, limits: Limits = {}): Promise<FilingResult<OptOutFiled>> {
  if (await overLimit(db, OPT_OUT_RATE_SCOPE, meta, limits)) return refused;
  return fileOptOut(db, settlement, values, meta);
}

/** `file` is the form's "document" part; browsers send an empty part when no file was chosen. */
export async function objectionFromWeb(
  db: Db,
  settlement: Settlement,
  values: Record<string, string>,
  file: FormDataEntryValue | null,
  meta: FilingMeta,
  limits: Limits = {},
): Promise<FilingResult<ObjectionFiled>> {
  if (await overLimit(db, OBJECTION_RATE_SCOPE, meta, limits)) return refused;
  const part = await readPdfPart(file);
  if (!part.ok) return part;
  return fileObjection(db, settlement, values, part.upload, meta);
}

/**
 * The form's optional PDF part (the public objection form, and staff attaching a scanned paper objection):
 * none, the bytes to check and store, or the error for the "document" field.
 */
export async function readPdfPart(file: FormDataEntryValue | null): Promise<{ ok: true; upload: ObjectionUpload | null } | { ok: false; fieldErrors: { document: string[] } }> {
  // An empty file the person did choose (named .pdf) is an error, not "no attachment".
  if (file instanceof File && file.size === 0 && /\.pdf$/i.test(file.name)) return { ok: false, fieldErrors: { document: ['The file is empty. Choose the PDF again.'] } };
  if (!(file instanceof File) || file.size === 0) return { ok: true, upload: null };
  // The size is checked before the bytes are read.
  const early = file.size > MAX_PDF_BYTES ? pdfUploadIssue({ name: file.name, type: file.type, size: file.size }) : null;
  if (early) return { ok: false, fieldErrors: { document: [early] } };
  return { ok: true, upload: { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) } };
}
