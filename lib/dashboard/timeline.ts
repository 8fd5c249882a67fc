import type { SettlementConfig } from '@/lib/settlements/config';
import { addDays, daysBetween, localDate, timeLeft } from '@/lib/settlements/deadlines';

/**
 * The key dates of a settlement as a timeline for the case manager: how long is left, a warning when a
 * date is close, and the work that must be done before it (a plain-language checklist). Pure.
 */

export type DeadlineKey =
  | 'noticeDate'
  | 'objectionDeadline'
  | 'optOutDeadline'
  | 'claimDeadline'
  | 'finalApprovalHearing'
  | 'effectiveDate'
  | 'paymentDate'
  | 'checkStaleDate'
  | 'dataDestructionDate';

export type TimelineItem = {
  key: DeadlineKey;
  label: string;
  date: string;
  days: number;
  when: string;
  state: 'past' | 'due-soon' | 'upcoming';
  checklist: string[];
};

/** A date closer than this many days is flagged. */
export const WARNING_DAYS = 7;

const CHECKLISTS: Record<DeadlineKey, string[]> = {
  noticeDate: [
    'Class list imported and de-duplicated',
    'Notice IDs and confirmation codes issued',
    'Settlement website, FAQ and documents published',
    'Notice file sent to the e-mail and mail vendors',
  ],
  optOutDeadline: [
    'Every mailed request for exclusion entered',
    'Late requests marked as late',
    'Exclusion list (Exhibit A) reviewed with counsel',
  ],
  objectionDeadline: [
    'Every mailed objection and its documents entered',
    'Objections report (Exhibit B) sent to counsel',
  ],
  claimDeadline: [
    'Reminder notice sent',
    'Mailed claims postmarked by the deadline entered',
    'Deficiency notices sent with their cure window',
  ],
  finalApprovalHearing: [
    "Administrator's declaration filed (claims, exclusions, objections, estimated payment)",
    'Exclusion list attached for the judgment',
    'Fraud review summary ready for the Court',
  ],
  effectiveDate: ['Review of claims finished and denials sent', 'Payout run computed and checked'],
  paymentDate: ['Payout run approved by a second person', 'Payments sent by each method', 'Failed payments queued for re-issue'],
  checkStaleDate: ['Uncashed checks voided with the bank (positive pay)', 'Residue plan (second distribution, cy pres or escheat) prepared'],
  dataDestructionDate: ['Post-distribution accounting filed', 'Settlement data key destroyed and destruction recorded'],
};

export function buildTimeline(config: Pick<SettlementConfig, 'dates'>, now: Date): TimelineItem[] {
  const d = config.dates;
  const entries: [DeadlineKey, string, string | undefined][] = [
    ['noticeDate', 'Notice date', d.noticeDate],
    ...((d.optOutDeadline === d.objectionDeadline
      ? [['optOutDeadline', 'Opt-out and objection deadline', d.optOutDeadline]]
      : [
          ['optOutDeadline', 'Opt-out deadline', d.optOutDeadline],
          ['objectionDeadline', 'Objection deadline', d.objectionDeadline],
        ]) as [DeadlineKey, string, string][]),
    ['claimDeadline', 'Claim deadline', d.claimDeadline],
    ['finalApprovalHearing', 'Final approval hearing', d.finalApprovalHearing],
    ['effectiveDate', 'Effective date', d.effectiveDate],
    ['paymentDate', 'Payment date', d.paymentDate],
    // Checks go stale checkVoidDays after they are issued; personal data is destroyed dataDestructionDays after that.
    ['checkStaleDate', 'Checks go stale', d.paymentDate ? addDays(d.paymentDate, d.checkVoidDays) : undefined],
    ['dataDestructionDate', 'Personal data destroyed', d.paymentDate ? addDays(d.paymentDate, d.checkVoidDays + d.dataDestructionDays) : undefined],
  ];
  return entries
    .filter((e): e is [DeadlineKey, string, string] => Boolean(e[2]))
    .map(([key, label, date]) => {
      const left = timeLeft(now, date, d.timeZone);
      const checklist = key === 'optOutDeadline' && d.optOutDeadline === d.objectionDeadline ? [...CHECKLISTS.optOutDeadline, ...CHECKLISTS.objectionDeadline] : CHECKLISTS[key];
      return {
        key,
        label,
        date,
        days: left.days,
        when: left.passed ? left.label.replace('closed', 'passed') : left.label.replace(' left', ' to go').replace('closes today at 11:59 p.m.', 'today'),
        state: left.passed ? 'past' : left.days <= WARNING_DAYS ? 'due-soon' : 'upcoming',
        checklist,
      } satisfies TimelineItem;
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Expected claims per day, so the case manager sees at a glance whether the claim rate is on track.
 *
 * The model: expected total E = classSize × expectedClaimRate, spread over the claim period (notice date
 * to claim deadline, D days) as three parts seen in real notice programmes —
 *   50% as a wave after notice that halves every 7 days (most people act on the notice or not at all),
 *   30% evenly over the whole period (word of mouth, press, the website),
 *   20% evenly over the last 14 days (reminder notice and the deadline rush).
 * Each part is normalised over the period, so the expected days sum to E. It is a planning guide, not
 * a forecast: the settlement's own history is the better predictor once a few weeks are in.
 */
export function expectedClaimsPerDay(config: Pick<SettlementConfig, 'dates' | 'classSize' | 'expectedClaimRate'>): { day: string; expected: number }[] {
  const { noticeDate, claimDeadline } = config.dates;
  const days = daysBetween(noticeDate, claimDeadline) + 1;
  if (!config.classSize || days <= 0) return [];
  const total = config.classSize * config.expectedClaimRate;
  const wave = Array.from({ length: days }, (_, i) => Math.pow(0.5, i / 7));
  const waveSum = wave.reduce((a, b) => a + b, 0);
  const rushDays = Math.min(14, days);
  return Array.from({ length: days }, (_, i) => {
    const rush = i >= days - rushDays ? 0.2 / rushDays : 0;
    const share = (0.5 * wave[i]) / waveSum + 0.3 / days + rush;
    return { day: addDays(noticeDate, i), expected: total * share };
  });
}

export function todayIn(now: Date, timeZone: string): string {
  return localDate(now, timeZone);
}

export type IntakeDay = {
  day: string;
  claims: number;
  /** Expected on this day under the plan (null outside the claim period). */
  expected: number | null;
  /** Claims received up to and including this day. */
  cumulative: number;
  /** Claims the plan expected by the end of this day (rounded; null before the notice date). */
  cumulativeExpected: number | null;
};

/**
 * Claims per day with their running totals beside the plan's, from `start` to `end` inclusive. The
 * dashboard charts the two running totals on ONE axis: on two axes, intake at 0.14% of plan drew the
 * same curve as the plan and looked on track.
 */
export function intakeSeries(
  perDay: { day: string; claims: number }[],
  expected: { day: string; expected: number }[],
  start: string,
  end: string,
): IntakeDay[] {
  const actual = new Map(perDay.map((d) => [d.day, d.claims]));
  const plan = new Map(expected.map((e) => [e.day, e.expected]));
  const planStart = expected[0]?.day;
  const out: IntakeDay[] = [];
  let cum = 0;
  let cumPlan = 0;
  // Claims dated before `start` (none in practice: start is the earlier of notice date and first claim) still count.
  for (const d of perDay) if (d.day < start) cum += d.claims;
  for (let d = start, i = 0; d <= end && i < 2000; i++, d = addDays(d, 1)) {
    const claims = actual.get(d) ?? 0;
    const e = plan.get(d);
    cum += claims;
    if (e !== undefined) cumPlan += e;
    out.push({
      day: d,
      claims,
      expected: e === undefined ? null : Math.round(e),
      cumulative: cum,
      cumulativeExpected: planStart !== undefined && d >= planStart ? Math.round(cumPlan) : null,
    });
  }
  return out;
}

/** "0.14%" of plan, with enough digits that a small share never reads as 0% (or as on plan). */
export function percentOfPlan(received: number, expected: number): string {
  if (expected <= 0) return '—';
  const p = (100 * received) / expected;
  if (p === 0) return '0%';
  if (p < 0.01) return '<0.01%';
  return `${p < 10 ? p.toFixed(2) : p < 100 ? p.toFixed(1) : p.toFixed(0)}%`;
}
