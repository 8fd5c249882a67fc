import type { SettlementConfig } from '@/lib/settlements/config';
import { formatLongDate } from '@/lib/settlements/deadlines';
import type { Mail } from '@/lib/mail/send';
import { spellPublicId } from './read-aloud';

/**
 * The confirmation e-mail. Deliberately holds no personal data beyond the first name in the greeting:
 * e-mail is not a secure channel and is often forwarded. Everything else is on the status page,
 * behind the claim ID plus e-mail or ZIP.
 */
export function confirmationMail(
  config: SettlementConfig,
  to: string,
  firstName: string,
  claim: { claimId: string; late: boolean; deficiencies: { message: string; cureBy: string }[] },
  statusUrl: string,
): Mail {
  const lines = [
    `Dear ${firstName},`,
    '',
    `Thank you. We received your claim in the ${config.name}.`,
    '',
    `Your claim ID: ${claim.claimId}`,
    `(read aloud: ${spellPublicId(claim.claimId)} — the last character is a check character)`,
    'Keep this e-mail. You need the claim ID to check your claim or to contact us about it.',
    '',
  ];
  if (claim.late)
    lines.push(
      `Your claim arrived after the claim deadline of ${formatLongDate(config.dates.claimDeadline)}. ` +
        'Late claims are kept, but they are paid only if the Court allows it.',
      '',
    );
  for (const d of claim.deficiencies)
    lines.push(`ACTION NEEDED by ${formatLongDate(d.cureBy)}: ${d.message}`, `Fix it on the status page: ${statusUrl}`, '');
  lines.push(
    'What happens next',
    `1. We check every claim against ${config.platform}’s records. This can take several weeks.`,
    `2. If anything is missing, we tell you what to fix and give you ${config.dates.cureDays} days to fix it.`,
    `3. Payments are sent after the Court grants final approval (hearing on ${formatLongDate(config.dates.finalApprovalHearing)}) and any appeals are resolved.`,
    '',
    `Check your claim at any time: ${statusUrl}`,
    'You will need your claim ID and your e-mail address or ZIP code.',
    '',
    `Questions? ${config.contact.email} · ${config.contact.phone}`,
    'We will never ask for your password or charge a fee to file a claim.',
    '',
    `${config.shortName} — Settlement Administrator`,
  );
  return { to, subject: `Claim received: ${claim.claimId} — ${config.shortName}`, text: lines.join('\n') };
}
