import { publicBaseUrl } from '@/lib/env';
import { DEMO_PHASES, phaseLabel, phaseNumber, percentAt, type DemoPhaseKey } from './progress';
import type { DemoSummary } from './service';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from './staff-accounts';
import { demoStaffAllowed } from './staff';

/** One terminal line per step of the first start's demo build, so "Ready" is not followed by silence. */
export function logDemoStep(phase: DemoPhaseKey, startedAt: number): void {
  const s = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`fairshare: preparing the demo settlement ${phaseNumber(phase)}/${DEMO_PHASES.length} (${percentAt(phase)}%, ${s} s): ${phaseLabel(phase)}…`);
}

/**
 * What a newcomer needs to try the demo. Names here are synthetic, never real class members. In
 * production (FAIRSHARE_DEMO=1, e.g. the e2e server) the log gets only the address: a production log
 * is collected and kept, so it never holds Notice IDs, confirmation codes, names or TOTP secrets.
 */
export function printDemoWelcome(demo: DemoSummary, kind: string, opts: { production?: boolean; seconds?: number } = {}): void {
  const base = publicBaseUrl();
  const lines: string[] = [];
  const took = opts.seconds !== undefined ? ` in ${opts.seconds.toFixed(1)} s` : '';
  if (opts.production) {
    lines.push(`fairshare: demo settlement "${demo.settlement.slug}" ${demo.created ? `created${took}` : 'ready'} (${kind}): ${base}/${demo.settlement.slug}`);
    console.log(lines.join('\n'));
    return;
  }
  if (demo.created) {
    lines.push(
      `fairshare: demo settlement "${demo.settlement.config.name}" created${took} (${kind}).`,
      `  Settlement website: ${base}/${demo.settlement.slug}`,
      ...demo.examples.map(
        (e) => `  Try a Notice ID: ${e.noticeId}  confirmation code ${e.confirmationCode}  (${e.name}, ${e.illinois ? 'Illinois record' : 'Nationwide'})`,
      ),
    );
  } else lines.push(`fairshare: demo settlement ready: ${base}/${demo.settlement.slug}`);
  // Printed on every start (not only the first): the console is useless to a newcomer without these.
  if (demoStaffAllowed()) lines.push(...demoStaffInstructions(base));
  console.log(lines.join('\n'));
}

export function demoStaffInstructions(base: string): string[] {
  return [
    `  Administrators' console: ${base}/admin/sign-in  (demo accounts, password "${DEMO_STAFF_PASSWORD}")`,
    ...DEMO_STAFF.map((u) => `    ${u.email.padEnd(28)} ${u.role.padEnd(13)} TOTP secret ${u.totpSecret}`),
    '    Add the secret to any authenticator app, or: node -e "import(\'otplib\').then(o=>console.log(o.generateSync({secret:process.argv[1]})))" SECRET',
  ];
}
