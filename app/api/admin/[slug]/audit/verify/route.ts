import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { verifyAuditChain } from '@/lib/audit/service';

export const dynamic = 'force-dynamic';

/** GET: the audit chain verdict as JSON (for monitoring; same answer as `fairshare audit verify`). */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const guarded = await requireStaffApi('audit:view', { settlementSlug: (await params).slug });
  if (guarded instanceof Response) return guarded;
  return Response.json(await verifyAuditChain(await getDb()), { headers: { 'Cache-Control': 'no-store' } });
}
