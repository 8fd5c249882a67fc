import { publicBaseUrl } from '@/lib/env';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { claimEvents, claims, claimSignals, claimVerifications, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { sendMail } from '@/lib/mail/send';
import { settlementKey } from '@/lib/privacy/keys';
import { addDays, formatLongDate, isTimely, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { assessClaim, DEFICIENCY_SUMMARY, verificationOf } from './assess';
import { CLAIM_PREFIX, newPublicId } from './claim-id';
import { confirmationMail } from './confirmation-mail';
import type { ClaimSubmission } from './schema';
import { sealClaim, type ClaimPii } from './seal';
import { assertInitialStatus, verificationColumns } from './transition';
import { requestedTier } from '@/lib/verification/tier';
import { storeAssessment } from '@/lib/verification/intake';
import { claimSignalValues } from '@/lib/fraud/signals';

/**
 * Filing a claim: one transaction that seals the personal data, matches the class list, decides the
 * tier, opens deficiencies, writes the timeline and the audit row. The confirmation e-mail goes out
 * after commit and can never fail the claim.
 */

export type Intake = {
  /** One claim per form rendering: a retry, a double click or 50 concurrent posts carry the same token. */
  idempotencyKey: string;
  ip?: string;
  userAgent?: string;
  deviceId?: string;
  formSeconds?: number;
  /** A hidden field a person never fills in. A bot that fills it is stored and flagged, not told. */
  honeypot?: boolean;
  channel?: 'web' | 'mail' | 'import';
  /** A paper claim: the postmark date (YYYY-MM-DD, the settlement's time zone) decides timeliness (DOMAIN.md §3). */
  postmarkDate?: string;
  /** Who keyed a paper claim in (staff:<id>), named in its audit row and timeline. */
  actor?: string;
};

export type FileClaimOptions = {
  now?: Date;
  /** Base URL for the status link in the e-mail. */
  siteUrl?: string;
  sendConfirmation?: boolean;
  /** Deterministic claim IDs for the demo. */
  random?: (n: number) => number;
};

export type FiledClaim = {
  claimId: string;
  status: 'received' | 'deficient';
  late: boolean;
  tier: string;
  verificationStatus: string;
  /** False when the token had already filed a claim: the same claim is returned, nothing is written. */
  created: boolean;
  deficiencies: { code: string; message: string; cureBy: string }[];
  /** Resolves when the confirmation e-mail was handed to SMTP (or failed, recorded without personal data). */
  confirmation: Promise<'sent' | 'failed' | 'skipped'>;
};

class TokenAlreadyUsed extends Error {}

export async function fileClaim(db: Db, settlement: Settlement, input: ClaimSubmission, intake: Intake, opts: FileClaimOptions = {}): Promise<FiledClaim> {
  const config = settlement.config;
  const now = opts.now ?? new Date();
  // No look-up of the token first: a retry is rare, and the insert below detects it (ON CONFLICT) and
  // returns the claim the token already filed.
  const key = await settlementKey(db, settlement.id);
  // Mail postmarked on or before the deadline date is timely, whenever it is keyed in.
  const late = intake.postmarkDate ? intake.postmarkDate > config.dates.claimDeadline : !isTimely(now, config.dates.claimDeadline, config.dates.timeZone);
  const cureBy = addDays(localDate(now, config.dates.timeZone), config.dates.cureDays);
  const pii: ClaimPii = {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    street: input.street,
    city: input.city,
    state: input.state,
    zip: input.zip,
    country: 'US',
    usernames: input.usernames,
    guardianName: input.filingFor === 'minor' ? input.guardianName : undefined,
    signature: input.signature,
    signedAt: now.toISOString(),
  };
  const sealed = sealClaim(key, pii, input.payment, { ip: intake.ip, userAgent: intake.userAgent, deviceId: intake.deviceId });

  let result: Omit<FiledClaim, 'confirmation'>;
  try {
    result = await db.transaction(async (tx) => {
      const a = await assessClaim(tx, key, settlement.id, config, input, input.attestations);
      const status = a.deficiencies.length ? 'deficient' : 'received';
      assertInitialStatus(status);
      const verification = verificationOf(a, settlement.configVersion, 'intake');
      const claimId = newPublicId(CLAIM_PREFIX, opts.random);
      const [row] = await tx
        .insert(claims)
        .values({
          settlementId: settlement.id,
          claimId,
          idempotencyKey: intake.idempotencyKey,
          status,
          channel: intake.channel ?? 'web',
          late,
          requestedTier: requestedTier(config, input.attestations).key,
          // The current tier, units and match mirror the intake verification row written below.
          ...verificationColumns(verification),
          attestations: input.attestations,
          noticeId: a.match?.via === 'notice' ? a.match.record.noticeId : (input.noticeId ?? null),
          ...sealed,
          formSeconds: intake.formSeconds === undefined ? null : Math.max(0, Math.min(Math.round(intake.formSeconds), 86_400)),
          honeypot: intake.honeypot ?? false,
          attributes: {
            ...(input.filingFor === 'minor' ? { filed_for: 'minor' } : {}),
            ...(a.match ? { matched_via: a.match.via } : {}),
          },
          submittedAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [claims.settlementId, claims.idempotencyKey] })
        .returning({ id: claims.id });
      // A concurrent request with the same token committed first: roll this one back and return that claim.
      if (!row) throw new TokenAlreadyUsed();

      await tx.insert(claimVerifications).values({ settlementId: settlement.id, claimPk: row.id, ...verification, actor: 'system:intake', at: now });
      // The cheap fraud signals, from the data in hand (lib/fraud/signals.ts): the scoring run need not open it again.
      await tx.insert(claimSignals).values({ claimPk: row.id, settlementId: settlement.id, ...claimSignalValues(key, pii, intake, input.payment), computedAt: now });
      // Intake is the claim's first step; a deficiency found at intake is its second (received → deficient).
      await tx.insert(claimEvents).values({
        settlementId: settlement.id,
        claimPk: row.id,
        status: 'received',
        actor: intake.actor ?? 'claimant',
        note: intake.postmarkDate ? `Paper claim received by mail (postmarked ${intake.postmarkDate})${late ? ', after the claim deadline' : ''}.` : late ? 'Claim received after the claim deadline.' : 'Claim received.',
        at: now,
      });
      const defs = a.deficiencies.map((d) => ({ ...d, cureBy }));
      if (defs.length) {
        await tx.insert(deficiencies).values(defs.map((d) => ({ settlementId: settlement.id, claimPk: row.id, code: d.code, message: d.message, cureBy, createdAt: now })));
        await tx.insert(claimEvents).values({
          settlementId: settlement.id,
          claimPk: row.id,
          status: 'deficient',
          actor: 'system',
          note: `We need more information: ${defs.map((d) => DEFICIENCY_SUMMARY[d.code] ?? d.code).join('; ')}. Please fix this by ${formatLongDate(cureBy)}.`,
          at: now,
        });
      }
      // After the deficiencies above (so it finds them open).
      // Its identifiers for the batch joins, its match state, and — one member, one payment — the claims that held the same record become conflicts with it.
      await storeAssessment(tx, key, settlement, { claimPk: row.id, pii, provenNoticeId: a.provenNoticeId }, a, 'system:intake', now, 'intake');
      await appendAudit(tx, {
        settlementId: settlement.id,
        actor: intake.actor ?? (intake.channel === 'web' || !intake.channel ? 'claimant' : `system:${intake.channel}`),
        action: 'claim.file',
        targetType: 'claim',
        targetId: claimId,
        details: { status, tier: a.tier, units: a.units, configVersion: settlement.configVersion, late, verification: a.verificationStatus, deficiencies: defs.map((d) => d.code), honeypot: intake.honeypot ?? false, ...(intake.postmarkDate ? { channel: intake.channel, postmarkDate: intake.postmarkDate } : {}) },
      });
      return { claimId, status, late, tier: a.tier, verificationStatus: a.verificationStatus, created: true, deficiencies: defs } as const;
    });
  } catch (e) {
    if (!(e instanceof TokenAlreadyUsed) && !isUniqueViolation(e)) throw e;
    const winner = await existingClaim(db, settlement.id, intake.idempotencyKey);
    if (!winner) throw e;
    return winner;
  }

  // A bot that tripped the honeypot gets no e-mail: the address it typed may be a stranger's.
  const confirmation =
    opts.sendConfirmation === false || intake.honeypot
      ? Promise.resolve('skipped' as const)
      : sendConfirmation(db, settlement, input, result, opts.siteUrl);
  return { ...result, confirmation };
}

async function existingClaim(db: Db, settlementId: string, token: string): Promise<FiledClaim | null> {
  const [row] = await db
    .select()
    .from(claims)
    .where(and(eq(claims.settlementId, settlementId), eq(claims.idempotencyKey, token)));
  if (!row) return null;
  const open = await db.select().from(deficiencies).where(eq(deficiencies.claimPk, row.id));
  return {
    claimId: row.claimId,
    status: row.status === 'deficient' ? 'deficient' : 'received',
    late: row.late,
    tier: row.tier,
    verificationStatus: row.verificationStatus,
    created: false,
    deficiencies: open.filter((d) => !d.curedAt).map((d) => ({ code: d.code, message: d.message, cureBy: d.cureBy })),
    confirmation: Promise.resolve('skipped'),
  };
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string; cause?: { code?: string } })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  return code === '23505';
}

/** The one public base URL (lib/env.ts), unless the caller passes its own. */
export function siteBaseUrl(explicit?: string): string {
  return (explicit ?? publicBaseUrl()).replace(/\/$/, '');
}

async function sendConfirmation(
  db: Db,
  settlement: Settlement,
  input: ClaimSubmission,
  claim: Omit<FiledClaim, 'confirmation'>,
  siteUrl?: string,
): Promise<'sent' | 'failed'> {
  const statusUrl = `${siteBaseUrl(siteUrl)}/${settlement.slug}/status?id=${claim.claimId}`;
  try {
    await sendMail(confirmationMail(settlement.config, input.email, input.firstName, claim, statusUrl));
    return 'sent';
  } catch (e) {
    // Recorded for the case team without the error text, which can quote the recipient's address.
    const reason = String((e as { code?: string }).code ?? 'send_failed').slice(0, 40);
    try {
      await db.transaction((tx) =>
        appendAudit(tx, { settlementId: settlement.id, actor: 'system:mail', action: 'claim.confirmation_failed', targetType: 'claim', targetId: claim.claimId, details: { reason } }),
      );
    } catch {
      // Nothing more to do: the claim itself is safely stored.
    }
    return 'failed';
  }
}
