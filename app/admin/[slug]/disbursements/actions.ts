'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { FreshAuthRequiredError, requireFreshAuth, requireStaff } from '@/app/_lib/auth';
import { failure } from '@/app/_lib/actions';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getHandle } from '@/db/client';
import { reissuePayments } from '@/lib/disburse/checks';
import { importAchReturns, importCardReport, importPaypalResults } from '@/lib/disburse/imports';
import { FILE_RAILS } from '@/lib/disburse/lifecycle';
import { railsConfigSchema } from '@/lib/disburse/rails-config';
import { sendPaymentMail } from '@/lib/disburse/payment-mail';
import { disburse } from '@/lib/disburse/service';
import { getRun } from '@/lib/payouts/service';

/**
 * Disbursement in the console (lib/disburse). Starting one moves money, so it needs 'disbursements:run',
 * a FRESH password + authenticator check (requireFreshAuth, as approving a run) and a run approved by
 * someone else (lib/disburse/service.ts refuses the approver, whatever the caller). The batch's files
 * stay sealed in the database; finance downloads them (audited) from the page.
 */

const PAGE = (slug: string) => `/admin/${slug}/disbursements`;

const startSchema = z.object({
  rail: z.enum(FILE_RAILS, { error: 'Choose a rail: ACH, check, PayPal or prepaid card' }),
  settings: z.string({ error: 'Enter the rail settings' }).min(2, 'Enter the rail settings (JSON)'),
});

export async function startDisbursementAction(slug: string, runId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  let guarded;
  try {
    guarded = await requireFreshAuth('disbursements:run', { settlementSlug: slug });
  } catch (e) {
    if (e instanceof FreshAuthRequiredError)
      return { error: 'Sending money needs you to confirm your password and authenticator code first.', data: { reauth: `/admin/sign-in?fresh=1&next=${encodeURIComponent(PAGE(slug))}` } };
    throw e;
  }
  if (form.get('intent') !== 'submit') return { error: 'Use the “Start disbursement” button.' };
  const parsed = startSchema.safeParse({ rail: form.get('rail'), settings: form.get('settings') ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues[0].message, fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  let json: unknown;
  try {
    json = JSON.parse(parsed.data.settings);
  } catch {
    return { error: 'The rail settings are not valid JSON', fieldErrors: { settings: 'The rail settings are not valid JSON' } };
  }
  const rails = railsConfigSchema.safeParse({ [parsed.data.rail]: json });
  if (!rails.success) {
    const msg = rails.error.issues.map((i) => `settings.${i.path.slice(1).join('.') || '(top)'}: ${i.message}`).join('; ');
    return { error: msg, fieldErrors: { settings: msg } };
  }
  const handle = await getHandle();
  const run = await getRun(handle.db, guarded.settlement!.id, runId);
  if (!run) return { error: 'This payout run does not exist.' };
  try {
    const r = await disburse(handle.db, run.id, { rail: parsed.data.rail, actor: `staff:${guarded.user.id}`, rails: rails.data, write: async () => 'console (download)' });
    revalidatePath(PAGE(slug));
    if (r.nothingNew) return { ok: `Nothing to send by ${parsed.data.rail}: every payment of this rail was already sent.${r.skipped.length ? ` ${r.skipped.length} payment(s) could not go on this rail.` : ''}` };
    const n = r.batches.reduce((t, b) => t + b.payments, 0);
    return { ok: `${n} payment(s) in ${r.batches.length} batch(es) ready: download the file(s) below.${r.skipped.length ? ` ${r.skipped.length} payment(s) skipped.` : ''}` };
  } catch (e) {
    return failure(e);
  }
}

export async function reissueFailedAction(slug: string, runId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('disbursements:run', { settlementSlug: slug });
  if (form.get('intent') !== 'submit') return { error: 'Use the “Re-issue” button.' };
  const handle = await getHandle();
  const run = await getRun(handle.db, settlement!.id, runId);
  if (!run) return { error: 'This payout run does not exist.' };
  try {
    const r = await reissuePayments(handle.db, run.id, { all: true }, 'bulk re-issue from the console', `staff:${user.id}`);
    revalidatePath(PAGE(slug));
    return { ok: r.reissued ? `${r.reissued} payment(s) re-issued; the next disbursement of each rail sends them.` : 'No failed or returned payment to re-issue.' };
  } catch (e) {
    return failure(e);
  }
}

const IMPORTS = { ach_returns: importAchReturns, paypal_results: importPaypalResults, card_report: importCardReport } as const;

export async function importResultsAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('disbursements:run', { settlementSlug: slug });
  const kind = String(form.get('kind') ?? '');
  const file = form.get('file');
  if (!(kind in IMPORTS)) return { error: 'Choose what the file is', fieldErrors: { kind: 'Choose what the file is' } };
  if (!(file instanceof File) || file.size === 0) return { error: 'Choose the file to import', fieldErrors: { file: 'Choose the file to import' } };
  if (file.size > 50 * 1024 * 1024) return { error: 'The file is larger than 50 MB', fieldErrors: { file: 'The file is larger than 50 MB' } };
  const handle = await getHandle();
  try {
    const r = await IMPORTS[kind as keyof typeof IMPORTS](handle.db, settlement!.id, file.name, Buffer.from(await file.arrayBuffer()), `staff:${user.id}`);
    // Tell the claimants whose payment this file failed or returned now (the outbox sends each at most once;
    // the `disburse.mail` job sends whatever this leaves behind).
    const mail = await sendPaymentMail(handle.db, settlement!).catch(() => ({ sent: 0, failed: 0 }));
    revalidatePath(PAGE(slug));
    return { ok: `${file.name}: applied.${mail.sent ? ` ${mail.sent} claimant(s) e-mailed.` : ''}`, data: { result: JSON.parse(JSON.stringify(r)) } };
  } catch (e) {
    return failure(e);
  }
}
