import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { exportPayments, getRun } from '@/lib/payouts/service';

/** GET /api/admin/SLUG/payouts/RUN/export — the run's payments (INTERFACES.md §3.2), streamed, audited. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; runId: string }> }) {
  await connection();
  const { slug, runId } = await params;
  const guarded = await requireStaffApi('payouts:compute', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const db = await getDb();
  const run = await getRun(db, guarded.settlement!.id, runId);
  if (!run || run.phase !== 'computed') return Response.json({ error: 'no such computed payout run' }, { status: 404 });
  await db.transaction((tx) =>
    appendAudit(tx, { settlementId: run.settlementId, actor: `staff:${guarded.user.id}`, action: 'payouts.export', targetType: 'payout_run', targetId: run.id }),
  );
  const iterator = exportPayments(db, run);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}-payout-run-${run.id.slice(0, 8)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
