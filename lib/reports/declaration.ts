import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { channelLabels, claimStatuses, readClaimStats, readClassListCounts, readFilingCounts, statusLabels, totalsOf } from '@/lib/dashboard/stats';
import { noticeCounts, type NoticeCounts } from '@/lib/notices/counts';
import { netFundCents } from '@/lib/settlements/config';
import { deadlineInstant, formatLongDate, timeZoneName } from '@/lib/settlements/deadlines';
import { amountsText, basisText, estimateIfEndedToday, percentText, projectedEstimate, type Estimate } from '@/lib/settlements/estimate';
import type { Settlement } from '@/lib/settlements/service';
import { captionOf, count, plural, dollars, percent, type Declarant, type Figure, type Report, type Row, type Section } from './types';

/**
 * The Settlement Administrator's declaration to the court (DOMAIN.md §6): notice, claims received by
 * status, tier and channel, deficiencies, denials by reason, timely and late exclusions, objections, and
 * the estimated payment per share. Figures the system does not record yet (website and call-center
 * statistics) are present and labeled as pending, so the declaration's structure is stable.
 *
 * The estimated payment is the PROJECTION at the expected claim rate, labeled as such with the claimants
 * and tier mix it assumes (lib/settlements/estimate.ts). While the claim period is open, the claims
 * received so far are a small, early part of those expected: dividing the fund among them gives a
 * figure hundreds of times too high, so the declaration reports their count and shares but no payment
 * computed from them. Once the claim deadline has passed, the payment "on the claims received" is
 * given as well, beside the projection, each with its basis.
 */

export type DeclarationFigures = {
  claims: ReturnType<typeof totalsOf>;
  filings: Awaited<ReturnType<typeof readFilingCounts>>;
  classList: { records: number; undeliverable: number };
  /** From the notice outbox (lib/notices/counts.ts). */
  notices: NoticeCounts;
  denialsByReason: { reason: string; claims: number }[];
  netFundCents: number;
  /** At the expected claim rate (null without a class size, or for a points plan). */
  projection: Estimate | null;
  /** If the claim period ended today: the claims not denied or withdrawn (null before the first). */
  today: Estimate | null;
};

export async function declarationFigures(db: Queryable, s: Settlement): Promise<DeclarationFigures> {
  const claims = totalsOf(await readClaimStats(db, s.id), s.config);
  const filings = await readFilingCounts(db, s.id);
  const classList = await readClassListCounts(db, s.id);
  const notices = await noticeCounts(db, s.id);
  const denials = rowsOf<{ reason: string | null; claims: string | number }>(
    // One row per reason CODE (a denial may cite several, ';'-joined on the claim): "SHARED_PAYOUT;IP_BURST"
    // counts under each code, so a court reads how often each documented reason was relied on.
    await db.execute(sql`select r.reason, count(*) as claims from claims c
      cross join lateral unnest(coalesce(string_to_array(c.decision_reason, ';'), array[null]::text[])) as r(reason)
      where c.settlement_id = ${s.id} and c.status = 'denied' group by 1 order by 2 desc, 1`),
  );
  const net = netFundCents(s.config);
  return {
    claims,
    filings,
    classList,
    notices,
    denialsByReason: denials.map((d) => ({ reason: d.reason ?? 'NO_REASON_RECORDED', claims: Number(d.claims) })),
    netFundCents: net,
    projection: projectedEstimate(s.config),
    today: estimateIfEndedToday(s.config, { claims: claims.payableClaims, shares: wholeUnits(claims.payableUnits) }),
  };
}

export async function buildDeclaration(db: Queryable, s: Settlement, declarant: Declarant, now = new Date()): Promise<Report> {
  const f = await declarationFigures(db, s);
  const sections = declarationSections(s, f, declarant, now);
  const rows: Row[] = sections.flatMap((sec) =>
    (sec.figures ?? []).map((fig) => ({ section: sec.heading, item: fig.label, value: fig.value, note: fig.note ?? null })),
  );
  return {
    kind: 'declaration',
    title: 'Declaration of the Settlement Administrator Regarding Notice, Claims, Requests for Exclusion and Objections',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: s.config.dates.timeZone,
    sections,
    columns: [
      { key: 'section', header: 'Section', width: 3 },
      { key: 'item', header: 'Item', width: 4 },
      { key: 'value', header: 'Value', width: 2, align: 'right' },
      { key: 'note', header: 'Note', width: 2 },
    ],
    pages: async function* () {
      yield rows;
    },
    formats: ['pdf', 'csv', 'json'],
    declarant,
  };
}

export function declarationSections(s: Settlement, f: DeclarationFigures, declarant: Declarant, now: Date): Section[] {
  const c = s.config;
  const classSize = c.classSize ?? f.classList.records;
  const asOf = new Intl.DateTimeFormat('en-US', { timeZone: c.dates.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(now);
  const cl = f.claims;
  const tierName = new Map(c.tiers.map((t) => [t.key, t.name]));
  const n = f.notices;

  const statusFigures: Figure[] = claimStatuses
    .filter((st) => cl.byStatus[st] > 0 || ['received', 'approved', 'deficient', 'denied'].includes(st))
    .map((st) => ({ label: statusLabels[st], value: cl.byStatus[st], note: percent(cl.byStatus[st], cl.total) }));

  const claimPeriodOver = now.getTime() > deadlineEnd(c);
  const estimate = estimateSection(s, f, claimPeriodOver);

  return [
    {
      heading: 'Introduction',
      paragraphs: [
        `I, ${declarant.name}, am ${/^[aeiou]/i.test(declarant.title) ? 'an' : 'a'} ${declarant.title} of ${declarant.administrator} appointed by the Court in this matter. I have personal knowledge of the facts stated in this declaration and, if called as a witness, could and would testify competently to them.`,
        `The figures below are drawn from the administrator's records as of ${asOf} ${timeZoneName(c.dates.timeZone, now)}. The opt-out and objection deadline ${deadlineWord(now, c.dates.objectionDeadline, c.dates.timeZone)} ${formatLongDate(c.dates.objectionDeadline)}; the claim deadline ${deadlineWord(now, c.dates.claimDeadline, c.dates.timeZone)} ${formatLongDate(c.dates.claimDeadline)}.`,
      ],
    },
    {
      heading: 'Notice',
      paragraphs: [
        `The administrator received the class list from ${c.defendant}, containing ${count(f.classList.records)} records${c.classSize ? ` for a class estimated at ${count(c.classSize)} persons` : ''}.`,
        `The administrator issued ${plural(n.issued, 'Notice ID')} with confirmation codes and sent ${plural(n.sent, 'e-mail notice')}; ${count(n.bounced)} ${n.bounced === 1 ? 'was' : 'were'} returned undeliverable (bounced), leaving ${count(n.delivered)} delivered. ${count(n.resent)} ${n.resent === 1 ? 'notice was' : 'notices were'} sent again to updated e-mail addresses. ${count(n.postcards)} class members without a usable e-mail address are notified by postcard.`,
      ],
      figures: [
        { label: 'Class-list records received', value: f.classList.records },
        { label: 'Notice IDs issued', value: n.issued, note: percent(n.issued, f.classList.records) },
        { label: 'E-mail notices sent', value: n.sent },
        { label: 'E-mail notices delivered', value: n.delivered, note: 'sent and not bounced' },
        { label: 'E-mail notices bounced', value: n.bounced, note: percent(n.bounced, n.sent + n.resent) },
        { label: 'E-mail notices re-sent to updated addresses', value: n.resent },
        { label: 'Postcard notices (no usable e-mail)', value: n.postcards },
        ...(n.queued + n.inDoubt > 0 ? [{ label: 'E-mail notices not yet sent', value: n.queued + n.inDoubt }] : []),
        { label: 'Records marked undeliverable', value: f.classList.undeliverable, note: percent(f.classList.undeliverable, f.classList.records) },
      ],
      pending: 'Website and call-center statistics will be reported here once the system records them.',
    },
    {
      heading: 'Claims received',
      paragraphs: [
        `As of the date above, the administrator has received ${plural(cl.total, 'claim')} (${percent(cl.total, classSize)} of the class), of which ${count(cl.timely)} were timely and ${count(cl.late)} were submitted after the claim deadline.`,
      ],
      figures: [
        { label: 'Claims received', value: cl.total, note: `${percent(cl.total, classSize)} of the class` },
        { label: 'Timely claims', value: cl.timely },
        { label: 'Late claims', value: cl.late },
        ...statusFigures.map((x) => ({ ...x, label: `Status: ${x.label}` })),
        ...Object.entries(cl.byTier).map(([k, v]) => ({ label: `Tier: ${tierName.get(k) ?? k}`, value: v, note: percent(v, cl.total) })),
        ...Object.entries(cl.byChannel).map(([k, v]) => ({ label: `Channel: ${channelLabels[k] ?? k}`, value: v, note: percent(v, cl.total) })),
      ],
    },
    {
      heading: 'Deficiencies',
      paragraphs: [
        `The administrator sent ${count(f.filings.deficiencies.issued)} deficiency notices giving claimants ${c.dates.cureDays} days to cure; ${count(f.filings.deficiencies.cured)} have been cured and ${count(f.filings.deficiencies.open)} remain open.`,
      ],
      figures: [
        { label: 'Deficiency notices issued', value: f.filings.deficiencies.issued },
        { label: 'Cured', value: f.filings.deficiencies.cured },
        { label: 'Open', value: f.filings.deficiencies.open },
      ],
    },
    {
      heading: 'Denials by reason',
      paragraphs: [
        f.denialsByReason.length
          ? `The administrator has denied ${count(cl.byStatus.denied)} claims, for the reasons below (stable reason codes documented in the administrator's procedures). A denial citing several reasons is counted under each.`
          : 'No claim has been denied as of the date above.',
      ],
      figures: f.denialsByReason.map((d) => ({ label: `Denied: ${d.reason}`, value: d.claims, note: percent(d.claims, cl.byStatus.denied) })),
      pending: f.denialsByReason.length ? undefined : 'Denials by reason code will be reported here as the review of claims proceeds.',
    },
    {
      heading: 'Requests for exclusion',
      paragraphs: [
        `The administrator received ${plural(f.filings.optOuts.total, 'request')} for exclusion: ${count(f.filings.optOuts.timely)} timely and ${count(f.filings.optOuts.late)} received after the deadline of ${formatLongDate(c.dates.optOutDeadline)}. The list of persons requesting exclusion is attached as Exhibit A.`,
      ],
      figures: [
        { label: 'Requests for exclusion', value: f.filings.optOuts.total, note: `${percent(f.filings.optOuts.total, classSize)} of the class` },
        { label: 'Timely', value: f.filings.optOuts.timely },
        { label: 'Late', value: f.filings.optOuts.late },
      ],
    },
    {
      heading: 'Objections',
      paragraphs: [
        `The administrator received ${plural(f.filings.objections.total, 'objection')} (${count(f.filings.objections.late)} late). ${plural(f.filings.objections.withCounsel, 'objector')} ${f.filings.objections.withCounsel === 1 ? 'is' : 'are'} represented by counsel and ${count(f.filings.objections.willAppear)} stated that they intend to appear at the final approval hearing. The objections are listed in Exhibit B.`,
      ],
      figures: [
        { label: 'Objections', value: f.filings.objections.total, note: `${percent(f.filings.objections.total, classSize)} of the class` },
        { label: 'Timely', value: f.filings.objections.timely },
        { label: 'Late', value: f.filings.objections.late },
        { label: 'Represented by counsel', value: f.filings.objections.withCounsel },
        { label: 'Intend to appear', value: f.filings.objections.willAppear },
        { label: 'With a document attached', value: f.filings.objections.withDocument },
      ],
    },
    estimate,
  ];
}

/**
 * Units are whole numbers (issue 6 §1 moves claims.units to bigint); the aggregate's float sum is
 * rounded only so that a legacy fractional unit cannot make the exact arithmetic throw.
 */
function wholeUnits(units: number): number {
  return Math.round(units);
}

function deadlineEnd(c: Settlement['config']): number {
  return deadlineInstant(c.dates.claimDeadline, c.dates.timeZone).getTime();
}

function estimateSection(s: Settlement, f: DeclarationFigures, claimPeriodOver: boolean): Section {
  const c = s.config;
  const cl = f.claims;
  const p = f.projection;
  const t = f.today;
  const paragraphs = [
    `The net settlement fund is ${dollars(f.netFundCents)} (the ${dollars(c.grossFundCents)} fund less requested attorneys' fees, expenses, service awards, administration costs, taxes and reserves). The payment per share is the net settlement fund divided by the total shares of all valid claims; the estimates below round it down to the cent, and a member of a group receives that amount times the group's shares.`,
    p
      ? `${basisText(p, c.classSize)} On that projection the estimated payment is ${amountsText(p)}. This is a projection from the notice plan's expected claim rate, not a count of claims.`
      : `No projected payment is given: ${!c.classSize ? 'the size of the class is not configured' : 'the plan of allocation pays points from the defendant\'s records, which are known only after verification'}.`,
    claimPeriodOver
      ? t
        ? `On the claims received: ${basisText(t).replace(/^If the claim period ended today: /, '')} On those claims, before the review of claims is finished, the payment would be ${amountsText(t)}.`
        : 'No claim that may be paid has been received.'
      : `The claim period is open until ${formatLongDate(c.dates.claimDeadline)}. The administrator has so far received ${plural(cl.payableClaims, 'claim')} that ${cl.payableClaims === 1 ? 'is' : 'are'} not denied or withdrawn, holding ${count(wholeUnits(cl.payableUnits))} shares; a payment computed from them alone would not be an estimate of the final payment and is not stated.`,
    "The final amounts depend on the number of valid claims after review and on the Court's award of fees and costs.",
  ];
  const figures: Figure[] = [
    { label: 'Gross settlement fund', value: dollars(c.grossFundCents) },
    { label: "Attorneys' fees (requested)", value: dollars(c.deductions.attorneysFees), note: percent(c.deductions.attorneysFees, c.grossFundCents) },
    { label: 'Expenses', value: dollars(c.deductions.expenses) },
    { label: 'Service awards', value: dollars(c.deductions.serviceAwards) },
    { label: 'Administration costs', value: dollars(c.deductions.administrationCosts) },
    { label: 'Taxes and reserves', value: dollars(c.deductions.taxes + c.deductions.reserves) },
    { label: 'Net settlement fund', value: dollars(f.netFundCents) },
  ];
  if (p) {
    figures.push(
      { label: 'Projection: class size', value: c.classSize ?? null },
      { label: 'Projection: expected claim rate', value: percentText(p.claimRate!) },
      { label: 'Projection: claimants', value: p.claimants },
      ...p.perTier.map((x) => ({ label: `Projection: claimants, ${x.name}`, value: x.claimants, note: `${percentText(x.mixShare ?? 0)} of claimants` })),
      { label: 'Projection: shares', value: p.shares },
      { label: 'Projected payment per share', value: dollars(p.perShareCents), note: 'projection' },
      ...p.perTier.map((x) => ({ label: `Projected payment, ${x.name}`, value: dollars(x.cents!), note: `${x.shares} share${x.shares === 1 ? '' : 's'}` })),
    );
  }
  figures.push(
    { label: 'Claims received so far, not denied or withdrawn', value: cl.payableClaims },
    { label: 'Shares of those claims', value: wholeUnits(cl.payableUnits) },
  );
  if (claimPeriodOver && t) {
    figures.push(
      { label: 'Payment per share on the claims received', value: dollars(t.perShareCents), note: 'before review' },
      ...t.perTier.map((x) => ({
        label: `Payment on the claims received, ${x.name}`,
        value: x.cents === null ? '—' : dollars(x.cents),
        note: x.shares !== null ? `${x.shares} share${x.shares === 1 ? '' : 's'}` : 'points',
      })),
    );
  }
  return { heading: p ? 'Estimated payment (projection)' : 'Estimated payment', paragraphs, figures };
}

function deadlineWord(now: Date, isoDate: string, timeZone: string): string {
  return now.getTime() > deadlineInstant(isoDate, timeZone).getTime() ? 'was' : 'is';
}
