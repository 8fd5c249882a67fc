import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { errorResponse, isAppError } from '@/lib/errors';
import { exportReport, isReportKind, ReportFormatError } from '@/lib/reports/export';
import { defaultDeclarant, reportFormats, type ReportFormat } from '@/lib/reports/types';

/**
 * GET /api/admin/SLUG/reports/KIND?format=pdf|csv|json — a court report, streamed as it is rendered
 * (the claims register is millions of rows). exportReport commits the audit row before it returns, so
 * the first byte leaves only after the export is on the record.
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; kind: string }> }) {
  await connection();
  const { slug, kind } = await params;
  const guarded = await requireStaffApi('reports:export', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const format = new URL(req.url).searchParams.get('format') ?? 'pdf';
  if (!isReportKind(kind)) return Response.json({ error: `unknown report "${kind}"` }, { status: 404 });
  if (!(reportFormats as readonly string[]).includes(format)) return Response.json({ error: 'format must be pdf, csv or json' }, { status: 400 });
  let out;
  try {
    out = await exportReport(await getDb(), {
      settlement: guarded.settlement!,
      kind,
      format: format as ReportFormat,
      actor: `staff:${guarded.user.id}`,
      declarant: defaultDeclarant(guarded.user.name),
      runId: new URL(req.url).searchParams.get('run') ?? undefined,
    });
  } catch (e) {
    if (e instanceof ReportFormatError || (isAppError(e) && e.code !== 'internal')) return errorResponse(e);
    throw e;
  }
  const iterator = out.chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': out.contentType,
      'Content-Disposition': `attachment; filename="${out.filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
