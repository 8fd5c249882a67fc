import type { Mail } from '@/lib/mail/send';
import type { SettlementConfig } from '@/lib/settlements/config';
import { formatLongDate } from '@/lib/settlements/deadlines';
import { deadlineText } from '@/lib/settlements/notice-text';

/**
 * Confirmation emails for exclusions and objections. The subject names the settlement and the ID so
 * the message is recognisable and not mistaken for a scam (features.md §3: "Legal Notice" subjects
 * from noreply@ addresses hurt). No personal data beyond the person's own name is repeated.
 */

function signOff(config: SettlementConfig): string {
  return [
    '',
    `${config.shortName} Administrator`,
    `${config.caseName}, ${config.caseNumber}`,
    `Phone: ${config.contact.phone} · Email: ${config.contact.email}`,
    `Mail: ${config.contact.mail}`,
  ].join('\n');
}

export function optOutConfirmation(
  config: SettlementConfig,
  r: { to: string; name: string; requestId: string; late: boolean; hadObjection: boolean },
): Mail {
  const lines = [
    `Dear ${r.name},`,
    '',
    `We received your request to be excluded from the ${config.shortName}.`,
    '',
    `Request ID: ${r.requestId}`,
    '',
    'What this means: if the Court approves the settlement, you will not receive a payment, you will not be bound by the settlement, and you keep any right you have to sue the defendants on your own about the claims in this case.',
  ];
  if (r.late)
    lines.push('', `Your request arrived after the deadline (${deadlineText(config.dates.optOutDeadline, config.dates.timeZone)}). It has been recorded as late; the Court will decide whether to accept it.`);
  if (r.hadObjection)
    lines.push('', 'You also filed an objection from this email address. A person who is excluded from the class cannot object, so your objection will not be considered unless you withdraw this request before the deadline by contacting us.');
  lines.push('', 'If you did not make this request, or you change your mind, contact us before the deadline.', signOff(config));
  return { to: r.to, subject: `Request for exclusion ${r.requestId} received — ${config.shortName}`, text: lines.join('\n') };
}

export function objectionConfirmation(
  config: SettlementConfig,
  r: { to: string; name: string; objectionId: string; late: boolean; alsoExcluded: boolean; willAppear: boolean; hasDocument: boolean },
): Mail {
  const lines = [
    `Dear ${r.name},`,
    '',
    `We received your objection to the ${config.shortName}. It will be filed with the Court and sent to Class Counsel and Defense Counsel.`,
    '',
    `Objection ID: ${r.objectionId}`,
    r.hasDocument ? 'Your PDF attachment was received with it.' : '',
    '',
    r.willAppear
      ? `You said you intend to appear at the Final Approval Hearing on ${formatLongDate(config.dates.finalApprovalHearing)}. The Court may change the date or time; check the settlement website before you go.`
      : `The Court will consider your objection at the Final Approval Hearing on ${formatLongDate(config.dates.finalApprovalHearing)}. You do not need to attend.`,
    '',
    'Objecting does not exclude you: you remain a class member, and you may still file a claim for a payment.',
  ].filter((l, i, all) => !(l === '' && all[i - 1] === ''));
  if (r.late)
    lines.push('', `Your objection arrived after the deadline (${deadlineText(config.dates.objectionDeadline, config.dates.timeZone)}). It has been recorded as late; the Court will decide whether to consider it.`);
  if (r.alsoExcluded)
    lines.push('', 'Our records show a request for exclusion from this email address. Excluded class members cannot object. Unless you withdraw your request for exclusion before the deadline by contacting us, the Court will treat you as excluded and may not consider your objection.');
  lines.push(signOff(config));
  return { to: r.to, subject: `Objection ${r.objectionId} received — ${config.shortName}`, text: lines.join('\n') };
}
