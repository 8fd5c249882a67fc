import type { Verification } from '@/lib/claims/transition';
import type { MatchStatus } from './pick-match';

/**
 * How a pickMatch status is stored on the claim and its verification rows. "matched"/"unmatched" are
 * the words the foundation's claims, dashboard and reports already use for verified/not found.
 */
export const STORED_STATUS: Record<MatchStatus, Verification['status']> = { verified: 'matched', not_found: 'unmatched', probable: 'probable', conflict: 'conflict' };

/** What the claimant reads on "Check my claim" about verification (no record details, no reason codes). */
export function claimantVerificationText(stored: string): { title: string; body: string } | null {
  switch (stored) {
    case 'matched':
      return { title: 'Verified', body: 'We found you in the records the defendant provided.' };
    case 'unmatched':
      return { title: 'We could not find you in the records', body: 'Give another identifier you used, or the Notice ID and confirmation code from your notice, using “Fix my claim” below.' };
    case 'probable':
    case 'conflict':
      return { title: 'Under review', body: 'A member of the claims team is checking your claim against the records. You do not need to do anything now; we will write to you if we need more.' };
    default:
      return { title: 'Not yet verified', body: 'Your claim will be checked against the records soon.' };
  }
}
