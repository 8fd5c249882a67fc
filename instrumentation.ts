/**
 * Runs once when the Next server starts: opens the database (migrating it) and, unless turned off,
 * creates the demo settlement so a fresh clone shows a working site.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getHandle } = await import('./db/client');
  const handle = await getHandle();
  if (process.env.FAIRSHARE_DEMO === '0') return;
  const { ensureDemo } = await import('./lib/demo/service');
  const { printDemoWelcome } = await import('./lib/demo/welcome');
  // The demo shows six weeks of synthetic claims and filings in the console (FAIRSHARE_DEMO_ACTIVITY=0 for an empty one).
  printDemoWelcome(await ensureDemo(handle.db, { activity: process.env.FAIRSHARE_DEMO_ACTIVITY !== '0' }), handle.kind);
  const { ensureE2eFixtures } = await import('./lib/demo/e2e-fixtures');
  await ensureE2eFixtures(handle.db);
}
