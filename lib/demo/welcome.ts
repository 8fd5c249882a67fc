import type { DemoSummary } from './service';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from './staff-accounts';
import { demoStaffAllowed } from './staff';

/** What a newcomer needs to try the demo. Names here are synthetic, never real class members. */
export function printDemoWelcome(demo: DemoSummary, kind: string): void {
  const base = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const lines: string[] = [];
  if (demo.created) {
    lines.push(
      `fairshare: demo settlement "${demo.settlement.config.name}" created (${kind}).`,
      `  Settlement website: ${base}/${demo.settlement.slug}`,
      ...demo.examples.map(
        (e) => `  Try a Notice ID: ${e.noticeId}  confirmation code ${e.confirmationCode}  (${e.name}, ${e.illinois ? 'Illinois record' : 'Nationwide'})`,
      ),
    );
  }
  // Printed on every start (not only the first): the console is useless to a newcomer without these.
  if (demoStaffAllowed()) lines.push(...demoStaffInstructions(base));
  if (lines.length) console.log(lines.join('\n'));
}

export function demoStaffInstructions(base: string): string[] {
  return [
    `  Administrators' console: ${base}/admin/sign-in  (demo accounts, password "${DEMO_STAFF_PASSWORD}")`,
    ...DEMO_STAFF.map((u) => `    ${u.email.padEnd(28)} ${u.role.padEnd(13)} TOTP secret ${u.totpSecret}`),
    '    Add the secret to any authenticator app, or: node -e "import(\'otplib\').then(o=>console.log(o.generateSync({secret:process.argv[1]})))" SECRET',
  ];
}
