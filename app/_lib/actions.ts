import 'server-only';
import { ZodError } from 'zod';
import type { ActionState } from '@/app/admin/_components/action-form';

/** Turns a use case's failure into form state: zod issues by field, known errors by message. Anything else is rethrown. */
export function failure(e: unknown, known: (e: unknown) => e is Error & { field?: string }): ActionState {
  if (e instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const i of e.issues) fieldErrors[i.path.map(String).join('.') || 'form'] ??= i.message;
    return { error: 'Please correct the fields marked below.', fieldErrors };
  }
  if (known(e)) return { error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined };
  throw e;
}
