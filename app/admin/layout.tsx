import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { currentStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can, permissions, roleLabels, type Permission } from '@/lib/auth/permissions';
import { accessibleSettlements } from '@/lib/auth/queries';
import { AdminNav } from './_components/admin-nav';
import { SignOutButton } from './_components/sign-out-button';

export const metadata: Metadata = { title: { default: 'Console', template: '%s · fairshare console' }, robots: { index: false } };

/**
 * The console's frame. It only decides what to SHOW (nav, switcher); every page below calls the guard
 * itself — a layout is not an authorisation boundary (it does not re-run on client navigation).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const user = await currentStaff();
  const settlements = user ? await accessibleSettlements(await getDb(), user) : [];
  const allowed = user ? (Object.keys(permissions) as Permission[]).filter((p) => can(user.role, p)) : [];
  return (
    <div className="admin">
      <header className="admin-header">
        <div className="admin-bar">
          <Link href="/admin" className="admin-brand">
            fairshare <span>console</span>
          </Link>
          {user && (
            <div className="admin-who">
              <span>
                <strong>{user.name}</strong> <span className="badge">{roleLabels[user.role].split(' (')[0]}</span>
              </span>
              <SignOutButton />
            </div>
          )}
        </div>
        {user && <AdminNav settlements={settlements} permissions={allowed} />}
      </header>
      <main id="main" className="admin-main">
        {children}
      </main>
    </div>
  );
}
