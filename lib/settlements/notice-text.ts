import { netFundCents, type SettlementConfig, type Tier } from './config';
import { formatCents, formatDollars } from '@/lib/money';
import { deadlineInstant, formatLongDate, timeZoneName } from './deadlines';

/**
 * Plain-language text built from a settlement's configuration: the plan of allocation, the money
 * figures and the standard questions. The website and the Long Form Notice PDF both use these, so
 * what a class member reads online and on paper is the same, and nothing is hard-coded per case.
 */

export { formatCents, formatDollars } from '@/lib/money';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** "six times", "twice", "1.5 times". */
export function timesWord(ratio: number): string {
  if (ratio === 2) return 'twice';
  if (Number.isInteger(ratio) && ratio < WORDS.length) return `${WORDS[ratio]} times`;
  return `${Number(ratio.toFixed(2))} times`;
}

export function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${Number(n.toFixed(4))} ${n === 1 ? one : many}`;
}

/** What one member of a tier receives, in units: "6 shares", or points from an attribute with a cap. */
export function tierUnitsText(tier: Tier): string {
  if (tier.units.kind === 'fixed') return plural(tier.units.shares, 'share');
  const per = tier.units.perUnit === 1 ? '1 point' : `${tier.units.perUnit} points`;
  const cap = tier.units.cap ? `, up to ${plural(tier.units.cap, 'point')}` : '';
  return `${per} for each unit of “${tier.units.attribute.replaceAll('_', ' ')}” in the defendant's records${cap}`;
}

type FixedTier = Tier & { units: { kind: 'fixed'; shares: number } };
const isFixed = (t: Tier): t is FixedTier => t.units.kind === 'fixed';

/**
 * "An Illinois Subclass member receives six times the payment of a Nationwide Class member." —
 * one sentence per fixed-share tier larger than the smallest, derived from the shares in the config.
 */
export function ratioStatements(config: Pick<SettlementConfig, 'tiers'>): string[] {
  const fixed = config.tiers.filter(isFixed);
  if (fixed.length < 2) return [];
  const base = fixed.reduce((a, b) => (b.units.shares < a.units.shares ? b : a));
  return fixed
    .filter((t) => t !== base && t.units.shares > base.units.shares)
    .sort((a, b) => b.units.shares - a.units.shares)
    .map((t) => {
      const sentence = `${withArticle(t.name)} member receives ${timesWord(t.units.shares / base.units.shares)} the payment of ${withArticle(base.name)} member.`;
      return sentence[0].toUpperCase() + sentence.slice(1);
    });
}

export const DEDUCTION_LABELS: Record<keyof SettlementConfig['deductions'], string> = {
  attorneysFees: "Attorneys' fees",
  expenses: 'Litigation expenses',
  serviceAwards: 'Service awards to the class representatives',
  administrationCosts: 'Notice and administration costs',
  taxes: 'Taxes',
  reserves: 'Reserve',
};

export type MoneyLine = { label: string; cents: number };

/** The non-zero deductions in a fixed order, then the net fund. */
export function fundBreakdown(config: Pick<SettlementConfig, 'grossFundCents' | 'deductions'>): {
  gross: number;
  deductions: MoneyLine[];
  net: number;
} {
  const deductions = (Object.keys(DEDUCTION_LABELS) as (keyof typeof DEDUCTION_LABELS)[])
    .filter((k) => config.deductions[k] > 0)
    .map((k) => ({ label: DEDUCTION_LABELS[k], cents: config.deductions[k] }));
  return { gross: config.grossFundCents, deductions, net: netFundCents(config) };
}

/** "Eastern Time" for America/New_York (the generic name, right in summer and winter). */
export function timeZoneLabel(timeZone: string, isoDate: string): string {
  return timeZoneName(timeZone, deadlineInstant(isoDate, timeZone));
}

/** "11:59 p.m. Eastern Time on March 1, 2022" — the legal deadline instant in words. */
export function deadlineText(isoDate: string, timeZone: string): string {
  return `11:59 p.m. ${timeZoneLabel(timeZone, isoDate)} on ${formatLongDate(isoDate)}`;
}

/** The plan of allocation as plain paragraphs, in the order a class member needs them. */
export function allocationParagraphs(config: SettlementConfig): string[] {
  const { gross, deductions, net } = fundBreakdown(config);
  const out: string[] = [];
  const deducted = deductions.map((d) => d.label.toLowerCase()).join(', ');
  out.push(
    `The settlement fund is ${formatDollars(gross)}. ` +
      (deductions.length
        ? `After the Court-approved ${deducted} are paid, about ${formatDollars(net)} (the net settlement fund) will be shared among class members who file valid claims.`
        : `All of it will be shared among class members who file valid claims.`),
  );
  const tierText = config.tiers.map((t) => `each ${t.name} member receives ${tierUnitsText(t)}`).join('; ');
  out.push(`The net settlement fund is divided into equal shares: ${tierText}.`);
  out.push(...ratioStatements(config));
  out.push(
    'The value of one share is the net settlement fund divided by the total number of shares of all valid claims, so it depends on how many people file. Nobody receives more than their shares.',
  );
  if (config.allocation.minimumPaymentCents > 0)
    out.push(`Every valid claim receives at least ${formatCents(config.allocation.minimumPaymentCents)}.`);
  if (config.allocation.perClaimantCapCents)
    out.push(`No claimant receives more than ${formatCents(config.allocation.perClaimantCapCents)}.`);
  out.push(residueText(config));
  return out;
}

function residueText(config: SettlementConfig): string {
  switch (config.allocation.residue) {
    case 'redistribute':
      return 'Money from payments that are not cashed or cannot be delivered will be shared in a further distribution among claimants who received their payment, if the amount makes that practical. The settlement is non-reversionary: no money returns to the defendants.';
    case 'cy_pres':
      return `Money from payments that are not cashed will go to ${config.allocation.cyPresRecipients.length ? config.allocation.cyPresRecipients.join(', ') : 'a non-profit recipient approved by the Court'}. No money returns to the defendants.`;
    case 'escheat':
      return 'Money from payments that are not cashed will be handed over to the states as unclaimed property in the payees’ names.';
  }
}

export type Question = { q: string; a: string };

/** The questions every notice must answer about rights and deadlines (Rule 23(c)(2)(B)), from the config. */
export function standardQuestions(config: SettlementConfig): Question[] {
  const tz = config.dates.timeZone;
  return [
    {
      q: 'How do I get a payment?',
      a: `File a claim online on this website by ${deadlineText(config.dates.claimDeadline, tz)}, or mail a claim form postmarked by ${formatLongDate(config.dates.claimDeadline)} to ${config.contact.mail}.`,
    },
    {
      q: 'How do I exclude myself from the settlement?',
      a: `Submit a request for exclusion on this website, or mail a signed letter saying “I want to be excluded from the settlement class” with your name, address and email to ${config.contact.mail}, by ${deadlineText(config.dates.optOutDeadline, tz)} (mail postmarked by that day). If you exclude yourself you get no payment, but you keep your right to sue ${config.defendant} on your own about the claims in this case. Each person must exclude themself; requests made for a group or by a third party on behalf of others are not accepted.`,
    },
    {
      q: 'How do I tell the Court that I do not like the settlement?',
      a: `If you stay in the class you can object: file an objection on this website or mail it to ${config.contact.mail} by ${deadlineText(config.dates.objectionDeadline, tz)}. Say why you object, whether a lawyer represents you, and whether you intend to speak at the hearing. You cannot object if you exclude yourself.`,
    },
    {
      q: 'When will the Court decide whether to approve the settlement?',
      a: `The Court will hold a Final Approval Hearing on ${formatLongDate(config.dates.finalApprovalHearing)} at the ${config.court}. The Court may change the date or time without further notice, so check this website. You do not have to attend; you may attend at your own expense, and you may ask to speak if you have objected.`,
    },
    {
      q: 'How do I get more information?',
      a: `Read the documents on this website, call ${config.contact.phone}, email ${config.contact.email}, or write to ${config.contact.mail}. Please do not contact the Court or the Clerk's office.`,
    },
  ];
}
