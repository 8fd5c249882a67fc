/**
 * What the Next server does once when it starts (called from instrumentation.ts, Node runtime only).
 *
 * 1. Checks the configuration (lib/env.ts). A production start that lacks NEXTAUTH_SECRET,
 *    FAIRSHARE_MASTER_KEY or NEXTAUTH_URL (or has a weak secret, or a malformed value) prints what is
 *    wrong and how to fix it, and exits with 78 (EX_CONFIG) — before serving a single request, instead
 *    of answering 500 on every console page.
 * 2. Opens the database (migrating it) and, in development or with FAIRSHARE_DEMO=1, builds the demo
 *    settlement. That work runs in the background: the terminal shows each step, pages show
 *    "Preparing the demo settlement…" (app/_components/preparing-demo.tsx) and /api/health answers 503 until
 *    it is done, instead of every request hanging silently for a minute on the first `npm run dev`.
 */
export async function startServer(): Promise<void> {
  const { env, productionProblems } = await import('@/lib/env');
  if (process.env.NODE_ENV === 'production') {
    const problems = productionProblems();
    if (problems.length) {
      process.stderr.write(
        [
          'fairshare: refusing to start in production; fix these settings first:',
          ...problems.map((p) => `  - ${p}`),
          '  (see README "Configuration"; development (`npm run dev`) needs none of them)',
          '',
        ].join('\n'),
      );
      // Exit now: a server that started would answer 500 on every console page.
      process.exit(78);
    }
  }
  const config = env();
  const production = config.NODE_ENV === 'production';
  // Production never builds the demo (and never prints its people or secrets) unless asked.
  const wantDemo = production ? config.FAIRSHARE_DEMO === '1' : config.FAIRSHARE_DEMO !== '0';
  const { getHandle } = await import('@/db/client');
  // Queued jobs run in this process on embedded PGlite (or with FAIRSHARE_WORKER=1); a failure to start
  // the worker is reported but does not stop the site.
  void getHandle()
    .then(async (h) => (await import('@/lib/jobs/server-worker')).startServerWorker(h))
    .catch((e: unknown) => console.error('fairshare: the in-process job worker did not start:', e));
  if (!wantDemo) {
    await getHandle();
    return;
  }
  const { setDemoStatus } = await import('@/lib/demo/progress');
  const { logDemoStep, printDemoWelcome } = await import('@/lib/demo/welcome');
  const startedAt = Date.now();
  const step = (phase: Parameters<typeof logDemoStep>[0]) => {
    setDemoStatus({ state: 'building', phase, startedAt });
    logDemoStep(phase, startedAt);
  };
  setDemoStatus({ state: 'building', phase: 'database', startedAt });
  const build = (async () => {
    const handle = await getHandle();
    const { ensureDemo } = await import('@/lib/demo/service');
    // The demo shows six weeks of synthetic claims and filings in the console (FAIRSHARE_DEMO_ACTIVITY=0 for an empty one).
    const demo = await ensureDemo(handle.db, { activity: config.FAIRSHARE_DEMO_ACTIVITY !== '0', onProgress: step });
    const { ensureE2eFixtures } = await import('@/lib/demo/e2e-fixtures');
    await ensureE2eFixtures(handle.db);
    setDemoStatus({ state: 'ready' });
    printDemoWelcome(demo, handle.kind, { production, seconds: (Date.now() - startedAt) / 1000 });
  })();
  build.catch((e: unknown) => {
    setDemoStatus({ state: 'failed' });
    // The message may quote SQL but never personal data (the demo's people are synthetic).
    console.error('fairshare: building the demo settlement failed:', e);
  });
}
