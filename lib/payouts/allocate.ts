/**
 * The pure core of a payout run (DOMAIN.md §4): who gets how many cents, exactly.
 *
 * Claims with equal units get equal exact shares, so the whole computation runs on a summary — one
 * row per (pool, units) with its claim count — never on the claims themselves:
 *
 *   1. Water-filling per pool: while the largest group's exact share passes the cap, pay that group
 *      the cap and share what is left among the others; while the smallest group's share is under the
 *      minimum, drop it (its money stays in the pool). Capping and dropping both raise the share value
 *      of the rest, so the loop only moves one way and stops after at most one step per group.
 *   2. Largest remainder per pool: each paid group's exact share T·u/U is floored; the leftover cents
 *      L = T − Σ floor (fewer than the number of paid claims) go one each to the claims with the largest
 *      remainders (T·u mod U). Every claim of a group has the same remainder, so whole groups receive a
 *      cent in remainder order until at most one "remainder class" (the groups sharing one remainder)
 *      gets only k < its count cents: those go to its first k claims by claim id. The tie-break therefore
 *      needs no sort of the claims: a stream of claims in claim-id order (the runner's keyset order)
 *      hands the extra cent to the first k members of that class it meets.
 *
 * The result sums exactly to the distributable amount (less any residue no claim can take), does not
 * depend on the order claims are given in, pays equal units within one cent of each other, never pays
 * more units less money, and honours caps and minimums after redistribution (allocate.test.ts).
 *
 * Arithmetic bound: amounts are cents and units whole numbers (claims.units). The product T·u reaches
 * 10^12 cents ($10B) × 10^9 units (the largest unit count config.ts allows) = 10^21, and U = Σ u·n at
 * 30M claims × 10^9 = 3·10^16: both pass 2^53 (9.007·10^15), so every summary quantity is a BigInt.
 * The summary has one entry per distinct units value, so BigInt costs nothing at 30M claims; a single
 * claim's payment is at most the fund (< 2^53 cents), which is why the per-claim path uses numbers.
 */

export type PoolPlan = {
  key: string;
  /** The pool's amount; absent for the main pool (what the sub-pools leave) and for uncapped-amount sub-pools. */
  amountCents?: bigint;
  capCents?: bigint;
  minimumCents: bigint;
  /** Where a sub-pool's unpaid money goes. The main pool's always goes to the residue. */
  unused: 'main_pool' | 'residue';
};

export type AllocationPlan = {
  distributableCents: bigint;
  /** The sub-pools in the order they are paid, then the main pool (key MAIN_POOL). */
  pools: PoolPlan[];
};

export const MAIN_POOL = 'main';

/** One summary row: `count` claims with `units` units each in `pool`. */
export type UnitGroup = { pool: string; units: number; count: number };

export type GroupOutcome = {
  units: number;
  count: number;
  kind: 'paid' | 'capped' | 'dropped';
  /** Every claim of the group gets base cents… */
  baseCents: number;
  /** …plus one cent: 'all' of them, 'none', or the first k of the pool's partial class by claim id. */
  extra: 'all' | 'none' | 'partial';
  /** T·u mod U (paid groups): the remainder that orders the extra cents. As a decimal string, it may pass 2^53. */
  remainder: string;
};

export type PoolOutcome = {
  key: string;
  /** What the pool had to share (after its caps: paidCents + unusedCents + cappedCents). */
  amountCents: bigint;
  /** T and U of the share value T/U cents per unit among the paid (uncapped) groups. */
  shareNumerator: bigint;
  shareDenominator: bigint;
  paidCents: bigint;
  unusedCents: bigint;
  unusedTo: 'main_pool' | 'residue';
  groups: Map<number, GroupOutcome>;
  /** The remainder class that gets fewer cents than it has claims: the first k claims by claim id get one more cent. */
  partial: { units: number[]; k: number } | null;
  claims: number;
  paidClaims: number;
  cappedClaims: number;
  droppedClaims: number;
};

export type AllocationResult = {
  distributableCents: bigint;
  allocatedCents: bigint;
  residueCents: bigint;
  pools: Map<string, PoolOutcome>;
};

type Work = { units: number; u: bigint; n: bigint; count: number; kind: GroupOutcome['kind'] };

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * Allocates a run from its summary. Groups of a pool the plan does not name are an error (the runner
 * maps every tier to a pool first); several rows with the same (pool, units) are added up.
 */
export function allocate(plan: AllocationPlan, summary: readonly UnitGroup[]): AllocationResult {
  if (plan.distributableCents < 0n) throw new RangeError('the distributable amount is negative');
  const byPool = new Map<string, Map<number, number>>();
  for (const p of plan.pools) byPool.set(p.key, new Map());
  for (const g of summary) {
    const pool = byPool.get(g.pool);
    if (!pool) throw new RangeError(`claims in an unknown pool "${g.pool}"`);
    if (!Number.isSafeInteger(g.units) || g.units < 0) throw new RangeError(`units must be whole and not negative (got ${g.units})`);
    if (!Number.isSafeInteger(g.count) || g.count < 0) throw new RangeError(`a count must be whole (got ${g.count})`);
    if (g.count > 0) pool.set(g.units, (pool.get(g.units) ?? 0) + g.count);
  }

  let remaining = plan.distributableCents;
  let toMain = 0n;
  let residue = 0n;
  const pools = new Map<string, PoolOutcome>();
  for (const p of plan.pools) {
    const groups = [...byPool.get(p.key)!.entries()].map(([units, count]) => ({ units, count }));
    let amount: bigint;
    if (p.key === MAIN_POOL) amount = remaining + toMain;
    else if (p.amountCents !== undefined) amount = bigMin(p.amountCents, remaining);
    else {
      // No pool limit: as much as its claims' caps allow (a documented fixed amount per claim).
      const claims = groups.reduce((s, g) => s + BigInt(g.count), 0n);
      amount = bigMin(remaining, (p.capCents ?? 0n) * claims);
    }
    if (p.key !== MAIN_POOL) remaining -= amount;
    else remaining = 0n;
    const out = allocatePool(p, amount, groups);
    pools.set(p.key, out);
    if (p.key === MAIN_POOL || out.unusedTo === 'residue') residue += out.unusedCents;
    else toMain += out.unusedCents;
  }
  if (!plan.pools.some((p) => p.key === MAIN_POOL)) residue += remaining + toMain;
  const allocated = [...pools.values()].reduce((s, p) => s + p.paidCents, 0n);
  if (allocated + residue !== plan.distributableCents) throw new Error('internal: the allocation does not add up');
  return { distributableCents: plan.distributableCents, allocatedCents: allocated, residueCents: residue, pools };
}

function allocatePool(p: PoolPlan, amount: bigint, groups: { units: number; count: number }[]): PoolOutcome {
  const work: Work[] = groups
    .map((g) => ({ units: g.units, u: BigInt(g.units), n: BigInt(g.count), count: g.count, kind: 'paid' as GroupOutcome['kind'] }))
    .sort((a, b) => a.units - b.units);
  let T = amount;
  let U = work.reduce((s, w) => s + w.u * w.n, 0n);
  let lo = 0;
  let hi = work.length - 1;
  // Water-filling. Share value s = T/U; compare u·s with a bound as u·T vs bound·U (no division).
  for (;;) {
    if (p.capCents !== undefined) {
      while (hi >= lo && U > 0n && work[hi].u * T > p.capCents * U) {
        const w = work[hi--];
        w.kind = 'capped';
        T -= p.capCents * w.n;
        U -= w.u * w.n;
      }
    }
    // Nothing to share by (only zero-unit claims left), or the smallest group under the minimum: it drops out.
    if (hi >= lo && (U === 0n || (p.minimumCents > 0n && work[lo].u * T < p.minimumCents * U))) {
      const w = work[lo++];
      w.kind = 'dropped';
      U -= w.u * w.n;
      continue;
    }
    break;
  }

  const outcomes = new Map<number, GroupOutcome>();
  let paid = 0n;
  let leftover = T;
  const remainders: { w: Work; r: bigint }[] = [];
  for (const w of work) {
    if (w.kind === 'capped') {
      outcomes.set(w.units, { units: w.units, count: w.count, kind: 'capped', baseCents: Number(p.capCents!), extra: 'none', remainder: '0' });
      paid += p.capCents! * w.n;
    } else if (w.kind === 'dropped') {
      outcomes.set(w.units, { units: w.units, count: w.count, kind: 'dropped', baseCents: 0, extra: 'none', remainder: '0' });
    } else {
      const num = T * w.u;
      const q = num / U;
      const r = num % U;
      leftover -= q * w.n;
      outcomes.set(w.units, { units: w.units, count: w.count, kind: 'paid', baseCents: Number(q), extra: 'none', remainder: r.toString() });
      remainders.push({ w, r });
    }
  }
  const anyPaid = remainders.length > 0;
  let partial: PoolOutcome['partial'] = null;
  if (anyPaid) {
    // Largest remainder first; groups of equal remainder form one class, ordered among themselves by claim id.
    remainders.sort((a, b) => (a.r === b.r ? a.w.units - b.w.units : a.r > b.r ? -1 : 1));
    let i = 0;
    while (leftover > 0n && i < remainders.length) {
      let j = i;
      let classCount = 0n;
      while (j < remainders.length && remainders[j].r === remainders[i].r) classCount += remainders[j++].w.n;
      if (remainders[i].r === 0n) throw new Error('internal: leftover cents with no remainder');
      if (classCount <= leftover) {
        for (let x = i; x < j; x++) outcomes.get(remainders[x].w.units)!.extra = 'all';
        leftover -= classCount;
      } else {
        const units = remainders.slice(i, j).map((x) => x.w.units);
        for (const u of units) outcomes.get(u)!.extra = 'partial';
        partial = { units, k: Number(leftover) };
        leftover = 0n;
      }
      i = j;
    }
    paid += T;
  }
  const unused = anyPaid ? 0n : T;
  const count = (kind: GroupOutcome['kind']) => work.filter((w) => w.kind === kind).reduce((s, w) => s + w.count, 0);
  return {
    key: p.key,
    amountCents: amount,
    shareNumerator: anyPaid ? T : 0n,
    shareDenominator: anyPaid ? U : 1n,
    paidCents: paid,
    unusedCents: unused,
    unusedTo: p.key === MAIN_POOL ? 'residue' : p.unused,
    groups: outcomes,
    partial,
    claims: work.reduce((s, w) => s + w.count, 0),
    paidClaims: count('paid'),
    cappedClaims: count('capped'),
    droppedClaims: count('dropped'),
  };
}

/**
 * Pays claims one by one, in claim-id order (the tie-break): the pass-2 half of a run. Its only state is
 * how many claims of each pool's partial class it has met, which a resumed run restores (`seen`).
 */
export class Payer {
  readonly seen: Map<string, number>;
  constructor(
    private readonly result: AllocationResult,
    seen: Record<string, number> = {},
  ) {
    this.seen = new Map(Object.entries(seen));
  }

  /** The cents for the next claim (in claim-id order) of `pool` with `units` units. */
  pay(pool: string, units: number): number {
    const p = this.result.pools.get(pool);
    const g = p?.groups.get(units);
    if (!p || !g) throw new RangeError(`a claim (pool ${pool}, ${units} units) that was not in the run's summary: the claims changed during the run`);
    if (g.extra === 'none') return g.baseCents;
    if (g.extra === 'all') return g.baseCents + 1;
    const before = this.seen.get(pool) ?? 0;
    this.seen.set(pool, before + 1);
    return g.baseCents + (before < p.partial!.k ? 1 : 0);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.seen);
  }
}

export type ClaimInput = { id: number; units: number; pool: string };

/**
 * Allocates a list of claims held in memory (tests, small settlements): summary, allocation, then the
 * payer in claim-id order. The runner does the same on a stream.
 */
export function allocateClaims(plan: AllocationPlan, claims: readonly ClaimInput[]): { result: AllocationResult; payments: Map<number, number> } {
  const counts = new Map<string, UnitGroup>();
  for (const c of claims) {
    const key = `${c.pool}\u0000${c.units}`;
    const g = counts.get(key);
    if (g) g.count++;
    else counts.set(key, { pool: c.pool, units: c.units, count: 1 });
  }
  const result = allocate(plan, [...counts.values()]);
  const payer = new Payer(result);
  const payments = new Map<number, number>();
  for (const c of [...claims].sort((a, b) => a.id - b.id)) {
    if (payments.has(c.id)) throw new RangeError(`claim ${c.id} is listed twice`);
    payments.set(c.id, payer.pay(c.pool, c.units));
  }
  return { result, payments };
}

/** The share value T/U as a decimal string of cents with `digits` decimals (rounded down), e.g. "2784.000000". */
export function shareValueText(p: Pick<PoolOutcome, 'shareNumerator' | 'shareDenominator'>, digits = 6): string {
  if (p.shareDenominator === 0n) return '0';
  const scale = 10n ** BigInt(digits);
  const v = (p.shareNumerator * scale) / p.shareDenominator;
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(digits, '0');
  return digits > 0 ? `${whole}.${frac}` : whole.toString();
}
