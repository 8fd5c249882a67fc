'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { enterPaperOptOut } from '@/lib/filings/paper';
import { formValues } from '@/lib/filings/schemas';
import type { PaperFilingState } from '../../_components/paper-filing';

/** Staff key in a paper request for exclusion. Guarded here: filings:enter (admin, case manager). */
export async function enterPaperOptOutAction(slug: string, prev: PaperFilingState, fd: FormData): Promise<PaperFilingState> {
  const { user, settlement } = await requireStaff('filings:enter', { settlementSlug: slug });
  const attempt = (prev?.attempt ?? 0) + 1;
  const values = formValues(fd);
  const r = await enterPaperOptOut(await getDb(), settlement!, values, { actor: `staff:${user.id}` });
  if (!r.ok) return { fieldErrors: r.fieldErrors, values, attempt };
  const message = r.duplicate
    ? `This envelope was already entered as ${r.requestId}; nothing was added.`
    : `Request for exclusion ${r.requestId} entered${r.late ? ' — postmarked after the deadline, so it is marked late' : ''}.`;
  return { fieldErrors: {}, values: {}, attempt, ok: { message, href: `/admin/${slug}/opt-outs/${r.requestId}`, linkText: 'Open the request' } };
}
