import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { auditLog, objections, optOuts } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { OBJECTION_PREFIX, OPT_OUT_PREFIX, parsePublicId } from '@/lib/claims/claim-id';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail, maskText } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { counselOf, openDocumentName, openObjectionDocument, openObjectionPii, openOptOutPii } from './sealed';

/**
 * Opt-outs and objections in the console: lists newest first (keyset), details with names masked, and
 * the objection's document, whose every download is audited. The court's copy with full names is the
 * exclusions / objections report.
 */

const PAGE = 50;

export type OptOutItem = { id: number; requestId: string; name: string; place: string; late: boolean; channel: 'web' | 'mail' | 'import'; submittedAt: Date };

export async function listOptOuts(db: Queryable, s: Settlement, before?: number): Promise<{ items: OptOutItem[]; next: number | null }> {
  const key = await settlementKey(db, s.id);
  const conds = [eq(optOuts.settlementId, s.id)];
  if (before) conds.push(lt(optOuts.id, before));
  const rows = await db.select().from(optOuts).where(and(...conds)).orderBy(desc(optOuts.id)).limit(PAGE + 1);
  const items = rows.slice(0, PAGE).map((r) => {
    const p = openOptOutPii(key, r.pii);
    return { id: r.id, requestId: r.requestId, name: `${maskText(p.firstName)} ${maskText(p.lastName)}`, place: [p.city, p.state].filter(Boolean).join(', '), late: r.late, channel: r.channel, submittedAt: r.submittedAt };
  });
  return { items, next: rows.length > PAGE ? items[items.length - 1].id : null };
}

export async function getOptOut(db: Queryable, s: Settlement, rawId: string) {
  const requestId = parsePublicId(rawId, OPT_OUT_PREFIX);
  if (!requestId) return null;
  const [r] = await db.select().from(optOuts).where(and(eq(optOuts.settlementId, s.id), eq(optOuts.requestId, requestId)));
  if (!r) return null;
  const p = openOptOutPii(await settlementKey(db, s.id), r.pii);
  const audit = await auditTrail(db, s, 'opt_out', r.requestId);
  return {
    requestId: r.requestId,
    name: `${maskText(p.firstName)} ${maskText(p.lastName)}`,
    email: p.email ? maskEmail(p.email) : null,
    place: [p.city, p.state].filter(Boolean).join(', '),
    noticeId: r.noticeId,
    late: r.late,
    channel: r.channel,
    postmarkDate: r.postmarkDate,
    submittedAt: r.submittedAt,
    audit,
  };
}

export type ObjectionItem = { id: number; objectionId: string; name: string; hasCounsel: boolean; willAppear: boolean; hasDocument: boolean; late: boolean; channel: 'web' | 'mail' | 'import'; submittedAt: Date };

export async function listObjections(db: Queryable, s: Settlement, before?: number): Promise<{ items: ObjectionItem[]; next: number | null }> {
  const key = await settlementKey(db, s.id);
  const conds = [eq(objections.settlementId, s.id)];
  if (before) conds.push(lt(objections.id, before));
  const rows = await db
    .select({ id: objections.id, objectionId: objections.objectionId, pii: objections.pii, hasCounsel: objections.hasCounsel, willAppear: objections.willAppear, documentName: objections.documentName, late: objections.late, channel: objections.channel, submittedAt: objections.submittedAt })
    .from(objections)
    .where(and(...conds))
    .orderBy(desc(objections.id))
    .limit(PAGE + 1);
  const items = rows.slice(0, PAGE).map((r) => {
    const p = openObjectionPii(key, r.pii);
    return { id: r.id, objectionId: r.objectionId, name: `${maskText(p.firstName)} ${maskText(p.lastName)}`, hasCounsel: r.hasCounsel, willAppear: r.willAppear, hasDocument: Boolean(r.documentName), late: r.late, channel: r.channel, submittedAt: r.submittedAt };
  });
  return { items, next: rows.length > PAGE ? items[items.length - 1].id : null };
}

export async function getObjection(db: Queryable, s: Settlement, rawId: string) {
  const objectionId = parsePublicId(rawId, OBJECTION_PREFIX);
  if (!objectionId) return null;
  const [r] = await db
    .select({ objectionId: objections.objectionId, pii: objections.pii, noticeId: objections.noticeId, hasCounsel: objections.hasCounsel, willAppear: objections.willAppear, documentName: objections.documentName, documentType: objections.documentType, documentBytes: objections.documentBytes, late: objections.late, channel: objections.channel, postmarkDate: objections.postmarkDate, submittedAt: objections.submittedAt })
    .from(objections)
    .where(and(eq(objections.settlementId, s.id), eq(objections.objectionId, objectionId)));
  if (!r) return null;
  const key = await settlementKey(db, s.id);
  const p = openObjectionPii(key, r.pii);
  return {
    objectionId: r.objectionId,
    name: `${maskText(p.firstName)} ${maskText(p.lastName)}`,
    place: [p.city, p.state].filter(Boolean).join(', '),
    // Grounds are filed with the Court and are not contact data; counsel are officers of the court.
    grounds: p.grounds ?? '',
    counsel: counselOf(p),
    willAppear: r.willAppear,
    late: r.late,
    channel: r.channel,
    postmarkDate: r.postmarkDate,
    submittedAt: r.submittedAt,
    document: r.documentName ? { name: openDocumentName(key, r.documentName), type: r.documentType ?? 'application/octet-stream', bytes: r.documentBytes ?? 0 } : null,
    audit: await auditTrail(db, s, 'objection', r.objectionId),
  };
}

/** Decrypts the objection's document for download, after committing the audit row of the download. */
export async function downloadObjectionDocument(db: Db, s: Settlement, rawId: string, actor: string): Promise<{ name: string; type: string; bytes: Buffer } | null> {
  const objectionId = parsePublicId(rawId, OBJECTION_PREFIX);
  if (!objectionId) return null;
  return db.transaction(async (tx) => {
    const [r] = await tx
      .select({ document: objections.document, name: objections.documentName, type: objections.documentType })
      .from(objections)
      .where(and(eq(objections.settlementId, s.id), eq(objections.objectionId, objectionId)));
    if (!r?.document) return null;
    const key = await settlementKey(tx, s.id);
    const bytes = openObjectionDocument(key, r.document);
    await appendAudit(tx, { settlementId: s.id, actor, action: 'objection.document.download', targetType: 'objection', targetId: objectionId, details: { bytes: bytes.length } });
    return { name: r.name ? openDocumentName(key, r.name) : `${objectionId}.pdf`, type: r.type ?? 'application/octet-stream', bytes };
  });
}

async function auditTrail(db: Queryable, s: Settlement, targetType: string, targetId: string) {
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId), eq(auditLog.settlementId, s.id)))
    .orderBy(desc(auditLog.id))
    .limit(100);
  return rows;
}
