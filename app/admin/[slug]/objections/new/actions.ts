'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { enterPaperObjection, paperObjectionErrors } from '@/lib/filings/paper';
import { formValues } from '@/lib/filings/schemas';
import { readPdfPart } from '@/lib/filings/web-intake';
import type { PaperFilingState } from '../../_components/paper-filing';

/** Staff key in a paper objection, with its scanned PDF if any. Guarded here: filings:enter (admin, case manager). */
export async function enterPaperObjectionAction(slug: string, prev: PaperFilingState, fd: FormData): Promise<PaperFilingState> {
  const { user, settlement } = await requireStaff('filings:enter', { settlementSlug: slug });
  const attempt = (prev?.attempt ?? 0) + 1;
  const values = formValues(fd);
  const part = await readPdfPart(fd.get('document'));
  // A refused attachment (empty, over 10 MB) is reported with the other fields' errors, all at once.
  if (!part.ok) return { fieldErrors: { ...paperObjectionErrors(settlement!, values), ...part.fieldErrors }, values, attempt };
  const r = await enterPaperObjection(await getDb(), settlement!, values, part.upload, { actor: `staff:${user.id}` });
  if (!r.ok) return { fieldErrors: r.fieldErrors, values, attempt };
  const message = r.duplicate
    ? `This envelope was already entered as ${r.objectionId}; nothing was added.`
    : `Objection ${r.objectionId} entered${r.late ? ' — postmarked after the deadline, so it is marked late' : ''}${r.alsoExcluded ? '. This e-mail address also has a request for exclusion; the confirmation e-mail tells the person that an excluded member cannot object' : ''}.`;
  return { fieldErrors: {}, values: {}, attempt, ok: { message, href: `/admin/${slug}/objections/${r.objectionId}`, linkText: 'Open the objection' } };
}
