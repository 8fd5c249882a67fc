import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { readClaimStats, readClassListCounts, readFilingCounts, totalsOf } from '@/lib/dashboard/stats';
import { noticeCounts, type NoticeCounts } from '@/lib/notices/counts';
import { distributableCents, netFundCents } from '@/lib/settlements/config';
import type { Settlement } from '@/lib/settlements/service';
import { captionOf, count, dollars, percent, type Declarant, type Figure, type Report, type Row, type Section } from './types';

/**
 * The post-distribution accounting (`fairshare report distribution`; DOMAIN.md §6, the N.D. Cal.
 * Procedural Guidance for Class Action Settlements). Every figure is computed from the records — the
 * class list, the notice outbox, the claims, the filings, the approved payout runs and their payments'
 * states — and none is typed in: the fee, cost and lodestar figures are the settlement configuration's,
 * which is what the Court awarded.
 *
 * "Paid" means a payment the rail confirmed (state paid). Money handed to a rail and not yet confirmed is
 * reported as outstanding, and money that came back (failed, returned, voided, uncashed) as unpaid, so
 * paid + outstanding + unpaid + residue always adds up to the net distributable amount of the rounds run.
 */

export type PaymentFigures = {
  /** Claimants with at least one confirmed payment, and their recoveries (all rounds summed per claimant). */
  claimantsPaid: number;
  paidCents: number;
  averageCents: number | null;
  medianCents: number | null;
  largestCents: number | null;
  smallestCents: number | null;
  byMethod: { method: string; payments: number; cents: number }[];
  checksNotCashed: { count: number; cents: number };
  outstandingCents: number;
  unpaidCents: number;
  /** Allocated by the approved/locked runs (every round), and what those runs left to the residue. */
  allocatedCents: number;
  residueCents: number;
  distributableCents: number;
  rounds: number;
};

export type DistributionFigures = {
  claims: ReturnType<typeof totalsOf>;
  filings: Awaited<ReturnType<typeof readFilingCounts>>;
  classList: { records: number; undeliverable: number };
  notices: NoticeCounts;
  payments: PaymentFigures;
  fraud: { flaggedForReview: number; recommendedDenial: number; deniedForFraud: number; clusters: number };
};

/** Reason codes that are fraud findings (lib/fraud); a denial for one of them is a "potential fraud issue". */
const FRAUD_CODES = ['SHARED_PAYOUT', 'DUPLICATE_EMAIL', 'DUPLICATE_PHONE', 'DUPLICATE_RECORD', 'IP_BURST', 'UA_BURST', 'DISPOSABLE_EMAIL', 'FAST_FORM', 'HONEYPOT', 'NOT_IN_CLASS', 'RECORD_CONFLICT', 'ATTESTATION_CONTRADICTED'];

const num = (v: unknown) => Number(v ?? 0);
const maybe = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function paymentFigures(db: Queryable, settlementId: string): Promise<PaymentFigures> {
  // Only runs that were approved (and so may be disbursed) count; drafts and superseded runs never paid anyone.
  const runs = sql`select id from payout_runs where settlement_id = ${settlementId} and status in ('approved', 'locked')`;
  const [recovery] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with per_claimant as (
        select claim_pk, sum(amount_cents) as cents from payments
        where run_id in (${runs}) and state = 'paid' group by claim_pk
      )
      select count(*) as claimants, coalesce(sum(cents), 0) as paid, avg(cents) as average,
             percentile_disc(0.5) within group (order by cents) as median
      from per_claimant`),
  );
  const [single] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select max(amount_cents) as largest, min(amount_cents) as smallest from payments
      where run_id in (${runs}) and state = 'paid' and amount_cents > 0`),
  );
  const byMethod = rowsOf<{ method: string; payments: unknown; cents: unknown }>(
    await db.execute(sql`select payment_method as method, count(*) as payments, sum(amount_cents) as cents from payments
      where run_id in (${runs}) and state = 'paid' group by 1 order by 1`),
  );
  const [states] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
        coalesce(sum(amount_cents) filter (where state in ('queued', 'submitted', 'unclaimed')), 0) as outstanding,
        coalesce(sum(amount_cents) filter (where state in ('failed', 'returned', 'voided', 'uncashed', 'reissued')), 0) as unpaid,
        count(*) filter (where payment_method = 'check' and state = 'uncashed') as checks_uncashed,
        coalesce(sum(amount_cents) filter (where payment_method = 'check' and state = 'uncashed'), 0) as checks_uncashed_cents
      from payments where run_id in (${runs})`),
  );
  const [totals] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select coalesce(sum(allocated_cents), 0) as allocated, coalesce(sum(residue_cents), 0) as residue,
        coalesce(sum(distributable_cents), 0) as distributable, count(distinct round) as rounds
      from payout_runs where settlement_id = ${settlementId} and status in ('approved', 'locked')`),
  );
  const avg = maybe(recovery.average);
  return {
    claimantsPaid: num(recovery.claimants),
    paidCents: num(recovery.paid),
    averageCents: avg === null ? null : Math.floor(avg),
    medianCents: maybe(recovery.median),
    largestCents: maybe(single.largest),
    smallestCents: maybe(single.smallest),
    byMethod: byMethod.map((m) => ({ method: m.method, payments: num(m.payments), cents: num(m.cents) })),
    checksNotCashed: { count: num(states.checks_uncashed), cents: num(states.checks_uncashed_cents) },
    outstandingCents: num(states.outstanding),
    unpaidCents: num(states.unpaid),
    allocatedCents: num(totals.allocated),
    residueCents: num(totals.residue),
    distributableCents: num(totals.distributable),
    rounds: num(totals.rounds),
  };
}

export async function distributionFigures(db: Queryable, s: Settlement): Promise<DistributionFigures> {
  const [fraud] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select
        count(*) filter (where fraud_action = 'review') as review,
        count(*) filter (where fraud_action = 'recommend_deny') as recommend_deny,
        count(*) filter (where status = 'denied' and string_to_array(coalesce(decision_reason, ''), ';') && ${`{${FRAUD_CODES.join(',')}}`}::text[]) as denied_fraud,
        count(distinct fraud_cluster_id) as clusters
      from claims where settlement_id = ${s.id}`),
  );
  return {
    claims: totalsOf(await readClaimStats(db, s.id), s.config),
    filings: await readFilingCounts(db, s.id),
    classList: await readClassListCounts(db, s.id),
    notices: await noticeCounts(db, s.id),
    payments: await paymentFigures(db, s.id),
    fraud: { flaggedForReview: num(fraud.review), recommendedDenial: num(fraud.recommend_deny), deniedForFraud: num(fraud.denied_fraud), clusters: num(fraud.clusters) },
  };
}

const METHOD_LABELS: Record<string, string> = { paypal: 'PayPal', venmo: 'Venmo', prepaid_card: 'Prepaid card', check: 'Check', ach: 'Bank transfer (ACH)', zelle: 'Zelle' };
const money = (cents: number | null) => (cents === null ? '—' : dollars(cents));

/** The sections of the accounting (pure, from the figures): one per group of the Procedural Guidance. */
export function distributionSections(s: Settlement, f: DistributionFigures): Section[] {
  const c = s.config;
  const d = c.deductions;
  const p = f.payments;
  const members = f.classList.records;
  const notified = f.notices.delivered + f.notices.postcards;
  const feesPercent = percent(d.attorneysFees, c.grossFundCents);
  const multiplier = c.lodestarCents ? (d.attorneysFees / c.lodestarCents).toFixed(2) : null;
  const undistributed = p.distributableCents > 0 ? p.distributableCents - p.paidCents : distributableCents(c);
  const cyPres = c.allocation.residue === 'cy_pres' ? c.allocation.cyPresRecipients : [];
  const paymentFigures: Figure[] = [
    { label: 'Claimants paid', value: p.claimantsPaid, note: percent(p.claimantsPaid, f.claims.total) + ' of claims' },
    { label: 'Total paid to claimants', value: money(p.paidCents) },
    { label: 'Average recovery per claimant', value: money(p.averageCents) },
    { label: 'Median recovery per claimant', value: money(p.medianCents) },
    { label: 'Largest payment', value: money(p.largestCents) },
    { label: 'Smallest payment', value: money(p.smallestCents) },
    ...p.byMethod.map((m) => ({ label: `Paid by ${METHOD_LABELS[m.method] ?? m.method}`, value: money(m.cents), note: `${count(m.payments)} payments` })),
    { label: 'Checks not cashed', value: p.checksNotCashed.count, note: money(p.checksNotCashed.cents) },
    { label: 'Sent, not yet confirmed', value: money(p.outstandingCents) },
    { label: 'Failed, returned, voided or uncashed (owed again)', value: money(p.unpaidCents) },
  ];
  return [
    {
      heading: 'The fund',
      paragraphs: [
        `The settlement fund is ${dollars(c.grossFundCents)}. After attorneys’ fees, expenses, service awards, administration costs, taxes and reserves, ${dollars(netFundCents(c))} is distributable to claimants.`,
      ],
      figures: [
        { label: 'Total settlement fund', value: money(c.grossFundCents) },
        { label: 'Attorneys’ fees', value: money(d.attorneysFees), note: `${feesPercent} of the fund` },
        { label: 'Attorneys’ costs and expenses', value: money(d.expenses) },
        { label: 'Lodestar multiplier', value: multiplier ?? '—', note: multiplier ? `fees ÷ lodestar of ${dollars(c.lodestarCents!)}` : 'no lodestar in the settlement configuration' },
        { label: 'Service awards', value: money(d.serviceAwards) },
        { label: 'Administration costs', value: money(d.administrationCosts) },
        { label: 'Taxes', value: money(d.taxes) },
        { label: 'Net settlement fund', value: money(netFundCents(c)) },
      ],
    },
    {
      heading: 'Notice',
      paragraphs: [
        `The class list holds ${count(members)} members. Notice was given by e-mail to ${count(f.notices.sent)} members (${count(f.notices.bounced)} returned undeliverable) and by postcard to ${count(f.notices.postcards)} without a usable e-mail address.`,
      ],
      figures: [
        { label: 'Class members', value: members },
        { label: 'Notified and not returned undeliverable', value: notified, note: percent(notified, members) },
        { label: 'Methods of notice', value: [f.notices.sent ? 'e-mail' : null, f.notices.postcards ? 'postcard' : null, 'settlement website'].filter(Boolean).join(', ') },
      ],
    },
    {
      heading: 'Claims, exclusions and objections',
      paragraphs: [],
      figures: [
        { label: 'Claims', value: f.claims.total, note: percent(f.claims.total, members) + ' of class members' },
        { label: 'Requests for exclusion', value: f.filings.optOuts.total, note: percent(f.filings.optOuts.total, members) },
        { label: 'Objections', value: f.filings.objections.total, note: percent(f.filings.objections.total, members) },
      ],
    },
    {
      heading: 'Payments',
      paragraphs: p.rounds
        ? [`${count(p.rounds)} distribution round${p.rounds === 1 ? '' : 's'} approved, allocating ${dollars(p.allocatedCents)} of ${dollars(p.distributableCents)}.`]
        : ['No payout run has been approved yet: the payment figures are empty until one is.'],
      figures: [
        ...paymentFigures,
        { label: 'Methods of payment', value: p.byMethod.map((m) => METHOD_LABELS[m.method] ?? m.method).join(', ') || '—' },
      ],
    },
    {
      heading: 'Residue and cy pres',
      paragraphs: [
        cyPres.length
          ? `The plan sends money that cannot be distributed to the cy pres recipient${cyPres.length === 1 ? '' : 's'} approved by the Court: ${cyPres.join('; ')}.`
          : `The plan’s residue rule is “${c.allocation.residue}”.`,
      ],
      figures: [
        { label: 'Amount left undistributed', value: money(undistributed), note: 'distributable less paid' },
        { label: 'Residue of the approved runs', value: money(p.residueCents) },
        ...cyPres.map((r) => ({ label: `Cy pres: ${r}`, value: '—', note: 'to be paid from the residue after the last round' })),
      ],
    },
    {
      heading: 'Potential fraud',
      paragraphs: [],
      figures: [
        { label: 'Claims flagged for review', value: f.fraud.flaggedForReview },
        { label: 'Claims recommended for denial by the fraud rules', value: f.fraud.recommendedDenial },
        { label: 'Claims denied for a fraud finding', value: f.fraud.deniedForFraud },
        { label: 'Clusters of linked claims', value: f.fraud.clusters },
      ],
    },
  ];
}

export async function buildDistribution(db: Queryable, s: Settlement, declarant: Declarant, now = new Date()): Promise<Report> {
  const sections = distributionSections(s, await distributionFigures(db, s));
  const rows: Row[] = sections.flatMap((sec) => (sec.figures ?? []).map((fig) => ({ section: sec.heading, item: fig.label, value: fig.value, note: fig.note ?? null })));
  return {
    kind: 'distribution',
    title: 'Post-Distribution Accounting',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: s.config.dates.timeZone,
    sections,
    columns: [
      { key: 'section', header: 'Section', width: 2 },
      { key: 'item', header: 'Item', width: 4 },
      { key: 'value', header: 'Value', width: 2, align: 'right' },
      { key: 'note', header: 'Note', width: 3 },
    ],
    pages: async function* () {
      yield rows;
    },
    formats: ['pdf', 'csv', 'json'],
    declarant,
  };
}
