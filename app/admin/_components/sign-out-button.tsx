'use client';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { signOutEverywhereAction } from './session-actions';

/** Sign out ends this session on the server (next-auth's sign-out event); "everywhere" ends all of yours. */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function everywhere() {
    setBusy(true);
    const form = new FormData();
    form.set('confirm', 'yes');
    await signOutEverywhereAction(form).catch(() => null);
    await signOut({ callbackUrl: '/admin/sign-in?signedOut=1' });
  }
  return (
    <>
      <button type="button" className="btn secondary small-btn" disabled={busy} onClick={() => signOut({ callbackUrl: '/admin/sign-in?signedOut=1' })}>
        Sign out
      </button>
      <button type="button" className="btn secondary small-btn" disabled={busy} onClick={everywhere} title="End your sessions in every browser and device">
        Sign out everywhere
      </button>
    </>
  );
}
