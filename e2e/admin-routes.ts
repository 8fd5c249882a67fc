import type { Role } from '../lib/auth/permissions';

/**
 * THE authorisation matrix of the console: every admin page, server action and route handler with the
 * roles allowed (QUALITY.md). e2e/authz.spec.ts walks it for every role and anonymous, with and without
 * the x-middleware-subrequest bypass header; app/admin/route-coverage.test.ts fails when a page, action
 * or route handler under app/admin or app/api/admin is missing here or does not call the guard.
 *
 * - page: GET the path; allowed = not sent to sign-in and not 401/403.
 * - api: `method` on the path; allowed = not 401/403.
 * - action: POST the server action (id from .next's manifest, by file + export) to `path`.
 * - allowed: the roles that may use it, or 'anyone' for the few public pages of the console (sign-in
 *   and accepting an invitation, where the one-time token is the credential).
 *
 * Paths may hold placeholders the spec fills with real IDs from the demo before walking, so a detail
 * page is probed on a record that exists: {claim}, {optOut}, {objection}, {objectionWithDocument}.
 */
export type Allowed = readonly Role[] | 'anyone';
export type AdminRoute =
  /**
   * `reached`: a status that also shows an allowed role got past the guard — a request with no body
   * answered 400 by the handler's own validation, or a probe of a record that does not exist yet when the
   * matrix runs answered 404. Refused roles must still get 403 (the guard runs before any look-up).
   */
  | { kind: 'page'; path: string; allowed: Allowed; reached?: 400 | 404 }
  | { kind: 'api'; path: string; method: 'GET' | 'POST'; allowed: Allowed; reached?: 400 | 404 }
  | { kind: 'action'; path: string; file: string; action: string; allowed: Allowed; args?: (ctx: { slug: string }) => unknown[] };

export const ALL: readonly Role[] = ['admin', 'case_manager', 'reviewer', 'finance', 'auditor'];
const FILINGS: readonly Role[] = ['admin', 'case_manager', 'auditor'];
const EXPORT: readonly Role[] = ['admin', 'case_manager', 'finance', 'auditor'];
const NOTICES: readonly Role[] = ['admin', 'case_manager'];
const PAYOUTS: readonly Role[] = ['admin', 'finance'];
/** claims:decide (and pii:reveal, the same roles). */
const DECIDE: readonly Role[] = ['admin', 'case_manager', 'reviewer'];
const S = 'tiktok';

export const adminRoutes: AdminRoute[] = [
  // Public pages of the console.
  { kind: 'page', path: '/admin/sign-in', allowed: 'anyone' },
  { kind: 'page', path: '/admin/invite/not-a-real-invitation-token', allowed: 'anyone' },
  // An unknown token answers with the form's error; the action is public because the token is the credential.
  { kind: 'action', path: '/admin/invite/not-a-real-invitation-token', file: 'app/admin/invite/[token]/actions.ts', action: 'acceptInviteAction', allowed: 'anyone' },

  // Across settlements.
  { kind: 'page', path: '/admin', allowed: ALL },
  { kind: 'action', path: '/admin', file: 'app/admin/_components/session-actions.ts', action: 'signOutEverywhereAction', allowed: ALL },
  { kind: 'page', path: '/admin/users', allowed: ['admin'] },
  { kind: 'page', path: '/admin/settlements/new', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'inviteAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'changeRoleAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'settlementAccessAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'setDisabledAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/users', file: 'app/admin/users/actions.ts', action: 'revokeInviteAction', allowed: ['admin'] },
  { kind: 'action', path: '/admin/settlements/new', file: 'app/admin/settlements/new/actions.ts', action: 'createSettlementAction', allowed: ['admin'] },

  // One settlement.
  { kind: 'page', path: `/admin/${S}/dashboard`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/claims`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/claims?q=jane%20doe`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/claims/{claim}`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/opt-outs`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/opt-outs/{optOut}`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/objections`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/objections/{objection}`, allowed: FILINGS },
  { kind: 'page', path: `/admin/${S}/reports`, allowed: EXPORT },
  { kind: 'page', path: `/admin/${S}/audit`, allowed: ['admin', 'auditor'] },
  { kind: 'page', path: `/admin/${S}/settings`, allowed: ['admin', 'case_manager', 'auditor'] },
  { kind: 'page', path: `/admin/${S}/class-list`, allowed: ['admin', 'case_manager'] },
  // POST with no body: allowed roles get 400 ("choose a CSV file"), nothing is imported.
  { kind: 'api', path: `/api/admin/${S}/class-list`, method: 'POST', allowed: ['admin', 'case_manager'], reached: 400 },
  { kind: 'page', path: `/admin/${S}/notices`, allowed: NOTICES },
  { kind: 'api', path: `/api/admin/${S}/notices/export?kind=postcards`, method: 'GET', allowed: NOTICES },
  { kind: 'action', path: `/admin/${S}/notices`, file: 'app/admin/[slug]/notices/actions.ts', action: 'issueNoticesAction', allowed: NOTICES, args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/notices`, file: 'app/admin/[slug]/notices/actions.ts', action: 'startCampaignAction', allowed: NOTICES, args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/notices`, file: 'app/admin/[slug]/notices/actions.ts', action: 'importBouncesAction', allowed: NOTICES, args: ({ slug }) => [slug] },
  { kind: 'api', path: `/api/admin/${S}/audit/verify`, method: 'GET', allowed: ['admin', 'auditor'] },
  // Background jobs: everyone sees them; starting one also needs the job's own permission (generate: jobs:run).
  { kind: 'page', path: `/admin/${S}/jobs`, allowed: ALL },
  { kind: 'api', path: `/api/admin/${S}/jobs/00000000-0000-4000-8000-000000000000`, method: 'GET', allowed: ALL, reached: 404 },
  { kind: 'action', path: `/admin/${S}/jobs`, file: 'app/admin/[slug]/jobs/actions.ts', action: 'startJobAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/jobs`, file: 'app/admin/[slug]/jobs/actions.ts', action: 'cancelJobAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'api', path: `/api/admin/${S}/reports/declaration?format=json`, method: 'GET', allowed: EXPORT },
  { kind: 'api', path: `/api/admin/${S}/reports/exclusions?format=csv`, method: 'GET', allowed: EXPORT },
  { kind: 'api', path: `/api/admin/${S}/reports/distribution?format=json`, method: 'GET', allowed: EXPORT },
  { kind: 'api', path: `/api/admin/${S}/objections/{objectionWithDocument}/document`, method: 'GET', allowed: FILINGS },
  {
    kind: 'action',
    path: `/admin/${S}/claims/{claim}`,
    file: 'app/admin/[slug]/claims/[claimId]/actions.ts',
    action: 'revealAction',
    allowed: ['admin', 'case_manager', 'reviewer'],
    // An unknown claim: allowed roles get "This claim no longer exists." and no personal data is revealed.
    args: ({ slug }) => [slug, 'CL-0000-0000-0'],
  },
  // Paper claims keyed in by staff (claims:enter).
  { kind: 'page', path: `/admin/${S}/claims/new`, allowed: ['admin', 'case_manager'] },
  { kind: 'action', path: `/admin/${S}/claims/new`, file: 'app/admin/[slug]/claims/new/actions.ts', action: 'enterPaperClaimAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  // Paper opt-outs and objections keyed in by staff (filings:enter: the roles that key in paper claims).
  { kind: 'page', path: `/admin/${S}/opt-outs/new`, allowed: ['admin', 'case_manager'] },
  { kind: 'action', path: `/admin/${S}/opt-outs/new`, file: 'app/admin/[slug]/opt-outs/new/actions.ts', action: 'enterPaperOptOutAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  { kind: 'page', path: `/admin/${S}/objections/new`, allowed: ['admin', 'case_manager'] },
  { kind: 'action', path: `/admin/${S}/objections/new`, file: 'app/admin/[slug]/objections/new/actions.ts', action: 'enterPaperObjectionAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  // Verification (docs/decisions/0016-verification.md): the batch run and a reviewer's word on a probable match.
  { kind: 'action', path: `/admin/${S}/claims`, file: 'app/admin/[slug]/claims/verify-actions.ts', action: 'runVerificationAction', allowed: ['admin', 'case_manager', 'reviewer'], args: ({ slug }) => [slug] },
  {
    kind: 'action',
    path: `/admin/${S}/claims/{claim}`,
    file: 'app/admin/[slug]/claims/[claimId]/actions.ts',
    action: 'reviewMatchAction',
    allowed: ['admin', 'case_manager', 'reviewer'],
    // An unknown claim: allowed roles get "This claim no longer exists."; nothing is recorded.
    args: ({ slug }) => [slug, 'CL-0000-0000-0'],
  },
  { kind: 'action', path: `/admin/${S}/settings`, file: 'app/admin/[slug]/settings/actions.ts', action: 'previewSettingsAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
  { kind: 'page', path: `/admin/${S}/payouts`, allowed: PAYOUTS },
  { kind: 'page', path: `/admin/${S}/payouts/compare`, allowed: PAYOUTS },
  { kind: 'page', path: `/admin/${S}/payouts/00000000-0000-4000-8000-000000000000`, allowed: PAYOUTS, reached: 404 },
  { kind: 'api', path: `/api/admin/${S}/payouts/00000000-0000-4000-8000-000000000000/export`, method: 'GET', allowed: PAYOUTS, reached: 404 },
  // An unknown run: allowed roles get "This payout run does not exist." (approve/lock ask for fresh re-authentication first).
  { kind: 'action', path: `/admin/${S}/payouts`, file: 'app/admin/[slug]/payouts/actions.ts', action: 'approveRunAction', allowed: PAYOUTS, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'action', path: `/admin/${S}/payouts`, file: 'app/admin/[slug]/payouts/actions.ts', action: 'lockRunAction', allowed: PAYOUTS, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'action', path: `/admin/${S}/payouts`, file: 'app/admin/[slug]/payouts/actions.ts', action: 'computeRunAction', allowed: PAYOUTS, args: ({ slug }) => [slug] },
  // Disbursement (lib/disburse): 'disbursements:run' (admin, finance). Starting one asks for fresh re-authentication first;
  // an unknown run or disbursement changes nothing; an empty import asks for its fields.
  { kind: 'page', path: `/admin/${S}/disbursements`, allowed: PAYOUTS },
  { kind: 'api', path: `/api/admin/${S}/disbursements/00000000-0000-4000-8000-000000000000/files/0`, method: 'GET', allowed: PAYOUTS, reached: 404 },
  { kind: 'action', path: `/admin/${S}/disbursements`, file: 'app/admin/[slug]/disbursements/actions.ts', action: 'startDisbursementAction', allowed: PAYOUTS, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'action', path: `/admin/${S}/disbursements`, file: 'app/admin/[slug]/disbursements/actions.ts', action: 'reissueFailedAction', allowed: PAYOUTS, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'action', path: `/admin/${S}/disbursements`, file: 'app/admin/[slug]/disbursements/actions.ts', action: 'importResultsAction', allowed: PAYOUTS, args: ({ slug }) => [slug] },
  // Claim review (docs/decisions/0020-claim-review.md): the queue (claims:view), decisions and bulk actions (claims:decide).
  { kind: 'page', path: `/admin/${S}/review`, allowed: ALL },
  { kind: 'page', path: `/admin/${S}/review?reason=SHARED_PAYOUT&sort=oldest`, allowed: ALL },
  // An unknown claim: allowed roles get "no claim …"; nothing is decided.
  { kind: 'action', path: `/admin/${S}/claims/{claim}`, file: 'app/admin/[slug]/claims/[claimId]/actions.ts', action: 'decideAction', allowed: DECIDE, args: ({ slug }) => [slug, 'CL-0000-0000-0'] },
  { kind: 'action', path: `/admin/${S}/claims/{claim}`, file: 'app/admin/[slug]/claims/[claimId]/actions.ts', action: 'noteAction', allowed: DECIDE, args: ({ slug }) => [slug, 'CL-0000-0000-0'] },
  { kind: 'action', path: `/admin/${S}/claims/{claim}`, file: 'app/admin/[slug]/claims/[claimId]/actions.ts', action: 'assignAction', allowed: DECIDE, args: ({ slug }) => [slug, 'CL-0000-0000-0'] },
  // The printable deficiency letter carries the claimant's name and address: pii:reveal. An unknown claim answers 404.
  { kind: 'api', path: `/admin/${S}/claims/CL-0000-0000-0/letter`, method: 'GET', allowed: DECIDE, reached: 404 },
  // Without the confirmation tick, allowed roles get "Tick the box…"; nothing is decided. Unknown pending actions: "does not exist".
  { kind: 'action', path: `/admin/${S}/review`, file: 'app/admin/[slug]/review/actions.ts', action: 'bulkDecideAction', allowed: DECIDE, args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/review`, file: 'app/admin/[slug]/review/actions.ts', action: 'confirmBulkAction', allowed: DECIDE, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  // A bare post (no run=apply-rules) answers "Use the button"; nothing is decided.
  { kind: 'action', path: `/admin/${S}/review`, file: 'app/admin/[slug]/review/actions.ts', action: 'applyRulesAction', allowed: DECIDE, args: ({ slug }) => [slug] },
  { kind: 'action', path: `/admin/${S}/review`, file: 'app/admin/[slug]/review/actions.ts', action: 'cancelBulkAction', allowed: DECIDE, args: ({ slug }) => [slug, '00000000-0000-4000-8000-000000000000'] },
  { kind: 'action', path: `/admin/${S}/settings`, file: 'app/admin/[slug]/settings/actions.ts', action: 'saveSettingsAction', allowed: ['admin', 'case_manager'], args: ({ slug }) => [slug] },
];
