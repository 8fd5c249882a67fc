import type { DemoSummary } from './service';

/** What a newcomer needs to try the demo. Names here are synthetic, never real class members. */
export function printDemoWelcome(demo: DemoSummary, kind: string): void {
  if (!demo.created) return;
  const base = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const lines = [
    `fairshare: demo settlement "${demo.settlement.config.name}" created (${kind}).`,
    `  Settlement website: ${base}/${demo.settlement.slug}`,
    ...demo.examples.map(
      (e) => `  Try a Notice ID: ${e.noticeId}  confirmation code ${e.confirmationCode}  (${e.name}, ${e.illinois ? 'Illinois record' : 'Nationwide'})`,
    ),
  ];
  console.log(lines.join('\n'));
}
