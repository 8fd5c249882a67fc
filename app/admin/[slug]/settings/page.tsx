import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { can } from '@/lib/auth/permissions';
import { settlementConfigSchema } from '@/lib/settlements/config';
import { previewSettingsAction, saveSettingsAction } from './actions';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ saved?: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('settings:view', { settlementSlug: slug });
  const editable = can(user.role, 'settings:edit');
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Settings</h1>
        <p className="muted">
          {settlement!.config.name}.{' '}
          {editable ? 'Changes are validated and shown field by field before they are saved.' : 'Read-only: your role can view the configuration but not change it.'}
        </p>
      </div>
      {(await searchParams).saved && (
        <p className="alert ok" role="status">
          Settings saved. The change is recorded in the audit log.
        </p>
      )}
      <SettingsForm
        key={settlement!.updatedAt.toISOString()}
        // Re-parsed so the JSON editor shows keys in the documented order (jsonb reorders them).
        config={settlementConfigSchema.parse(settlement!.config)}
        readOnly={!editable}
        preview={editable ? previewSettingsAction.bind(null, slug) : undefined}
        save={editable ? saveSettingsAction.bind(null, slug) : undefined}
      />
    </div>
  );
}
