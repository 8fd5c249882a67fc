import { createHash } from 'node:crypto';
import type { SettlementConfig } from '@/lib/settlements/config';
import { RULES } from './rules';
import type { FraudAction, FraudFacts, FraudRule, RuleHit } from './types';

export type FraudConfig = SettlementConfig['fraud'];

/**
 * The score a court can follow (docs/decisions/0019-fraud-scoring.md): every claim starts at 1000 and
 * each rule that fires deducts its weight (floored at 0). Below `thresholds.review` the claim goes to a
 * reviewer. Below `thresholds.recommendDeny` the rules recommend denial — but only when a reason that
 * fired is one the settlement agreement allows denial on (`denyCriteria`), and not only a reason that
 * may never be a denial on its own (a household address, shared Wi-Fi). Nothing else is ever
 * recommended for denial, whatever the score. Pure.
 */

export type FraudResult = { score: number; action: FraudAction; reasons: string[]; evidence: RuleHit[] };

export function evaluateRules(f: FraudFacts, rules: readonly FraudRule[] = RULES): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const r of rules) {
    const hit = r.check(f);
    if (hit) hits.push(hit);
  }
  return hits;
}

export function scoreOf(hits: readonly RuleHit[]): number {
  return Math.max(0, 1000 - hits.reduce((sum, h) => sum + h.weight, 0));
}

const NEVER_ALONE = new Set(RULES.filter((r) => r.neverDenyAlone).map((r) => r.code as string));

export function actionFor(score: number, reasons: readonly string[], fraud: Pick<FraudConfig, 'thresholds' | 'denyCriteria'>): FraudAction {
  if (score >= fraud.thresholds.review) return 'none';
  if (score < fraud.thresholds.recommendDeny) {
    const allowed = new Set(fraud.denyCriteria);
    if (reasons.some((r) => allowed.has(r) && !NEVER_ALONE.has(r))) return 'recommend_deny';
  }
  return 'review';
}

export function scoreClaim(f: FraudFacts, fraud: Pick<FraudConfig, 'thresholds' | 'denyCriteria'>, rules: readonly FraudRule[] = RULES): FraudResult {
  const evidence = evaluateRules(f, rules);
  const score = scoreOf(evidence);
  const reasons = evidence.map((h) => h.code);
  return { score, action: actionFor(score, reasons, fraud), reasons, evidence };
}

/**
 * The rule-set version stored on each run: a hash of every rule's code, weight and thresholds, so a
 * result can be traced to the rules that produced it and a change of weights shows as a new version.
 */
export function rulesetVersion(rules: readonly FraudRule[] = RULES): string {
  const text = rules.map((r) => `${r.code}:${r.weight}:${JSON.stringify(r.params ?? {})}:${r.neverDenyAlone ? 1 : 0}`).join('|');
  return `rules-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
