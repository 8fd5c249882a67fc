import { requireStaffApi } from '@/app/_lib/auth';
import { crossOriginAction } from '@/lib/auth/request-guards';
import { isAppError } from '@/lib/errors';
import { displayName, runClassListUpload, saveUpload, UPLOAD_LIMIT_BYTES } from '@/lib/classlist/upload';

export const dynamic = 'force-dynamic';

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * POST the CSV itself as the body (`?mode=merge|replace`, the file's name in `x-file-name`): streamed
 * to the data folder, imported all or nothing. 200 with the changes, 422 with every problem.
 */
export async function POST(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const guarded = await requireStaffApi('classlist:import', { settlementSlug: (await params).slug });
  if (guarded instanceof Response) return guarded;
  if (crossOriginAction(req.headers)) return json(403, { error: 'this upload was sent from another website' });
  const mode = new URL(req.url).searchParams.get('mode') ?? 'merge';
  if (mode !== 'merge' && mode !== 'replace') return json(400, { error: 'mode must be merge or replace' });
  if (Number(req.headers.get('content-length') ?? 0) > UPLOAD_LIMIT_BYTES) return json(413, { error: `the file is larger than ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB; import it with \`fairshare classlist import\` on the server` });
  if (!req.body) return json(400, { error: 'choose a CSV file to upload' });
  let file: string;
  try {
    file = await saveUpload(req.body);
  } catch (e) {
    if (isAppError(e)) return json(e.code === 'too_large' ? 413 : 400, { error: e.message });
    throw e;
  }
  const outcome = await runClassListUpload(guarded.settlement!, file, { mode, fileName: displayName(req.headers.get('x-file-name')), actor: `staff:${guarded.user.id}` });
  return outcome.ok ? json(200, outcome) : json(422, outcome);
}
