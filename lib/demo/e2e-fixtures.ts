import type { Db } from '@/db/client';
import { findStaffByEmail } from '@/lib/auth/queries';
import { createStaffUser } from '@/lib/auth/users';
import { insertClassRecords } from '@/lib/classlist/members';
import { DEMO_STAFF_PASSWORD, E2E_SECOND_FINANCE } from './staff-accounts';
import { settlementKey } from '@/lib/privacy/keys';
import type { SettlementConfig } from '@/lib/settlements/config';
import { addDays, daysBetween } from '@/lib/settlements/deadlines';
import { createSettlement, findSettlement } from '@/lib/settlements/service';
import { demoClassList, demoConfig } from './service';
import { ensureReviewFixtures } from './review-fixtures';

export const CLOSED_SLUG = 'tiktok-closed';

/** The demo configuration with every date moved back so that every deadline passed a week ago. */
export function closedConfig(today = new Date()): SettlementConfig {
  const config = demoConfig(today);
  const d = config.dates;
  const lastDeadline = [d.optOutDeadline, d.objectionDeadline, d.claimDeadline].sort().at(-1)!;
  const shift = daysBetween(lastDeadline, addDays(today.toISOString().slice(0, 10), -7));
  const dates = d as Record<string, unknown>;
  for (const [k, v] of Object.entries(dates)) if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) dates[k] = addDays(v, shift);
  config.documents = config.documents.map((doc) => (doc.date ? { ...doc, date: addDays(doc.date, shift) } : doc));
  return { ...config, slug: CLOSED_SLUG };
}

/**
 * Fixtures the end-to-end suite needs beyond the demo: a settlement whose deadlines have all passed.
 * Only when FAIRSHARE_E2E=1 (set by scripts/e2e-server.sh), never in a real installation.
 */
export async function ensureE2eFixtures(db: Db): Promise<void> {
  if (process.env.FAIRSHARE_E2E !== '1') return;
  if (!(await findStaffByEmail(db, E2E_SECOND_FINANCE.email)))
    await createStaffUser(db, { ...E2E_SECOND_FINANCE, password: DEMO_STAFF_PASSWORD, allSettlements: true }, 'system:e2e');
  const demo = await findSettlement(db, 'tiktok');
  if (demo) await ensureReviewFixtures(db, demo);
  if (await findSettlement(db, CLOSED_SLUG)) return;
  const settlement = await createSettlement(db, closedConfig(), 'system:e2e');
  const key = await settlementKey(db, settlement.id);
  await db.transaction((tx) => insertClassRecords(tx, key, settlement.id, demoClassList(50)));
}
