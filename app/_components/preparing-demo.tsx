import { DEMO_PHASES, percentAt, phaseLabel, phaseNumber, type DemoStatus } from '@/lib/demo/progress';

/**
 * Shown instead of any page while the first start builds the demo settlement (instrumentation.ts), so
 * a newcomer sees what is happening rather than a tab that spins for a minute. It refreshes itself
 * every 3 seconds and shows the real page once the demo is ready. Nothing personal is shown.
 */
export function PreparingDemo({ status }: { status: Extract<DemoStatus, { state: 'building' }> }) {
  const pct = percentAt(status.phase);
  const seconds = Math.round((Date.now() - status.startedAt) / 1000);
  const starting = status.phase === 'database';
  return (
    <main id="main" className="container narrow" aria-busy="true">
      <meta httpEquiv="refresh" content="3" />
      <title>{starting ? 'Starting fairshare…' : 'Preparing the demo settlement…'}</title>
      <h1>{starting ? 'Starting fairshare…' : 'Preparing the demo settlement…'}</h1>
      <p>
        {starting
          ? 'The database is being opened and brought up to date. '
          : 'This is the first start: fairshare is creating the demo settlement with a synthetic class list and claims. '}
        It takes about a minute the first time and only a few seconds after that. This page refreshes by itself.
      </p>
      <label htmlFor="demo-progress">
        Step {phaseNumber(status.phase)} of {DEMO_PHASES.length}: {phaseLabel(status.phase)}… ({seconds} s so far)
      </label>
      <progress id="demo-progress" max={100} value={pct} style={{ width: '100%', height: '1.25rem' }}>
        {pct}%
      </progress>
      <p className="muted small">The terminal running the server shows the same steps.</p>
    </main>
  );
}
