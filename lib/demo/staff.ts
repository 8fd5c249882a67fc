import type { Db } from '@/db/client';
import { findStaffByEmail } from '@/lib/auth/queries';
import { createStaffUser } from '@/lib/auth/users';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from './staff-accounts';

export { DEMO_STAFF, DEMO_STAFF_PASSWORD };

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
