/**
 * Where the first start's demo build stands, shared between instrumentation.ts (which builds it in the
 * background) and the pages (which show "Preparing the demo settlement…" until it is ready) and the
 * health check (503 until then, so Playwright and load balancers wait). Kept on globalThis because
 * Next loads instrumentation and the app as separate module graphs in one process.
 */

export type DemoPhase = { key: string; label: string };

/** The steps of ensureDemo, in order; their weights are the share of the time each took (measured). */
export const DEMO_PHASES = [
  { key: 'database', label: 'Opening and migrating the database', weight: 40 },
  { key: 'settlement', label: 'Creating the settlement and its encryption key', weight: 3 },
  { key: 'classlist', label: 'Writing the synthetic class list', weight: 12 },
  { key: 'activity', label: 'Filing six weeks of synthetic claims and filings', weight: 25 },
  { key: 'claims', label: 'Filing sample claims through the claim form’s use case', weight: 12 },
  { key: 'staff', label: 'Creating the demo staff accounts', weight: 8 },
] as const;
export type DemoPhaseKey = (typeof DEMO_PHASES)[number]['key'];

export type DemoStatus =
  | { state: 'building'; phase: DemoPhaseKey; startedAt: number }
  | { state: 'ready' }
  | { state: 'failed' };

const g = globalThis as unknown as { __fairshareDemoStatus?: DemoStatus };

/** Undefined when no demo build ran in this process (production without FAIRSHARE_DEMO=1, or the CLI). */
export function demoStatus(): DemoStatus | undefined {
  return g.__fairshareDemoStatus;
}

export function setDemoStatus(s: DemoStatus): void {
  g.__fairshareDemoStatus = s;
}

export const demoBuilding = () => g.__fairshareDemoStatus?.state === 'building';

/** Percent done when `phase` starts: the weights of the phases before it. */
export function percentAt(phase: DemoPhaseKey): number {
  const total = DEMO_PHASES.reduce((n, p) => n + p.weight, 0);
  let before = 0;
  for (const p of DEMO_PHASES) {
    if (p.key === phase) break;
    before += p.weight;
  }
  return Math.round((100 * before) / total);
}

export function phaseLabel(phase: DemoPhaseKey): string {
  return DEMO_PHASES.find((p) => p.key === phase)!.label;
}

export function phaseNumber(phase: DemoPhaseKey): number {
  return DEMO_PHASES.findIndex((p) => p.key === phase) + 1;
}
