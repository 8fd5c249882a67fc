import { and, desc, eq, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { auditLog } from '@/db/schema';

/** Filters of the audit log page (all optional; dates are whole days in UTC). */
export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  /** 'settlement': this settlement's rows; 'all': also installation-wide rows (sign-ins, staff changes). */
  scope: z.enum(['settlement', 'all']).catch('settlement'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const AUDIT_PAGE_SIZE = 50;

const like = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchAudit(db: Queryable, settlementId: string, f: AuditFilter) {
  const where: (SQL | undefined)[] = [
    f.scope === 'all' ? or(eq(auditLog.settlementId, settlementId), isNull(auditLog.settlementId)) : eq(auditLog.settlementId, settlementId),
  ];
  if (f.actor) where.push(ilike(auditLog.actor, like(f.actor)));
  if (f.target) where.push(or(ilike(auditLog.targetId, like(f.target)), ilike(auditLog.targetType, like(f.target))));
  if (f.action) where.push(ilike(auditLog.action, like(f.action)));
  if (f.from) where.push(gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lt(auditLog.at, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  const cond = and(...where);
  // One row past the page tells whether there is a next page without counting the whole log.
  const rows = await db.select().from(auditLog).where(cond).orderBy(desc(auditLog.id)).limit(AUDIT_PAGE_SIZE + 1).offset((f.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

export async function auditActions(db: Queryable): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500);
  return rows.map((r) => r.action);
}

export { sql };
