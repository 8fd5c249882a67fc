'use client';
import { signOut } from 'next-auth/react';

export function SignOutButton() {
  return (
    <button type="button" className="btn secondary small-btn" onClick={() => signOut({ callbackUrl: '/admin/sign-in?signedOut=1' })}>
      Sign out
    </button>
  );
}
