import { createHash } from 'node:crypto';

/** Pure core of the tamper-evident audit chain. */

export const GENESIS = '0'.repeat(64);

export type AuditContent = {
  settlementId: string | null;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
};

/** Stable JSON: keys sorted at every depth, so the hash never depends on insertion order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Legacy rows hash the content alone; per-chain rows add their place in the chain (`seq`). */
export function chainHash(prevHash: string, content: AuditContent & { seq?: number }): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/**
 * The content a per-chain row's hash covers: the legacy content plus its place in its chain, so rows
 * cannot be renumbered or moved between chains. Keys sort as action, actor, at, details, seq,
 * settlementId, targetId, targetType.
 */
export type ChainedContent = AuditContent & { seq: number };

/**
 * canonicalJson of the content with `seq` left as a slot: [before, after] such that
 * before + String(seq) + after === canonicalJson({ ...content, seq }). The database fills the slot with
 * the chain head's seq + 1 in the same statement that reads the head (lib/audit/service.ts).
 */
export function seqSlot(c: AuditContent): [string, string] {
  const head = canonicalJson({ action: c.action, actor: c.actor, at: c.at, details: c.details });
  const tail = canonicalJson({ settlementId: c.settlementId, targetId: c.targetId, targetType: c.targetType });
  return [`${head.slice(0, -1)},"seq":`, `,${tail.slice(1)}`];
}

/** Chain keys: a settlement's id, 'installation' (settlement_id null) or 'legacy' (rows before per-settlement chains). */
export const INSTALLATION_CHAIN = 'installation';
export const LEGACY_CHAIN = 'legacy';
export const chainKeyOf = (settlementId: string | null, seq: number | null): string =>
  seq === null ? LEGACY_CHAIN : (settlementId ?? INSTALLATION_CHAIN);
