import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { disbursementFile } from '@/lib/disburse/overview';

/** GET /api/admin/SLUG/disbursements/ID/files/N — one file of a disbursement batch (it holds payees' accounts): 'disbursements:run', audited. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; id: string; index: string }> }) {
  await connection();
  const { slug, id, index } = await params;
  const guarded = await requireStaffApi('disbursements:run', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  if (!/^[0-9a-f-]{36}$/i.test(id) || !/^\d{1,3}$/.test(index)) return Response.json({ error: 'no such disbursement file' }, { status: 404 });
  const db = await getDb();
  const f = await disbursementFile(db, guarded.settlement!.id, id, Number(index));
  if (!f) return Response.json({ error: 'no such disbursement file' }, { status: 404 });
  await db.transaction((tx) =>
    appendAudit(tx, { settlementId: guarded.settlement!.id, actor: `staff:${guarded.user.id}`, action: 'disburse.file.download', targetType: 'disbursement', targetId: id, details: { file: f.name, rail: f.rail, batchNo: f.batchNo } }),
  );
  const type = f.name.endsWith('.pdf') ? 'application/pdf' : f.name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'text/plain; charset=us-ascii';
  return new Response(new Uint8Array(f.data), { headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${slug}-${f.name}"`, 'Cache-Control': 'no-store' } });
}
