'use server';
import { redirect } from 'next/navigation';
import { z, ZodError } from 'zod';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { canAccessSettlement } from '@/lib/auth/queries';
import { createSettlement, findSettlement, SettlementExistsError } from '@/lib/settlements/service';

const newSettlementSchema = z.object({
  source: z.string().min(1, 'Choose the settlement to copy'),
  slug: z.string().trim().min(2, 'At least 2 characters').max(40).regex(/^[a-z0-9][a-z0-9-]*$/, 'Lower-case letters, digits and hyphens only'),
  name: z.string().trim().min(3, 'At least 3 characters').max(200),
  shortName: z.string().trim().min(2, 'At least 2 characters').max(80),
});

/** Creates a settlement from a copy of another's configuration, then opens its settings to adjust the rest. */
export async function createSettlementAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('settlements:create');
  const parsed = newSettlementSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => [k, v?.[0] ?? '']));
    return { error: 'Please correct the fields marked below.', fieldErrors };
  }
  const db = await getDb();
  const source = await findSettlement(db, parsed.data.source);
  if (!source || !canAccessSettlement(user, source.id)) return { error: 'Choose a settlement you can see', fieldErrors: { source: 'Choose a settlement you can see' } };
  try {
    await createSettlement(db, { ...source.config, slug: parsed.data.slug, name: parsed.data.name, shortName: parsed.data.shortName }, `staff:${user.id}`);
  } catch (e) {
    if (e instanceof SettlementExistsError) return { error: e.message, fieldErrors: { slug: 'This slug is taken' } };
    if (e instanceof ZodError) return { error: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    throw e;
  }
  redirect(`/admin/${parsed.data.slug}/settings`);
}
