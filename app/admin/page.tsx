import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { accessibleSettlements } from '@/lib/auth/queries';

/** /admin lands on the first settlement the user can see. */
export default async function AdminHome() {
  await connection();
  const { user } = await requireStaff('dashboard:view');
  const [first] = await accessibleSettlements(await getDb(), user);
  if (first) redirect(`/admin/${first.slug}/dashboard`);
  return (
    <div className="admin-page">
      <h1>No settlement yet</h1>
      <p>You have not been given access to any settlement. Ask an administrator, or create one with <code>npx fairshare settlement create</code>.</p>
    </div>
  );
}
