import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { exportNotices } from '@/lib/notices/export';

/** GET /api/admin/SLUG/notices/export?kind=full|postcards — the mail vendor's CSV, WITH confirmation codes (audited). */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const guarded = await requireStaffApi('notices:manage', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const kind = new URL(req.url).searchParams.get('kind') ?? 'full';
  if (kind !== 'full' && kind !== 'postcards') return Response.json({ error: 'kind must be full or postcards' }, { status: 400 });
  const out = exportNotices(await getDb(), guarded.settlement!.id, { kind, actor: `staff:${guarded.user.id}` });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await out.lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await out.lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}-${kind === 'full' ? 'notices' : 'postcards'}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
