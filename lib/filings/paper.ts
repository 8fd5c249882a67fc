import { createHash } from 'node:crypto';
import type { Db } from '@/db/client';
import { paperMetaSchema } from '@/lib/claims/paper';
import { localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import type { FilingResult } from './intake';
import { fileObjection, type ObjectionFiled, type ObjectionUpload } from './objection';
import { fileOptOut, type OptOutFiled } from './opt-out';
import { fieldErrorsOf, paperObjectionSchema, paperOptOutSchema, type FieldErrors } from './schemas';

/**
 * Paper requests for exclusion and paper objections keyed in by staff (issue 7), designed like paper
 * claims (lib/claims/paper.ts): the public form's zod schema, plus the envelope's postmark date and the
 * mail room's reference. The filing is stored on channel `mail`; it is timely iff postmarked on or before
 * the deadline date in the settlement's time zone (DOMAIN.md §3), however late it is keyed in; a late
 * one is kept and marked late, as the web does. Keying in the same envelope twice adds nothing. The staff
 * user is the audit row's actor. The confirmation e-mail goes to the address on the form, as for a paper
 * claim (the web forms' rules make the address required).
 */

export type PaperContext = { actor: string; now?: Date };

/**
 * The stored idempotency key of an envelope. "mail-" cannot be forged from the web form, whose token must
 * be a UUID, so nobody can pre-empt a reference the mail room will use. Case and spacing do not matter:
 * the reference is copied by hand.
 */
export function mailIdempotencyKey(mailReference: string): string {
  return `mail-${createHash('sha256').update(`mail:${mailReference.trim().toUpperCase()}`).digest('hex').slice(0, 40)}`;
}

/** The envelope's fields first; on any error, every field's error at once (the schema's too). */
function envelope(settlement: Settlement, raw: Record<string, unknown>, now: Date, schema: typeof paperOptOutSchema | typeof paperObjectionSchema) {
  const meta = paperMetaSchema(localDate(now, settlement.config.dates.timeZone)).safeParse(raw);
  if (meta.success) return { ok: true as const, meta: meta.data };
  const rest = schema.safeParse(raw);
  // The envelope's errors first, in the order the form shows its fields (and the error summary lists them).
  const errors: FieldErrors = { ...fieldErrorsOf(meta.error), ...(rest.success ? {} : fieldErrorsOf(rest.error)) };
  return { ok: false as const, errors };
}

export async function enterPaperOptOut(db: Db, settlement: Settlement, raw: Record<string, unknown>, ctx: PaperContext): Promise<FilingResult<OptOutFiled>> {
  const now = ctx.now ?? new Date();
  const env = envelope(settlement, raw, now, paperOptOutSchema);
  if (!env.ok) return { ok: false, fieldErrors: env.errors };
  return fileOptOut(db, settlement, raw, {
    now,
    paper: { postmarkDate: env.meta.postmarkDate, idempotencyKey: mailIdempotencyKey(env.meta.mailReference), actor: ctx.actor },
  });
}

/** Every field's error but the attachment's: shown beside an attachment refused before it was read. */
export function paperObjectionErrors(settlement: Settlement, raw: Record<string, unknown>, now = new Date()): FieldErrors {
  const env = envelope(settlement, raw, now, paperObjectionSchema);
  if (!env.ok) return env.errors;
  const r = paperObjectionSchema.safeParse(raw);
  return r.success ? {} : fieldErrorsOf(r.error);
}

export async function enterPaperObjection(
  db: Db,
  settlement: Settlement,
  raw: Record<string, unknown>,
  upload: ObjectionUpload | null,
  ctx: PaperContext,
): Promise<FilingResult<ObjectionFiled>> {
  const now = ctx.now ?? new Date();
  const env = envelope(settlement, raw, now, paperObjectionSchema);
  if (!env.ok) return { ok: false, fieldErrors: env.errors };
  return fileObjection(db, settlement, raw, upload, {
    now,
    paper: { postmarkDate: env.meta.postmarkDate, idempotencyKey: mailIdempotencyKey(env.meta.mailReference), actor: ctx.actor },
  });
}
