import { connection } from 'next/server';
import { requireStaffApi } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { downloadDeficiencyLetter } from '@/lib/review/deficiency';

/** The printable deficiency letter (PDF): addressed to the claimant, so pii:reveal; every download is audited. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; claimId: string }> }) {
  await connection();
  const { slug, claimId } = await params;
  const guarded = await requireStaffApi('pii:reveal', { settlementSlug: slug });
  if (guarded instanceof Response) return guarded;
  const letter = await downloadDeficiencyLetter(await getDb(), guarded.settlement!, decodeURIComponent(claimId), `staff:${guarded.user.id}`);
  if (!letter) return Response.json({ error: 'no open deficiency on this claim' }, { status: 404 });
  return new Response(new Uint8Array(letter.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="deficiency-${letter.claimId}.pdf"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
