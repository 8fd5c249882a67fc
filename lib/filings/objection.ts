import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { objections } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { NOTICE_PREFIX, OBJECTION_PREFIX, newPublicId, parsePublicId } from '@/lib/claims/claim-id';
import { sendMail } from '@/lib/mail/send';
import { encryptBytes, encryptJson, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseEmail } from '@/lib/privacy/normalise';
import { isTimely } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { objectionConfirmation } from './confirmations';
import { sealIntake, type FilingMeta, type FilingResult, type PaperIntake } from './intake';
import { hasOptOutForEmail } from './queries';
import { fieldErrorsOf, objectionSchema, paperObjectionSchema, pdfUploadIssue, type ObjectionInput } from './schemas';
import { PDFDocument } from '@cantoo/pdf-lib';
import { OBJECTION_DOCUMENT, OBJECTION_PII, sealDocumentName, type ObjectionPii } from './sealed';

export { OBJECTION_DOCUMENT, OBJECTION_PII, type ObjectionPii };

export const OBJECTION_INTAKE = 'objections.intake';


export type ObjectionUpload = { name: string; type: string; bytes: Buffer };

export type ObjectionFiled = { objectionId: string; late: boolean; duplicate: boolean; alsoExcluded: boolean };

/** Asked of the form when the email already has a request for exclusion and the person has not acknowledged it. */
export const EXCLUDED_OBJECTOR_MESSAGE =
  'Our records show a request for exclusion from this email address. Excluded class members cannot object: if you remain excluded, the Court may not consider your objection. To object instead, contact the administrator to withdraw your exclusion. Check the box below to file your objection anyway.';

/**
 * Files an objection. An objection from someone who also asked to be excluded is not refused: it is a
 * filing addressed to the Court, which decides its effect. The person is told first (the form asks for
 * an explicit acknowledgement) and the administrator's objection report joins on the email hash to show
 * the conflict, so the record is never silently dropped or silently accepted.
 * `paper`: a mailed objection keyed in by staff (lib/filings/paper.ts), timely by its postmark.
 */
export async function fileObjection(
  db: Db,
  settlement: Settlement,
  raw: unknown,
  upload: ObjectionUpload | null,
  meta: FilingMeta & { now?: Date; paper?: PaperIntake } = {},
): Promise<FilingResult<ObjectionFiled>> {
  const paper = meta.paper;
  const parsed = (paper ? paperObjectionSchema : objectionSchema).safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const uploadIssue = upload ? pdfUploadIssue({ name: upload.name, type: upload.type, size: upload.bytes.length, head: upload.bytes.subarray(0, 5) }) : null;
  if (uploadIssue) errors.document = [uploadIssue];
  else if (upload && !(await isParsablePdf(upload.bytes))) errors.document = [NOT_A_PDF];
  if (!parsed.success || errors.document) return { ok: false, fieldErrors: errors };
  const input = parsed.data;
  const noticeId = input.noticeId ? parsePublicId(input.noticeId, NOTICE_PREFIX) : null;
  if (input.noticeId && !noticeId) return { ok: false, fieldErrors: { noticeId: ['This Notice ID is not valid. Check it against your notice, or leave it blank.'] } };

  const config = settlement.config;
  const now = meta.now ?? new Date();
  const key = await settlementKey(db, settlement.id);
  const emailHash = keyedHash(key, 'email', normaliseEmail(input.email));
  const alsoExcluded = await hasOptOutForEmail(db, settlement.id, emailHash);
  // Staff cannot ask the writer of a letter to acknowledge anything: a paper objection is recorded as
  // received; staff are told (alsoExcluded), the audit row records it and the confirmation e-mail explains it.
  if (alsoExcluded && !input.acknowledgeExclusion && !paper) return { ok: false, fieldErrors: { acknowledgeExclusion: [EXCLUDED_OBJECTOR_MESSAGE] } };

  const late = paper ? paper.postmarkDate > config.dates.objectionDeadline : !isTimely(now, config.dates.objectionDeadline, config.dates.timeZone);
  const { idempotencyKey: webKey, noticeId: _raw, acknowledgeExclusion: _ack, hasCounsel, willAppear, ...person } = input;
  const idempotencyKey = paper ? paper.idempotencyKey : webKey;
  const withCounsel = hasCounsel === 'yes';
  const pii: ObjectionPii = {
    ...person,
    // Counsel details only when represented, so a stale half-filled section is not kept.
    counselName: withCounsel ? person.counselName : undefined,
    counselFirm: withCounsel ? person.counselFirm : undefined,
    counselEmail: withCounsel ? person.counselEmail : undefined,
    counselPhone: withCounsel ? person.counselPhone : undefined,
    signedAt: now.toISOString(),
  };

  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(objections)
      .values({
        settlementId: settlement.id,
        objectionId: newPublicId(OBJECTION_PREFIX),
        idempotencyKey,
        pii: encryptJson(key, pii, OBJECTION_PII),
        emailHash,
        noticeId,
        hasCounsel: withCounsel,
        willAppear: willAppear === 'yes',
        document: upload ? encryptBytes(key, upload.bytes, OBJECTION_DOCUMENT) : null,
        documentName: upload ? sealDocumentName(key, safeFileName(upload.name)) : null,
        documentType: upload ? 'application/pdf' : null,
        documentBytes: upload ? upload.bytes.length : null,
        late,
        channel: paper ? 'mail' : 'web',
        postmarkDate: paper?.postmarkDate ?? null,
        ...sealIntake(key, meta, OBJECTION_INTAKE),
        submittedAt: now,
      })
      .onConflictDoNothing({ target: [objections.settlementId, objections.idempotencyKey] })
      .returning({ objectionId: objections.objectionId });
    if (!row) return null;
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: paper?.actor ?? 'public:web',
      action: 'objection.file',
      targetType: 'objection',
      targetId: row.objectionId,
      details: { late, hasCounsel: withCounsel, willAppear: willAppear === 'yes', document: !!upload, alsoExcluded, ...(paper ? { channel: 'mail', postmarkDate: paper.postmarkDate } : {}) },
    });
    return row;
  });

  if (!inserted) {
    const [first] = await db
      .select({ objectionId: objections.objectionId, late: objections.late })
      .from(objections)
      .where(and(eq(objections.settlementId, settlement.id), eq(objections.idempotencyKey, idempotencyKey)));
    return { ok: true, objectionId: first.objectionId, late: first.late, duplicate: true, alsoExcluded };
  }

  try {
    await sendMail(
      objectionConfirmation(config, {
        to: input.email,
        name: `${input.firstName} ${input.lastName}`,
        objectionId: inserted.objectionId,
        late,
        alsoExcluded,
        willAppear: willAppear === 'yes',
        hasDocument: !!upload,
      }),
    );
  } catch {
    console.error(`objection ${inserted.objectionId}: confirmation email could not be sent`);
  }
  return { ok: true, objectionId: inserted.objectionId, late, duplicate: false, alsoExcluded };
}

export const NOT_A_PDF = 'This file is not a valid PDF. Save or export it as PDF and attach it again.';

/**
 * "%PDF-" in the first bytes proves nothing (any file can start so): the document must parse as a PDF.
 * Encrypted PDFs are accepted (a court filing may be password-protected); staff open them as sent.
 */
async function isParsablePdf(bytes: Buffer): Promise<boolean> {
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    // The parser is lenient (a header and junk "load"); a document has a page tree with pages.
    return doc.getPageCount() >= 1;
  } catch {
    return false;
  }
}

/** The attachment's name as shown to staff: the last path segment, printable characters only. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'objection.pdf';
  return base.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200) || 'objection.pdf';
}
