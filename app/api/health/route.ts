import { connection } from 'next/server';
import { isReachable } from '@/db/client';
import { getDb } from '@/app/_lib/db';

/** Liveness and database reachability, for load balancers and the e2e server check. No data is returned. */
export async function GET() {
  await connection();
  const ok = await getDb().then(isReachable, () => false);
  return Response.json({ ok }, { status: ok ? 200 : 503 });
}
