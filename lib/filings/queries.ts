import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { objections, optOuts } from '@/db/schema';

/** What a confirmation page may show: no personal data, only the filing's ID, time and timeliness. */
export type FilingReceipt = { id: string; submittedAt: Date; late: boolean };

export async function findOptOutReceipt(db: Queryable, settlementId: string, requestId: string): Promise<FilingReceipt | null> {
  const [row] = await db
    .select({ id: optOuts.requestId, submittedAt: optOuts.submittedAt, late: optOuts.late })
    .from(optOuts)
    .where(and(eq(optOuts.settlementId, settlementId), eq(optOuts.requestId, requestId)));
  return row ?? null;
}

/** An objection's receipt; `alsoExcluded` when the same email has asked to be excluded (checked now, not at filing). */
export async function findObjectionReceipt(
  db: Queryable,
  settlementId: string,
  objectionId: string,
): Promise<(FilingReceipt & { alsoExcluded: boolean; willAppear: boolean }) | null> {
  const [row] = await db
    .select({ id: objections.objectionId, submittedAt: objections.submittedAt, late: objections.late, emailHash: objections.emailHash, willAppear: objections.willAppear })
    .from(objections)
    .where(and(eq(objections.settlementId, settlementId), eq(objections.objectionId, objectionId)));
  if (!row) return null;
  const { emailHash, ...receipt } = row;
  return { ...receipt, alsoExcluded: await hasOptOutForEmail(db, settlementId, emailHash) };
}

export async function hasOptOutForEmail(db: Queryable, settlementId: string, emailHash: string): Promise<boolean> {
  const [row] = await db.select({ id: optOuts.id }).from(optOuts).where(and(eq(optOuts.settlementId, settlementId), eq(optOuts.emailHash, emailHash))).limit(1);
  return !!row;
}

export async function hasObjectionForEmail(db: Queryable, settlementId: string, emailHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: objections.id })
    .from(objections)
    .where(and(eq(objections.settlementId, settlementId), eq(objections.emailHash, emailHash)))
    .limit(1);
  return !!row;
}
