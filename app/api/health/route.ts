import { connection } from 'next/server';
import { isReachable } from '@/db/client';
import { getDb } from '@/app/_lib/db';
import { demoStatus } from '@/lib/demo/progress';

/** Liveness and database reachability, for load balancers and the e2e server check. No data is returned. */
export async function GET() {
  await connection();
  // Not ready while the first start is still building the demo (instrumentation.ts): callers wait.
  if (demoStatus()?.state === 'building') return Response.json({ ok: false, starting: true }, { status: 503 });
  const ok = await getDb().then(isReachable, () => false);
  return Response.json({ ok }, { status: ok ? 200 : 503 });
}
