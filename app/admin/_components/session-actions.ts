'use server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { signOutEverywhere } from '@/lib/auth/sessions';

/**
 * "Sign out everywhere": ends every session of the signed-in person on the server (other browsers, a
 * lost laptop), this one included. Asks for an explicit confirm field so a stray or empty post does nothing.
 */
export async function signOutEverywhereAction(form: FormData): Promise<{ ok: boolean; ended?: number }> {
  const { user } = await requireStaff('dashboard:view');
  if (form?.get?.('confirm') !== 'yes') return { ok: false };
  return { ok: true, ended: await signOutEverywhere(await getDb(), user.id) };
}
