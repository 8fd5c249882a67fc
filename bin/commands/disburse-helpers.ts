import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { settlements } from '@/db/schema';

export async function findSettlementById(db: Queryable, id: string) {
  const [s] = await db.select().from(settlements).where(eq(settlements.id, id));
  return s ?? null;
}
