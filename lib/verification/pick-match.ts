/**
 * Pure core of verification: which class-list record a claim is, from the candidates the SQL joins
 * found (and which identifiers each matched), the fuzzy name/address scores of the probable ones, and
 * any reviewer decisions. Shared by intake, cure and the batch (docs/decisions/0016-verification.md).
 *
 * Order of evidence (DOMAIN.md §5):
 *  1. Notice ID + confirmation code — decisive (it proves the mailed notice is in the claimant's hands).
 *  2. An exact keyed-hash match on e-mail, phone or username. Two records on strong identifiers → conflict.
 *  3. A probable match on name + address within the ZIP, which a reviewer confirms (or rejects).
 */

export type Evidence = 'notice' | 'email' | 'phone' | 'username' | 'name_zip' | 'address' | 'zip';
export type Via = 'notice' | 'email' | 'phone' | 'username' | 'name_address';
export type MatchStatus = 'verified' | 'probable' | 'not_found' | 'conflict';

export type Candidate = {
  recordId: string;
  /** The claim identifiers that found this record. */
  matched: readonly Evidence[];
  /** Jaro-Winkler similarity 0..1 of the normalised names / canonical streets (1 when the hash matched). */
  nameScore?: number;
  addressScore?: number;
};

export type MatchReview = { recordId: string; decision: 'confirm' | 'reject' };

export type PickResult = { status: MatchStatus; recordId: string | null; via: Via | null; reasonCodes: string[] };

export const REASON = {
  notFound: 'IDENTIFIER_MISMATCH',
  strongDisagree: 'STRONG_IDENTIFIERS_DISAGREE',
  otherIdentifiers: 'OTHER_IDENTIFIERS_POINT_ELSEWHERE',
  probable: 'PROBABLE_MATCH',
  severalProbable: 'SEVERAL_PROBABLE_RECORDS',
  confirmed: 'REVIEWER_CONFIRMED',
  duplicate: 'DUPLICATE_CLAIM_FOR_RECORD',
  alreadyClaimed: 'RECORD_ALREADY_CLAIMED',
} as const;

export const THRESHOLDS = { name: 0.9, address: 0.85 } as const;

const STRONG: readonly Evidence[] = ['email', 'phone', 'username'];
const byRecord = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function nameScore(c: Candidate): number {
  return c.matched.includes('name_zip') ? 1 : (c.nameScore ?? 0);
}
function addressScore(c: Candidate): number {
  return c.matched.includes('address') ? 1 : (c.addressScore ?? 0);
}

/** Merges candidates listed more than once (one row per identifier that matched) into one per record. */
export function mergeCandidates(candidates: readonly Candidate[]): Candidate[] {
  const m = new Map<string, Candidate>();
  for (const c of candidates) {
    const prev = m.get(c.recordId);
    if (!prev) m.set(c.recordId, { ...c, matched: [...new Set(c.matched)].sort() });
    else
      m.set(c.recordId, {
        recordId: c.recordId,
        matched: [...new Set([...prev.matched, ...c.matched])].sort(),
        nameScore: Math.max(prev.nameScore ?? 0, c.nameScore ?? 0) || undefined,
        addressScore: Math.max(prev.addressScore ?? 0, c.addressScore ?? 0) || undefined,
      });
  }
  return [...m.values()].sort((a, b) => byRecord(a.recordId, b.recordId));
}

export function pickMatch(input: { candidates: readonly Candidate[]; reviews?: readonly MatchReview[] }): PickResult {
  const candidates = mergeCandidates(input.candidates);
  const reviews = new Map((input.reviews ?? []).map((r) => [r.recordId, r.decision]));

  // 1. Notice ID + code.
  const notice = candidates.filter((c) => c.matched.includes('notice'));
  const strong = candidates.filter((c) => c.matched.some((e) => STRONG.includes(e)));
  if (notice.length === 1) {
    const elsewhere = strong.some((c) => c.recordId !== notice[0].recordId);
    return { status: 'verified', recordId: notice[0].recordId, via: 'notice', reasonCodes: elsewhere ? [REASON.otherIdentifiers] : [] };
  }
  if (notice.length > 1) return { status: 'conflict', recordId: null, via: null, reasonCodes: [REASON.strongDisagree] };

  // 2. Exact e-mail, phone or username.
  if (strong.length === 1) {
    const c = strong[0];
    const via = (STRONG.find((e) => c.matched.includes(e)) ?? 'username') as Via;
    return { status: 'verified', recordId: c.recordId, via, reasonCodes: [] };
  }
  if (strong.length > 1) return { status: 'conflict', recordId: null, via: null, reasonCodes: [REASON.strongDisagree] };

  // 3. Name + address within the ZIP: a reviewer's confirmation makes it verified, a rejection rules it out.
  const confirmed = candidates.find((c) => reviews.get(c.recordId) === 'confirm');
  if (confirmed) return { status: 'verified', recordId: confirmed.recordId, via: 'name_address', reasonCodes: [REASON.confirmed] };
  const probable = candidates
    .filter((c) => reviews.get(c.recordId) !== 'reject' && nameScore(c) >= THRESHOLDS.name && addressScore(c) >= THRESHOLDS.address)
    .map((c) => ({ c, score: nameScore(c) + addressScore(c) }))
    .sort((a, b) => b.score - a.score || byRecord(a.c.recordId, b.c.recordId));
  if (probable.length > 0)
    return {
      status: 'probable',
      recordId: probable[0].c.recordId,
      via: 'name_address',
      reasonCodes: probable.length > 1 ? [REASON.probable, REASON.severalProbable] : [REASON.probable],
    };
  return { status: 'not_found', recordId: null, via: null, reasonCodes: [REASON.notFound] };
}

/**
 * One member, one payment: every claim verified to a record that another live claim also holds becomes
 * a conflict for review (both, or all of them — never two payable claims). A probable match to a record
 * a verified claim already holds stays probable, flagged, so the reviewer sees it before confirming.
 * Pure; `results` are the current result of every live claim holding one of these records.
 */
export function oneMemberOnePayment<K>(results: ReadonlyMap<K, PickResult>): Map<K, PickResult> {
  const holders = new Map<string, K[]>();
  for (const [k, r] of results)
    if (r.recordId && (r.status === 'verified' || (r.status === 'conflict' && r.reasonCodes.includes(REASON.duplicate)))) {
      holders.set(r.recordId, [...(holders.get(r.recordId) ?? []), k]);
    }
  const out = new Map<K, PickResult>();
  for (const [k, r] of results) {
    const held = r.recordId ? (holders.get(r.recordId) ?? []) : [];
    if ((r.status === 'verified' || r.status === 'conflict') && r.recordId && held.length > 1) {
      out.set(k, { status: 'conflict', recordId: r.recordId, via: r.via, reasonCodes: [...new Set([...r.reasonCodes.filter((c) => c !== REASON.duplicate), REASON.duplicate])] });
    } else if (r.status === 'conflict' && r.reasonCodes.includes(REASON.duplicate)) {
      // The other claim moved away: this one holds the record alone again.
      out.set(k, { status: 'verified', recordId: r.recordId, via: r.via, reasonCodes: r.reasonCodes.filter((c) => c !== REASON.duplicate) });
    } else if (r.status === 'probable' && held.length > 0 && !held.includes(k)) {
      out.set(k, { ...r, reasonCodes: [...new Set([...r.reasonCodes, REASON.alreadyClaimed])] });
    } else out.set(k, r);
  }
  return out;
}
