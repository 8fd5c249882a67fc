/**
 * Runs once when the Next server starts. The work (configuration check, database, demo) is in
 * lib/startup.ts, loaded only in the Node runtime so the edge bundle never sees Node APIs.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/startup');
  await startServer();
}
