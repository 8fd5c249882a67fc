import 'server-only';
import type { ActionState } from '@/app/admin/_components/action-form';
import { formFailure } from '@/lib/errors';

/**
 * Turns a use case's failure into form state through lib/errors.ts (the one mapping): zod issues by
 * field, an AppError by its message and field. Anything else is a bug and is rethrown, so Next shows
 * its error page and the message (which may hold personal data) never reaches the form.
 */
export function failure(e: unknown): ActionState {
  return formFailure(e);
}
