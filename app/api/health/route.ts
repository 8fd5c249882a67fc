import { connection } from 'next/server';
import { sql } from 'drizzle-orm';
import { getDb } from '@/app/_lib/db';

/** Liveness and database reachability, for load balancers and the e2e server check. No data is returned. */
export async function GET() {
  await connection();
  try {
    await (await getDb()).execute(sql`select 1`);
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
