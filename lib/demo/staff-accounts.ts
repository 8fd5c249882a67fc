import type { Role } from '@/lib/auth/permissions';

/**
 * The demo accounts, one per role: dependency-free so e2e fixtures and docs can import them. The password
 * and TOTP secrets are FIXED and published, so they are never created in production (lib/demo/staff.ts).
 */
export const DEMO_STAFF_PASSWORD = 'fairshare-demo-password';

export const DEMO_STAFF: readonly { role: Role; email: string; name: string; totpSecret: string }[] = [
  { role: 'admin', email: 'admin@fairshare.test', name: 'Ada Admin', totpSecret: 'FAIRSHAREDEMOADMINXXXXXXXXXXXXXX' },
  { role: 'case_manager', email: 'case-manager@fairshare.test', name: 'Casey Manager', totpSecret: 'FAIRSHAREDEMOCASEMANAGERXXXXXXXX' },
  { role: 'reviewer', email: 'reviewer@fairshare.test', name: 'Riley Reviewer', totpSecret: 'FAIRSHAREDEMOREVIEWERXXXXXXXXXXX' },
  { role: 'finance', email: 'finance@fairshare.test', name: 'Finn Finance', totpSecret: 'FAIRSHAREDEMOFINANCEXXXXXXXXXXXX' },
  { role: 'auditor', email: 'auditor@fairshare.test', name: 'Audrey Auditor', totpSecret: 'FAIRSHAREDEMOAUDITORXXXXXXXXXXXX' },
];

/** A second finance account, only for the e2e suite (lib/demo/e2e-fixtures.ts): payout approval needs two people. */
export const E2E_SECOND_FINANCE = { role: 'finance' as Role, email: 'finance-two@fairshare.test', name: 'Fran Finance', totpSecret: 'FAIRSHAREDEMOFINANCETWOXXXXXXXXX' };
