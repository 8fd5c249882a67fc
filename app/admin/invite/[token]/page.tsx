import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import QRCode from 'qrcode';
import { getDb } from '@/db/client';
import { roleLabels } from '@/lib/auth/permissions';
import { totpUri } from '@/lib/auth/totp';
import { enrolmentSecret, findInvitation } from '@/lib/auth/users';
import { AcceptForm } from './accept-form';

export const metadata: Metadata = { title: 'Accept invitation', referrer: 'no-referrer' };

export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const found = await findInvitation(await getDb(), token);
  if (found.state !== 'open') {
    const why = { unknown: 'is not valid', accepted: 'has already been used', revoked: 'was withdrawn', expired: 'has expired' }[found.state];
    return (
      <div className="auth-card card">
        <h1>This invitation {why}</h1>
        <p>Ask an administrator to send you a new invitation.</p>
        {found.state === 'accepted' && <Link href="/admin/sign-in">Sign in</Link>}
      </div>
    );
  }
  const inv = found.invitation;
  // A new secret per page load; it is carried back sealed, and enrolled only when a code from it is proven.
  const { secret, sealed } = enrolmentSecret(token);
  const qr = await QRCode.toDataURL(totpUri(secret, inv.email), { margin: 1, width: 180 });
  return (
    <div className="auth-card card wide">
      <h1>Welcome, {inv.name}</h1>
      <p className="muted">
        You have been invited as <strong>{roleLabels[inv.role]}</strong> ({inv.email}). Set a password and an authenticator app; both are needed to sign in.
      </p>
      <AcceptForm token={token} sealedSecret={sealed} secret={secret} qr={qr} />
    </div>
  );
}
