import { connection } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { isListedDocument, LONG_FORM_NOTICE, readUploadedDocument } from '@/lib/settlements/documents';
import { renderLongFormNotice } from '@/lib/settlements/long-form-notice';
import { findSettlement } from '@/lib/settlements/service';

/**
 * A settlement's court documents. Only documents listed in the settlement's configuration are served:
 * the uploaded file when the administrator has placed it, else (for the Long Form Notice) the PDF
 * generated from the configuration.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; file: string }> }) {
  await connection();
  const { slug, file } = await params;
  const settlement = await findSettlement(await getDb(), slug);
  if (!settlement || !isListedDocument(settlement.config, file)) return notFound('No such document.');
  const body = readUploadedDocument(slug, file) ?? (file === LONG_FORM_NOTICE ? await renderLongFormNotice(settlement.config) : null);
  if (!body) return notFound('This document has not been posted yet. Contact the Settlement Administrator for a copy.');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(body.length),
      'Content-Disposition': `inline; filename="${slug}-${file}"`,
      // Court documents change when the Court orders it; always revalidate.
      'Cache-Control': 'no-cache',
    },
  });
}

function notFound(message: string): Response {
  return new Response(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
