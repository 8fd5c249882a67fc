import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { downloadObjectionDocument } from '@/lib/filings/console';

/** The document an objector uploaded, decrypted for roles that may see filings; every download is audited. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; objectionId: string }> }) {
  await connection();
  const { slug, objectionId } = await params;
  const guarded = await requireStaffApi('filings:view', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const doc = await downloadObjectionDocument(await getDb(), guarded.settlement!, decodeURIComponent(objectionId), `staff:${guarded.user.id}`);
  if (!doc) return Response.json({ error: 'no document for this objection' }, { status: 404 });
  const safeName = doc.name.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'objection.pdf';
  return new Response(new Uint8Array(doc.bytes), {
    headers: {
      // Served as a download, never rendered inline: the file came from the public.
      'Content-Type': doc.type === 'application/pdf' ? 'application/pdf' : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${safeName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
