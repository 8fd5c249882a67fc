import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { claimAppeals, claimFraud, claimNotes, claims, fraudClusters, fraudRuns, type FraudEvidence } from '@/db/schema';

/**
 * What the claim view adds for a reviewer: each fraud rule's evidence from the run the claim's score
 * comes from (claims.fraud_run_id), its cluster with the other claims in it, the staff notes and the
 * appeal. Evidence is already masked by the rules ("same PayPal account as 14 other claims").
 */

export const CLUSTER_SHOWN = 50;

export type ClaimReviewView = {
  run: { id: string; rulesetVersion: string; startedAt: Date } | null;
  evidence: FraudEvidence[];
  cluster: { clusterId: number; size: number; links: Record<string, number>; claims: { claimId: string; status: string; score: number | null; reasons: string[] }[] } | null;
  notes: { id: number; author: string; body: string; at: Date }[];
  appeal: { at: Date; decidedAt: Date | null; deniedFor: string[] } | null;
  assignedTo: string | null;
};

export async function claimReviewView(db: Queryable, settlementId: string, claimPk: number): Promise<ClaimReviewView> {
  const [c] = await db
    .select({ runId: claims.fraudRunId, clusterId: claims.fraudClusterId, assignedTo: claims.assignedTo })
    .from(claims)
    .where(and(eq(claims.id, claimPk), eq(claims.settlementId, settlementId)));
  const runId = c?.runId ?? null;
  const [run] = runId ? await db.select({ id: fraudRuns.id, rulesetVersion: fraudRuns.rulesetVersion, startedAt: fraudRuns.startedAt }).from(fraudRuns).where(eq(fraudRuns.id, runId)) : [];
  const [fraud] = runId ? await db.select({ evidence: claimFraud.evidence }).from(claimFraud).where(and(eq(claimFraud.runId, runId), eq(claimFraud.claimPk, claimPk))) : [];
  let cluster: ClaimReviewView['cluster'] = null;
  if (c?.clusterId != null) {
    const [meta] = runId ? await db.select().from(fraudClusters).where(and(eq(fraudClusters.runId, runId), eq(fraudClusters.clusterId, c.clusterId))) : [];
    const members = await db
      .select({ claimId: claims.claimId, status: claims.status, score: claims.fraudScore, reasons: claims.fraudReasons })
      .from(claims)
      .where(and(eq(claims.settlementId, settlementId), eq(claims.fraudClusterId, c.clusterId), ne(claims.id, claimPk)))
      .orderBy(asc(claims.id))
      .limit(CLUSTER_SHOWN);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(claims).where(and(eq(claims.settlementId, settlementId), eq(claims.fraudClusterId, c.clusterId)));
    cluster = { clusterId: c.clusterId, size: meta?.size ?? Number(count.n), links: meta?.links ?? {}, claims: members.map((m) => ({ ...m, score: m.score === null ? null : Number(m.score) })) };
  }
  const notes = await db.select({ id: claimNotes.id, author: claimNotes.author, body: claimNotes.body, at: claimNotes.at }).from(claimNotes).where(eq(claimNotes.claimPk, claimPk)).orderBy(asc(claimNotes.id));
  const [appeal] = await db.select({ at: claimAppeals.at, decidedAt: claimAppeals.decidedAt, deniedFor: claimAppeals.deniedFor }).from(claimAppeals).where(eq(claimAppeals.claimPk, claimPk));
  return { run: run ?? null, evidence: (fraud?.evidence ?? []).slice().sort((a, b) => b.weight - a.weight), cluster, notes, appeal: appeal ?? null, assignedTo: c?.assignedTo ?? null };
}
