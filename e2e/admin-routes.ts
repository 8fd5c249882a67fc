import type { Role } from '../lib/auth/permissions';

/**
 * THE authorisation matrix of the console: every admin page, server action and route handler with the
 * roles allowed (QUALITY.md). e2e/authz.spec.ts walks it for every role and anonymous, with and without
 * the x-middleware-subrequest bypass header. Later issues add their routes here.
 *
 * - page: GET the path; allowed = not sent to sign-in and not 401/403.
 * - api: `method` on the path; allowed = not 401/403.
 * - action: POST the server action (id from .next's manifest, by file + export) to `path`.
 */
export type AdminRoute =
  | { kind: 'page'; path: string; allowed: readonly Role[] }
  | { kind: 'api'; path: string; method: 'GET' | 'POST'; allowed: readonly Role[] }
  | { kind: 'action'; path: string; file: string; action: string; allowed: readonly Role[]; args?: (ctx: { slug: string }) => unknown[] };

export const ALL: readonly Role[] = ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'];
const S = 'tiktok';

export const adminRoutes: AdminRoute[] = [
  { kind: 'page', path: '/admin', allowed: ALL },
  { kind: 'page', path: '/admin/users', allowed: ['admin'] },
  { kind: 'page', path: '/admin/settlements/new', allowed: ['admin'] },
  { kind: 'page', path: `/admin/${S}/audit`, allowed: ['admin', 'auditor'] },
  { kind: 'page', path: `/admin/${S}/settings`, allowed: ['admin', 'case_manager', 'auditor'] },
  { kind: 'api', path: `/api/admin/${S}/audit/verify`, method: 'GET', allowed: ['admin', 'auditor'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'inviteAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'changeRoleAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'settlementAccessAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'setDisabledAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'revokeInviteAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/settlements/new', file: 'app/admin/settlements/new/actions.ts', action: 'createSettlementAction', allowed: ['admin'] },
  { kind: 'action', path: `/admin/${S}/settings`, file: 'app/admin/[slug]/settings/actions.ts', action: 'previewSettingsAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/settings`, file: 'app/admin/[slug]/settings/actions.ts', action: 'saveSettingsAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
];
