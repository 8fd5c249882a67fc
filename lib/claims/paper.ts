import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { fileClaim, type FiledClaim } from './file-claim';
import { fieldErrors, parseClaim, type FieldErrors } from './schema';

/**
 * A paper claim form keyed in by staff: the same validation as the web form (lib/claims/schema.ts
 * parseClaim), channel `mail`, and the postmark date deciding timeliness (DOMAIN.md §3: mail postmarked
 * by the deadline is timely, in the settlement's time zone). The staff user is named in the audit row.
 * The envelope's reference (the mail room's batch/sequence number) makes re-keying the same form a
 * no-op: it is the claim's idempotency key.
 */

export const paperMetaSchema = (today: string) =>
  z.object({
    postmarkDate: z.iso.date({ error: 'Enter the postmark date as YYYY-MM-DD' }).refine((d) => d <= today, { error: 'The postmark date cannot be in the future' }),
    mailReference: z
      .string()
      .trim()
      .min(1, { error: 'Enter the mail room reference written on the envelope' })
      .max(60, { error: 'At most 60 characters' })
      .regex(/^[A-Za-z0-9._/-]+$/, { error: 'Letters, digits, dots, dashes and slashes only' }),
  });

export type PaperResult = { ok: true; claim: Omit<FiledClaim, 'confirmation'> } | { ok: false; errors: FieldErrors };

export async function enterPaperClaim(db: Db, settlement: Settlement, raw: Record<string, unknown>, actor: string, opts: { now?: Date } = {}): Promise<PaperResult> {
  const now = opts.now ?? new Date();
  const meta = paperMetaSchema(localDate(now, settlement.config.dates.timeZone)).safeParse(raw);
  const parsed = parseClaim(settlement.config, raw);
  const errors: FieldErrors = { ...(meta.success ? {} : fieldErrors(meta.error)), ...(parsed.ok ? {} : parsed.errors) };
  if (!meta.success || !parsed.ok) return { ok: false, errors };
  const key = createHash('sha256').update(`mail:${meta.data.mailReference.toUpperCase()}`).digest('hex').slice(0, 40);
  const filed = await fileClaim(
    db,
    settlement,
    parsed.claim,
    { idempotencyKey: `mail-${key}`, channel: 'mail', postmarkDate: meta.data.postmarkDate, actor },
    // A paper claimant gets the confirmation by e-mail like everyone else when the form gave an address.
    { now },
  );
  const { confirmation, ...claim } = filed;
  void confirmation;
  return { ok: true, claim };
}
