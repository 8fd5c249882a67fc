import { formatCents } from '@/lib/money';
import type { RailLine } from '@/lib/disburse/reconcile';

const RAIL_NAMES: Record<string, string> = { ach: 'ACH', check: 'Checks', paypal: 'PayPal / Venmo', prepaid: 'Prepaid cards', stripe: 'Stripe', none: 'No rail yet', total: 'Total' };
export const railName = (r: string) => RAIL_NAMES[r] ?? r;

/**
 * One rail's progress: a bar of confirmed (paid) and sent against intended, and the buckets of
 * lib/disburse/reconcile.ts as numbers, so people who would rather look see the bar and the rest read.
 */
export function RailProgress({ line, compact }: { line: RailLine; compact?: boolean }) {
  const pct = (c: number) => (line.intended.cents ? Math.round((c / line.intended.cents) * 1000) / 10 : 0);
  return (
    <div className="rail-progress">
      <div className="rail-progress-head">
        <strong>{railName(line.rail)}</strong>
        <span className="muted small">
          {formatCents(line.confirmed.cents)} of {formatCents(line.intended.cents)} confirmed ({pct(line.confirmed.cents)}%)
        </span>
      </div>
      <progress max={Math.max(line.intended.cents, 1)} value={line.confirmed.cents} aria-label={`${railName(line.rail)}: ${pct(line.confirmed.cents)}% of the money confirmed paid`} />
      {!compact && (
        <dl className="rail-buckets small">
          {(
            [
              ['Intended', line.intended],
              ['Not sent', line.not_sent],
              ['Sent', line.sent],
              ['Confirmed', line.confirmed],
              ['Failed', line.failed],
              ['Returned', line.returned],
              ['Unclaimed', line.unclaimed],
              ['Voided', line.voided],
              ['Uncashed', line.uncashed],
              ['Outstanding', line.outstanding],
            ] as const
          ).map(([label, m]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {m.count} · {formatCents(m.cents)}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
