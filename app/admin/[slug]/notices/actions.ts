'use server';
import { revalidatePath } from 'next/cache';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getHandle } from '@/db/client';
import { CsvRejected } from '@/lib/csv/read';
import { isAppError } from '@/lib/errors';
import { runInline } from '@/lib/jobs/run-inline';
import { importBounces } from '@/lib/notices/bounces';
import { issueNoticesJob, sendNoticesJob } from '@/lib/notices/jobs';
import { enqueueNotices } from '@/lib/notices/outbox';

/** One campaign run per settlement in this process; a second click while it runs only reports it. The outbox's SKIP LOCKED keeps even two processes from sending a message twice. */
const running = globalThis as unknown as { __noticeSends?: Map<string, Promise<unknown>> };
running.__noticeSends ??= new Map();

export async function issueNoticesAction(slug: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('notices:manage', { settlementSlug: slug });
  const r = await runInline(await getHandle(), issueNoticesJob, { settlementId: settlement!.id }, { actor: `staff:${user.id}` });
  revalidatePath(`/admin/${slug}/notices`);
  return { ok: r.issued > 0 ? `${r.issued.toLocaleString('en-US')} notices issued.` : 'Every class member already has a Notice ID.' };
}

/** Starts (or resumes) the e-mail campaign in the background; the page shows its progress from the outbox. */
export async function startCampaignAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('notices:manage', { settlementSlug: slug });
  const rateRaw = String(form.get('rate') ?? '').trim();
  const rate = rateRaw ? Number(rateRaw) : undefined;
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)) return { error: 'The rate must be a number of messages per second, more than 0.', fieldErrors: { rate: 'Enter a number such as 50' } };
  // E-mail to thousands of people cannot be taken back: the sender ticks the box, a stray post sends nothing.
  if (form.get('confirm') !== 'yes') return { error: 'Tick the box to confirm sending the notice e-mail.', fieldErrors: { confirm: 'Tick to confirm' } };
  const map = running.__noticeSends!;
  if (map.has(settlement!.id)) return { ok: 'The campaign is already sending.' };
  const handle = await getHandle();
  // Queued before the action returns, so the page it re-renders shows the campaign's size and refreshes.
  await enqueueNotices(handle.db, settlement!.id, `staff:${user.id}`);
  const run = runInline(handle, sendNoticesJob, { settlementId: settlement!.id, rate }, { actor: `staff:${user.id}` })
    .catch((e) => console.error(`notices.send ${slug}: ${isAppError(e) ? e.message : 'failed'}`))
    .finally(() => map.delete(settlement!.id));
  map.set(settlement!.id, run);
  revalidatePath(`/admin/${slug}/notices`);
  return { ok: 'The campaign is sending. Progress updates below.' };
}

export async function importBouncesAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('notices:manage', { settlementSlug: slug });
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return { error: 'Choose the bounce report (a CSV file).', fieldErrors: { file: 'Choose a CSV file' } };
  if (file.size > 50 * 1024 * 1024) return { error: 'The file is larger than 50 MB; import it with `fairshare notices bounces`.', fieldErrors: { file: 'Too large' } };
  try {
    const handle = await getHandle();
    const r = await importBounces(handle.db, settlement!.id, Buffer.from(await file.arrayBuffer()), { file: file.name, actor: `staff:${user.id}` });
    revalidatePath(`/admin/${slug}/notices`);
    return { ok: `${r.rows} bounces imported (${r.hard} hard, ${r.soft} soft); ${r.membersUndeliverable} members marked undeliverable.` };
  } catch (e) {
    if (e instanceof CsvRejected) return { error: [e.message, ...e.errors.slice(0, 10)].join('\n'), fieldErrors: { file: 'The file has problems; nothing was imported' } };
    throw e;
  }
}
