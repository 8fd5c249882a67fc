import type { RunTotals } from './runner';
import type { PayoutRun } from './service';

/** Two runs side by side: the figures, and what changed in plain words (the why: configuration, claims, share value). */
export type Comparison = { rows: { label: string; a: string | number; b: string | number; money?: boolean }[]; reasons: string[] };

export function compareRuns(a: PayoutRun, b: PayoutRun): Comparison {
  const ta = (a.totals ?? { perTier: {}, pools: [] }) as RunTotals;
  const tb = (b.totals ?? { perTier: {}, pools: [] }) as RunTotals;
  const rows: Comparison['rows'] = [
    { label: 'Status', a: a.status, b: b.status },
    { label: 'Round', a: a.round, b: b.round },
    { label: 'Configuration version', a: a.configVersion, b: b.configVersion },
    { label: 'Code version', a: a.codeVersion, b: b.codeVersion },
    { label: 'Net distributable', a: a.distributableCents, b: b.distributableCents, money: true },
    { label: 'Allocated', a: a.allocatedCents ?? 0, b: b.allocatedCents ?? 0, money: true },
    { label: 'Residue', a: a.residueCents ?? 0, b: b.residueCents ?? 0, money: true },
    { label: 'Claims', a: a.claims ?? 0, b: b.claims ?? 0 },
  ];
  const reasons: string[] = [];
  if (a.configVersion !== b.configVersion) reasons.push(`The settlement configuration changed: version ${a.configVersion} → ${b.configVersion}.`);
  if (a.distributableCents !== b.distributableCents) reasons.push(`The net distributable amount changed (deductions, interest or round): ${a.distributableCents} → ${b.distributableCents} cents.`);
  const tiers = [...new Set([...Object.keys(ta.perTier), ...Object.keys(tb.perTier)])].sort();
  for (const t of tiers) {
    const x = ta.perTier[t] ?? { claims: 0, units: 0, cents: 0, noPayment: 0 };
    const y = tb.perTier[t] ?? { claims: 0, units: 0, cents: 0, noPayment: 0 };
    rows.push({ label: `${t}: claims`, a: x.claims, b: y.claims }, { label: `${t}: amount`, a: x.cents, b: y.cents, money: true });
    if (x.claims !== y.claims) reasons.push(`${y.claims - x.claims > 0 ? 'More' : 'Fewer'} approved ${t} claims: ${x.claims} → ${y.claims}.`);
    else if (x.units !== y.units) reasons.push(`The ${t} claims' units changed: ${x.units} → ${y.units}.`);
  }
  const pools = [...new Set([...ta.pools.map((p) => p.key), ...tb.pools.map((p) => p.key)])];
  for (const k of pools) {
    const x = ta.pools.find((p) => p.key === k)?.shareValueCents ?? '—';
    const y = tb.pools.find((p) => p.key === k)?.shareValueCents ?? '—';
    rows.push({ label: `Share value (${k}), cents per unit`, a: x, b: y });
    if (x !== y) reasons.push(`So the share value of pool ${k} moved from ${x}¢ to ${y}¢ per unit.`);
  }
  if (a.inputsHash !== b.inputsHash && reasons.length === 0) reasons.push('The inputs hash differs: the same counts, but different claims (ids, tiers or units).');
  rows.push({ label: 'Inputs hash', a: a.inputsHash?.slice(0, 16) ?? '—', b: b.inputsHash?.slice(0, 16) ?? '—' });
  return { rows, reasons };
}
