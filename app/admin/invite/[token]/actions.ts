'use server';
import { redirect } from 'next/navigation';
import { failure } from '@/app/_lib/actions';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { acceptInvitation } from '@/lib/auth/users';

/** Public by design: the one-time invitation token is the credential (only its hash is stored). */
export async function acceptInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = Object.fromEntries(['token', 'sealedSecret', 'password', 'confirm', 'code'].map((k) => [k, String(form.get(k) ?? '')]));
  try {
    await acceptInvitation(await getDb(), input);
  } catch (e) {
    return failure(e);
  }
  redirect('/admin/sign-in?accepted=1');
}
