import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { formatCents } from '@/lib/money';
import type { RunTotals } from '@/lib/payouts/runner';
import { getRun } from '@/lib/payouts/service';
import type { Settlement } from '@/lib/settlements/service';
import { captionOf, count, type Declarant, type Report, type Row } from './types';

/**
 * `report payout-run --run RUN` (INTERFACES.md §3.3): one run's inputs hash, plan, net distributable
 * amount and totals by tier — what anyone needs to reproduce it (`fairshare payouts verify RUN`).
 * One row per tier; the payments themselves are `payouts export`.
 */
export async function buildPayoutRunReport(db: Db, s: Settlement, runId: string | undefined, declarant: Declarant, now = new Date()): Promise<Report> {
  if (!runId) throw new AppError('usage', 'the payout-run report needs --run RUN');
  const run = await getRun(db, s.id, runId);
  if (!run) throw new AppError('not_found', `no payout run ${runId} in "${s.slug}"`);
  const t = (run.totals ?? { perTier: {}, pools: [] }) as RunTotals;
  const plan = run.plan as { deductions?: Record<string, number>; grossFundCents?: number; allocation?: Record<string, unknown> };
  const rows: Row[] = Object.entries(t.perTier).map(([tier, v]) => ({ tier, claims: v.claims, units: v.units, amount_cents: v.cents, amount: formatCents(v.cents), no_payment: v.noPayment }));
  return {
    kind: 'payout-run',
    title: `Payout run ${run.id}`,
    caption: captionOf(s),
    generatedAt: now,
    timeZone: s.config.dates.timeZone,
    sections: [
      {
        heading: 'The run',
        paragraphs: [
          `Round ${run.round}, ${run.status}. Computed under configuration version ${run.configVersion} by code version ${run.codeVersion}. ` +
            `Anyone can recompute it from the database with "fairshare payouts verify ${run.id}", which must print the same inputs hash.`,
        ],
        figures: [
          { label: 'Inputs hash', value: run.inputsHash ?? '(not computed)' },
          { label: 'Gross fund', value: formatCents(plan.grossFundCents ?? 0) },
          ...Object.entries(plan.deductions ?? {}).map(([k, v]) => ({ label: `Deduction: ${k}`, value: formatCents(v) })),
          { label: 'Net distributable amount', value: formatCents(run.distributableCents) },
          { label: 'Allocated to claims', value: formatCents(run.allocatedCents ?? 0) },
          { label: 'Residue', value: formatCents(run.residueCents ?? 0) },
          { label: 'Claims', value: count(run.claims ?? 0) },
          { label: 'Smallest payment', value: t.smallestCents == null ? '—' : formatCents(t.smallestCents) },
          { label: 'Largest payment', value: t.largestCents == null ? '—' : formatCents(t.largestCents) },
          { label: 'Claims under the minimum', value: count(t.droppedByMinimum ?? 0) },
          ...t.pools.map((p) => ({ label: `Share value, pool ${p.key}`, value: `${p.shareValueCents}¢ per unit` })),
        ],
      },
      { heading: 'Plan of allocation', paragraphs: [JSON.stringify(plan.allocation ?? {})] },
    ],
    columns: [
      { key: 'tier', header: 'Tier' },
      { key: 'claims', header: 'Claims', align: 'right' },
      { key: 'units', header: 'Units', align: 'right' },
      { key: 'amount_cents', header: 'Amount (cents)', align: 'right' },
      { key: 'amount', header: 'Amount', align: 'right' },
      { key: 'no_payment', header: 'No payment', align: 'right' },
    ],
    pages: async function* () {
      yield rows;
    },
    tableTitle: 'Totals by tier',
    formats: ['pdf', 'csv', 'json'],
    declarant,
  };
}
