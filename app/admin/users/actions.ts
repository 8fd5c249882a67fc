'use server';
import { revalidatePath } from 'next/cache';
import { failure } from '@/app/_lib/actions';
import { requireStaff } from '@/app/_lib/auth';
import type { ActionState } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { changeRole, inviteStaff, revokeInvitation, setDisabled, setSettlementAccess, INVITE_DAYS } from '@/lib/auth/users';
import { consoleBaseUrl } from '@/lib/env';
import { sendMail } from '@/lib/mail/send';

const access = (form: FormData) => ({ allSettlements: form.get('allSettlements') === 'on', settlementIds: form.getAll('settlementIds').map(String) });

export async function inviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('users:manage');
  const input = { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), role: String(form.get('role') ?? ''), ...access(form) };
  try {
    const { token } = await inviteStaff(await getDb(), user, input);
    const link = `${consoleBaseUrl()}/admin/invite/${token}`;
    // After commit: a mail failure must not undo the invitation; the admin can copy the link instead.
    let mailed = true;
    try {
      await sendMail({
        to: input.email,
        subject: 'Your fairshare console invitation',
        text: `${user.name} invited you to the fairshare settlement administration console.\n\nSet your password and authenticator app here (valid ${INVITE_DAYS} days, one use):\n${link}\n`,
      });
    } catch {
      mailed = false;
    }
    revalidatePath('/admin/users');
    return { ok: mailed ? `Invitation emailed to ${input.email}.` : `Invitation created, but the email could not be sent.`, data: { link } };
  } catch (e) {
    return failure(e);
  }
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('users:manage');
  try {
    await changeRole(await getDb(), user, { userId: form.get('userId'), role: form.get('role') });
    revalidatePath('/admin/users');
    return { ok: 'Role saved.' };
  } catch (e) {
    return failure(e);
  }
}

export async function settlementAccessAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('users:manage');
  try {
    await setSettlementAccess(await getDb(), user, { userId: form.get('userId'), ...access(form) });
    revalidatePath('/admin/users');
    return { ok: 'Settlement access saved.' };
  } catch (e) {
    return failure(e);
  }
}

export async function setDisabledAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('users:manage');
  try {
    await setDisabled(await getDb(), user, { userId: form.get('userId'), disabled: form.get('disabled') === 'true' });
    revalidatePath('/admin/users');
    return { ok: form.get('disabled') === 'true' ? 'Account disabled.' : 'Account enabled.' };
  } catch (e) {
    return failure(e);
  }
}

export async function revokeInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { user } = await requireStaff('users:manage');
  try {
    await revokeInvitation(await getDb(), user, form.get('invitationId'));
    revalidatePath('/admin/users');
    return { ok: 'Invitation revoked.' };
  } catch (e) {
    return failure(e);
  }
}
