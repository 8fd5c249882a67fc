import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { accessibleSettlements } from '@/lib/auth/queries';
import { NewSettlementForm } from './new-settlement-form';

export const metadata: Metadata = { title: 'New settlement' };

export default async function NewSettlementPage() {
  await connection();
  const { user } = await requireStaff('settlements:create');
  const sources = await accessibleSettlements(await getDb(), user);
  return (
    <div className="admin-page narrow-page">
      <div className="page-head">
        <h1>New settlement</h1>
        <p className="muted">Start from a copy of an existing settlement’s configuration; adjust dates, fund, tiers and payment methods in its settings next.</p>
      </div>
      <NewSettlementForm sources={sources} />
    </div>
  );
}
