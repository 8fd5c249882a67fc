import { requireStaffApi } from '@/app/_lib/auth';
import { getHandle } from '@/db/client';
import { getRun } from '@/lib/jobs/runs';
import { runView } from '@/lib/jobs/view';

export const dynamic = 'force-dynamic';

/** GET: one job run's status and progress (what <JobProgress> polls). Only the settlement's own runs. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const guarded = await requireStaffApi('jobs:view', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const run = /^[0-9a-f-]{36}$/i.test(id) ? await getRun((await getHandle()).db, id) : undefined;
  if (!run || run.settlementId !== guarded.settlement!.id) return Response.json({ error: 'not found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return Response.json(runView(run), { headers: { 'Cache-Control': 'no-store' } });
}
