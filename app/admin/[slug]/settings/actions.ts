'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ZodError } from 'zod';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { isAppError } from '@/lib/errors';
import { describeIssues } from '@/lib/settlements/config';
import { configImpact, updateSettlementConfig } from '@/lib/settlements/service';
import { applySettingsForm, type FormValues } from '@/lib/settlements/settings-form';

function formValues(form: FormData): FormValues {
  const out: FormValues = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const all = form.getAll(key).map(String);
    out[key] = key === 'paymentMethods' ? all : all[0];
  }
  return out;
}

/** Step 1: validate the form and show what would change, field by field. Nothing is saved. */
export async function previewSettingsAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { settlement } = await requireStaff('settings:edit', { settlementSlug: slug });
  const result = applySettingsForm(formValues(form));
  if (!result.ok) return { error: 'Please correct the fields marked below.', fieldErrors: result.errors };
  const impact = await configImpact(await getDb(), settlement!, result.config);
  if (impact.changes.length === 0) return { ok: 'Nothing has changed.' };
  return {
    data: {
      changes: impact.changes,
      candidate: JSON.stringify(result.config),
      base: settlement!.updatedAt.toISOString(),
      version: settlement!.configVersion,
      affectedClaims: impact.affectedClaims,
      verifiedClaims: impact.verifiedClaims,
      reasonRequired: impact.reasonRequired,
    },
  };
}

/** Step 2: save exactly what was previewed, unless someone else saved in between. */
export async function saveSettingsAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { user, settlement } = await requireStaff('settings:edit', { settlementSlug: slug });
  if (String(form.get('base')) !== settlement!.updatedAt.toISOString())
    return { error: 'Someone else changed these settings after your preview. Review the current values and preview again.' };
  try {
    await updateSettlementConfig(await getDb(), slug, JSON.parse(String(form.get('candidate') ?? '{}')), `staff:${user.id}`, { reason: String(form.get('reason') ?? '') });
  } catch (e) {
    if (isAppError(e) && e.field === 'reason') return { error: e.message, fieldErrors: { reason: e.message } };
    if (e instanceof ZodError) return { error: `Not saved: ${describeIssues(e).join('; ')}` };
    return { error: `Not saved: ${(e as Error).message}` };
  }
  revalidatePath(`/admin/${slug}/settings`);
  redirect(`/admin/${slug}/settings?saved=1`);
}
