import type { SettlementConfig } from '@/lib/settlements/config';
import { deadlineInstant, formatLongDate, timeZoneName } from '@/lib/settlements/deadlines';
import type { Mail } from '@/lib/mail/send';

/**
 * The e-mail notice (DOMAIN.md §2): plain language, the dates that matter stated in the settlement's
 * time zone, links to the website and to the claim form with the Notice ID filled in, and the member's
 * Notice ID and confirmation code. No other personal data — not even a name: e-mail is forwarded and
 * phished, and a notice that greets nobody gives a phisher nothing to copy.
 */

function deadline(c: SettlementConfig, isoDate: string): string {
  return `${formatLongDate(isoDate)} at 11:59 p.m. ${timeZoneName(c.dates.timeZone, deadlineInstant(isoDate, c.dates.timeZone))}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export type NoticeMailInput = { to: string; noticeId: string; confirmationCode: string; siteUrl: string; resend?: boolean };

export function claimFormUrl(siteUrl: string, noticeId: string): string {
  return `${siteUrl}/claim?notice=${encodeURIComponent(noticeId)}`;
}

/**
 * The notice renderer for one settlement and site. Everything but the member's Notice ID, code and
 * address is the same in every message of a campaign, and naming a time zone builds an Intl formatter
 * (~0.5 ms each, three per notice): so the deadlines are worded once here, not once per message.
 */
export function noticeRenderer(c: SettlementConfig, siteUrl: string): (m: Omit<NoticeMailInput, 'siteUrl'>) => Mail {
  const d = c.dates;
  const claimBy = deadline(c, d.claimDeadline);
  const optOutBy = deadline(c, d.optOutDeadline);
  const objectBy = deadline(c, d.objectionDeadline);
  const hearing = formatLongDate(d.finalApprovalHearing);
  return (m) => {
    const claimUrl = claimFormUrl(siteUrl, m.noticeId);
    const subject = `${m.resend ? 'Notice (sent again): ' : ''}${c.shortName}: you may be able to get a payment`;
    const paragraphs: string[][] = [
      [`You are getting this notice because ${c.defendant}'s records show you may be a member of the class in ${c.caseName}.`],
      [`A court authorized this notice. This is not a lawyer's advertisement and you are not being sued.`],
      ['What you can do'],
      [`• File a claim to get a payment. The claim deadline is ${claimBy}.`, `  File online: ${claimUrl}`],
      [`• Exclude yourself (opt out) by ${optOutBy}. You get no payment, but keep your right to sue on your own.`],
      [`• Object by ${objectBy} if you do not like the settlement. You can object and still file a claim.`],
      [`• Do nothing: you get no payment and give up your right to sue about these claims.`],
      [`The Court will hold a hearing on ${hearing} to decide whether to approve the settlement.`],
      ['Your notice details (you will need them to file a claim):', `  Notice ID: ${m.noticeId}`, `  Confirmation code: ${m.confirmationCode}`],
      [`Read the full notice and the settlement documents: ${siteUrl}`],
      [`Questions? ${c.contact.email} · ${c.contact.phone}. We will never ask for your password or charge a fee to file a claim.`],
      [`${c.shortName} — Settlement Administrator`],
    ];
    const text = paragraphs.map((p) => p.join('\n')).join('\n\n');
    const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
    const html = [
      `<!doctype html><html lang="en"><body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111;max-width:640px">`,
      `<h1 style="font-size:22px">${escapeHtml(c.shortName)}: you may be able to get a payment</h1>`,
      `<p>${escapeHtml(paragraphs[0][0])}</p><p>${escapeHtml(paragraphs[1][0])}</p>`,
      `<h2 style="font-size:18px">What you can do</h2><ul>`,
      `<li><strong>File a claim</strong> to get a payment by <strong>${escapeHtml(claimBy)}</strong>: ${link(claimUrl, 'file a claim online')}.</li>`,
      `<li><strong>Exclude yourself</strong> (opt out) by ${escapeHtml(optOutBy)}. You get no payment, but keep your right to sue on your own.</li>`,
      `<li><strong>Object</strong> by ${escapeHtml(objectBy)} if you do not like the settlement. You can object and still file a claim.</li>`,
      `<li><strong>Do nothing</strong>: you get no payment and give up your right to sue about these claims.</li></ul>`,
      `<p>${escapeHtml(paragraphs[7][0])}</p>`,
      `<p style="border:1px solid #999;padding:12px">Your notice details (you need them to file a claim):<br>Notice ID: <strong>${escapeHtml(m.noticeId)}</strong><br>Confirmation code: <strong>${escapeHtml(m.confirmationCode)}</strong></p>`,
      `<p>Read the full notice and the settlement documents: ${link(siteUrl, siteUrl)}</p>`,
      `<p>Questions? ${escapeHtml(c.contact.email)} · ${escapeHtml(c.contact.phone)}. We will never ask for your password or charge a fee to file a claim.</p>`,
      `<p>${escapeHtml(c.shortName)} — Settlement Administrator</p></body></html>`,
    ].join('\n');
    return { to: m.to, subject, text, html };
  };
}

/** One notice (a campaign renders many through noticeRenderer). */
export function noticeMail(c: SettlementConfig, m: NoticeMailInput): Mail {
  return noticeRenderer(c, m.siteUrl)(m);
}
