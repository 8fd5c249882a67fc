import type { Role } from '../lib/auth/permissions';

/**
 * The console routes of this part, in the shape of e2e/admin-routes.ts (the authorisation matrix the auth
 * part walks for every role and anonymous): spread `consoleRoutes` into `adminRoutes` there.
 */
type ConsoleRoute =
  | { kind: 'page'; path: string; allowed: readonly Role[] }
  | { kind: 'api'; path: string; method: 'GET' | 'POST'; allowed: readonly Role[] }
  | { kind: 'action'; path: string; file: string; action: string; allowed: readonly Role[]; args?: (ctx: { slug: string }) => unknown[] };

const S = 'tiktok';
const ALL: readonly Role[] = ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'];
const FILINGS: readonly Role[] = ['admin', 'case_manager', 'auditor'];
const EXPORT: readonly Role[] = ['admin', 'case_manager', 'finance', 'auditor'];

export const consoleRoutes: ConsoleRoute[] = [
  { kind: 'page', path: `/admin/${S}/dashboard`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/claims`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/claims?q=jane%20doe`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/opt-outs`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/objections`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/reports`, allowed: EXPORT },
  { kind: 'api', path: `/api/admin/${S}/reports/declaration?format=json`, method: 'GET', allowed: EXPORT },
  { kind: 'api', path: `/api/admin/${S}/reports/exclusions?format=csv`, method: 'GET', allowed: EXPORT },
  // An unknown objection answers 404 to allowed roles: the guard runs before the lookup.
  { kind: 'api', path: `/api/admin/${S}/objections/OB-0000-0000-0/document`, method: 'GET', allowed: FILINGS },
  {
    kind: 'action',
    path: `/admin/${S}/claims`,
    file: 'app/admin/[slug]/claims/[claimId]/actions.ts',
    action: 'revealAction',
    allowed: ['admin', 'case_manager', 'reviewer'],
    args: ({ slug }) => [slug, 'CL-0000-0000-0', {}],
  },
];
