import type { Db } from '@/db/client';
import { findStaffByEmail } from '@/lib/auth/queries';
import type { Role } from '@/lib/auth/permissions';
import { createStaffUser } from '@/lib/auth/users';

/**
 * One demo account per role. The password and the TOTP secrets are FIXED and published (README, the
 * start-up banner, e2e/fixtures/auth.ts) so anyone can compute the current code with any authenticator
 * app or `otplib`. That is why they are never created in production (see demoStaffAllowed).
 */
export const DEMO_STAFF_PASSWORD = 'fairshare-demo-password';

export const DEMO_STAFF: readonly { role: Role; email: string; name: string; totpSecret: string }[] = [
  { role: 'admin', email: 'admin@fairshare.test', name: 'Ada Admin', totpSecret: 'FAIRSHAREDEMOADMINXXXXXXXXXXXXXX' },
  { role: 'case_manager', email: 'case-manager@fairshare.test', name: 'Casey Manager', totpSecret: 'FAIRSHAREDEMOCASEMANAGERXXXXXXXX' },
  { role: 'reviewer', email: 'reviewer@fairshare.test', name: 'Riley Reviewer', totpSecret: 'FAIRSHAREDEMOREVIEWERXXXXXXXXXXX' },
  { role: 'finance', email: 'finance@fairshare.test', name: 'Finn Finance', totpSecret: 'FAIRSHAREDEMOFINANCEXXXXXXXXXXXX' },
  { role: 'auditor', email: 'auditor@fairshare.test', name: 'Audrey Auditor', totpSecret: 'FAIRSHAREDEMOAUDITORXXXXXXXXXXXX' },
];

/** Published credentials must never reach a real deployment: production only with the e2e flag or an explicit opt-in. */
export function demoStaffAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' || env.FAIRSHARE_E2E === '1' || env.FAIRSHARE_DEMO_STAFF === '1';
}

/** Creates the missing demo accounts (idempotent); returns those it created. */
export async function ensureDemoStaff(db: Db): Promise<typeof DEMO_STAFF[number][]> {
  if (!demoStaffAllowed()) return [];
  const created = [];
  for (const u of DEMO_STAFF) {
    if (await findStaffByEmail(db, u.email)) continue;
    await createStaffUser(db, { ...u, password: DEMO_STAFF_PASSWORD, allSettlements: true }, 'system:demo');
    created.push(u);
  }
  return created;
}
