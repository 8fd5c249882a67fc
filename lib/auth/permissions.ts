/**
 * Who may do what in the administrators' console (DOMAIN.md §2). Pure data: the guard in app/_lib
 * checks it on every page, server action and route handler; the authorisation-matrix test walks it.
 */
export const roles = ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  case_manager: 'Case manager',
  reviewer: 'Reviewer',
  finance: 'Finance',
  auditor: 'Auditor (counsel / court, read-only)',
};

export const permissions = {
  'dashboard:view': ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'],
  'claims:view': ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'],
  'claims:decide': ['admin', 'case_manager', 'reviewer'],
  'pii:reveal': ['admin', 'case_manager', 'reviewer'],
  /** Keying in paper claims received by mail (app/admin/[slug]/claims/new). */
  'claims:enter': ['admin', 'case_manager'],
  'filings:view': ['admin', 'case_manager', 'auditor'],
  /** Keying in paper opt-outs and objections received by mail: the same people who key in paper claims. */
  'filings:enter': ['admin', 'case_manager'],
  'reports:export': ['admin', 'case_manager', 'finance', 'auditor'],
  'audit:view': ['admin', 'auditor'],
  'settings:view': ['admin', 'case_manager', 'auditor'],
  'settings:edit': ['admin', 'case_manager'],
  /** Import (merge or replace) the defendant's class list: changes who is a class member. */
  'classlist:import': ['admin', 'case_manager'],
  'notices:manage': ['admin', 'case_manager'],
  'settlements:create': ['admin'],
  'users:manage': ['admin'],
  'payouts:compute': ['admin', 'finance'],
  'payouts:approve': ['admin', 'finance'],
  'disbursements:run': ['admin', 'finance'],
  /** The console's list of background jobs and their progress. */
  'jobs:view': ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'],
  /** Starting a job from the console when its definition names no stricter permission. */
  'jobs:run': ['admin', 'case_manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
