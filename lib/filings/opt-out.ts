import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { optOuts } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { NOTICE_PREFIX, OPT_OUT_PREFIX, newPublicId, parsePublicId } from '@/lib/claims/claim-id';
import { sendMail } from '@/lib/mail/send';
import { encryptJson, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseEmail } from '@/lib/privacy/normalise';
import { isTimely } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { optOutConfirmation } from './confirmations';
import { sealIntake, type FilingMeta, type FilingResult, type PaperIntake } from './intake';
import { hasObjectionForEmail } from './queries';
import { fieldErrorsOf, OPT_OUT_STATEMENT, optOutSchema, paperOptOutSchema, type OptOutInput } from './schemas';
import { OPT_OUT_PII, type OptOutPii } from './sealed';

export { OPT_OUT_PII, type OptOutPii };

export const OPT_OUT_INTAKE = 'opt_outs.intake';


export type OptOutFiled = {
  requestId: string;
  late: boolean;
  /** True when this idempotency token was already used: the first request is returned, nothing new is stored. */
  duplicate: boolean;
  /** The same email had objected: the email tells them an excluded member's objection is not considered. */
  hadObjection: boolean;
};

/**
 * Files one person's request for exclusion. Late requests are kept and marked late (the Court decides
 * whether to accept them); the deadline is 11:59 p.m. on config.dates.optOutDeadline in the
 * settlement's zone. `now` is a parameter so the deadline rule can be tested at the exact minute.
 * `paper`: a mailed request keyed in by staff (lib/filings/paper.ts), timely by its postmark instead.
 */
export async function fileOptOut(
  db: Db,
  settlement: Settlement,
  raw: unknown,
  meta: FilingMeta & { now?: Date; paper?: PaperIntake } = {},
): Promise<FilingResult<OptOutFiled>> {
  const paper = meta.paper;
  const parsed = (paper ? paperOptOutSchema : optOutSchema).safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const noticeId = input.noticeId ? parsePublicId(input.noticeId, NOTICE_PREFIX) : null;
  if (input.noticeId && !noticeId) return { ok: false, fieldErrors: { noticeId: ['This Notice ID is not valid. Check it against your notice, or leave it blank.'] } };

  const config = settlement.config;
  const now = meta.now ?? new Date();
  const late = paper ? paper.postmarkDate > config.dates.optOutDeadline : !isTimely(now, config.dates.optOutDeadline, config.dates.timeZone);
  const key = await settlementKey(db, settlement.id);
  const emailHash = keyedHash(key, 'email', normaliseEmail(input.email));
  const { idempotencyKey: webKey, statement: _checked, noticeId: _raw, ...person } = input;
  const idempotencyKey = paper ? paper.idempotencyKey : webKey;
  const pii: OptOutPii = { ...person, statement: OPT_OUT_STATEMENT, signedAt: now.toISOString() };

  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(optOuts)
      .values({
        settlementId: settlement.id,
        requestId: newPublicId(OPT_OUT_PREFIX),
        idempotencyKey,
        pii: encryptJson(key, pii, OPT_OUT_PII),
        emailHash,
        noticeId,
        late,
        channel: paper ? 'mail' : 'web',
        postmarkDate: paper?.postmarkDate ?? null,
        ...sealIntake(key, meta, OPT_OUT_INTAKE),
        submittedAt: now,
      })
      // The same token twice (double click, retry, 50 concurrent posts) stores one request.
      .onConflictDoNothing({ target: [optOuts.settlementId, optOuts.idempotencyKey] })
      .returning({ requestId: optOuts.requestId });
    if (!row) return null;
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: paper?.actor ?? 'public:web',
      action: 'opt_out.file',
      targetType: 'opt_out',
      targetId: row.requestId,
      details: { late, withNoticeId: !!noticeId, ...(paper ? { channel: 'mail', postmarkDate: paper.postmarkDate } : {}) },
    });
    return row;
  });

  if (!inserted) {
    const [first] = await db
      .select({ requestId: optOuts.requestId, late: optOuts.late })
      .from(optOuts)
      .where(and(eq(optOuts.settlementId, settlement.id), eq(optOuts.idempotencyKey, idempotencyKey)));
    return { ok: true, requestId: first.requestId, late: first.late, duplicate: true, hadObjection: false };
  }

  const hadObjection = await hasObjectionForEmail(db, settlement.id, emailHash);
  // After commit: a mail failure must not undo a filing the person was told succeeded. A paper request
  // gets the same e-mail (the form carries an address, as the web form requires one).
  try {
    await sendMail(optOutConfirmation(config, { to: input.email, name: `${input.firstName} ${input.lastName}`, requestId: inserted.requestId, late, hadObjection }));
  } catch {
    console.error(`opt-out ${inserted.requestId}: confirmation email could not be sent`);
  }
  return { ok: true, requestId: inserted.requestId, late, duplicate: false, hadObjection };
}
