import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { classListStatus } from '@/lib/classlist/import';
import { CLASS_COLUMNS } from '@/lib/classlist/row';
import { UPLOAD_LIMIT_BYTES } from '@/lib/classlist/upload';
import { ClassListUpload } from './upload-form';

export const metadata: Metadata = { title: 'Class list' };

export default async function ClassListPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('classlist:import', { settlementSlug: slug });
  const status = await classListStatus(await getDb(), settlement!.id);
  const declared = Object.entries(settlement!.config.classListAttributes ?? {});
  const last = status.lastImport;
  const d = last?.details as { file?: string; mode?: string; rows?: number; records?: number; added?: number; removed?: number } | undefined;
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Class list</h1>
        <p className="muted">The defendant’s records of who is in the class. Claims are verified against them; identifiers are stored only as keyed hashes and contact details sealed.</p>
      </div>
      <section className="card" aria-labelledby="current">
        <h2 id="current">Current list</h2>
        <p>
          <strong>{status.members.toLocaleString('en-US')}</strong> class members.{' '}
          {last && d ? (
            <>
              Last import {last.at.toISOString().slice(0, 16).replace('T', ' ')} UTC
              {d.file ? (
                <>
                  {' '}
                  from {d.file} ({d.mode}): {(d.rows ?? 0).toLocaleString('en-US')} rows, {(d.added ?? 0).toLocaleString('en-US')} added, {(d.removed ?? 0).toLocaleString('en-US')} removed.
                </>
              ) : (
                // Older rows (the demo's) record only a count.
                `: ${(d.records ?? 0).toLocaleString('en-US')} records.`
              )}
            </>
          ) : (
            'Nothing imported yet.'
          )}
        </p>
      </section>
      <section className="card" aria-labelledby="upload">
        <h2 id="upload">Import a file</h2>
        <p className="muted">
          CSV with a header row: <code>{CLASS_COLUMNS.join(', ')}</code> and the usage attributes{' '}
          {declared.length ? declared.map(([k, v]) => `${k} (${v.type})`).join(', ') : '(none declared in the settings)'}. Other columns are kept as text. Up to {UPLOAD_LIMIT_BYTES / 1024 / 1024} MB here; use{' '}
          <code>fairshare classlist import</code> on the server for the full list. All or nothing: a file with any problem changes nothing.
        </p>
        <ClassListUpload slug={slug} />
      </section>
    </div>
  );
}
