import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneMemberOnePayment, pickMatch, REASON, type Candidate, type Evidence, type PickResult } from './pick-match';

const KINDS: Evidence[] = ['notice', 'email', 'phone', 'username', 'name_zip', 'address', 'zip'];
const STRONG: Evidence[] = ['email', 'phone', 'username'];
/** Every subset of the evidence kinds (2^7 = 128). */
const SUBSETS: Evidence[][] = Array.from({ length: 1 << KINDS.length }, (_, m) => KINDS.filter((_, i) => m & (1 << i)));

/** The rules of docs/decisions/0016-verification.md, written out per case (the oracle). */
function expected(cands: { id: string; ev: Evidence[]; fuzzy: boolean }[]): Pick<PickResult, 'status' | 'recordId' | 'via'> {
  const notice = cands.filter((c) => c.ev.includes('notice'));
  if (notice.length === 1) return { status: 'verified', recordId: notice[0].id, via: 'notice' };
  if (notice.length > 1) return { status: 'conflict', recordId: null, via: null };
  const strong = cands.filter((c) => c.ev.some((e) => STRONG.includes(e)));
  if (strong.length === 1) return { status: 'verified', recordId: strong[0].id, via: STRONG.find((e) => strong[0].ev.includes(e))! as PickResult['via'] };
  if (strong.length > 1) return { status: 'conflict', recordId: null, via: null };
  // name + address: the hash matched, or the fuzzy score (here: high when `fuzzy`) is above the threshold.
  const ok = cands.filter((c) => (c.ev.includes('name_zip') || c.fuzzy) && (c.ev.includes('address') || c.fuzzy));
  if (ok.length) {
    const score = (c: (typeof ok)[number]) => (c.ev.includes('name_zip') ? 1 : 0.95) + (c.ev.includes('address') ? 1 : 0.95);
    const best = [...ok].sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : 1))[0];
    return { status: 'probable', recordId: best.id, via: 'name_address' };
  }
  return { status: 'not_found', recordId: null, via: null };
}

const cand = (id: string, ev: Evidence[], fuzzy: boolean): Candidate => ({ recordId: id, matched: ev, ...(fuzzy ? { nameScore: 0.95, addressScore: 0.95 } : { nameScore: 0.5, addressScore: 0.5 }) });

describe('pickMatch: every evidence combination', () => {
  it('one record: each of the 128 evidence sets, with high and low fuzzy scores', () => {
    for (const ev of SUBSETS)
      for (const fuzzy of [false, true]) {
        const got = pickMatch({ candidates: ev.length || fuzzy ? [cand('R1', ev, fuzzy)] : [] });
        expect(got, `${ev.join('+')} fuzzy=${fuzzy}`).toMatchObject(expected(ev.length || fuzzy ? [{ id: 'R1', ev, fuzzy }] : []));
      }
  });

  it('two records: all 128 × 128 evidence pairs, in both orders', () => {
    for (const a of SUBSETS)
      for (const b of SUBSETS) {
        const cands = [{ id: 'R1', ev: a, fuzzy: false }, { id: 'R2', ev: b, fuzzy: false }];
        const want = expected(cands);
        expect(pickMatch({ candidates: cands.map((c) => cand(c.id, c.ev, c.fuzzy)) }), `${a}|${b}`).toMatchObject(want);
        expect(pickMatch({ candidates: cands.reverse().map((c) => cand(c.id, c.ev, c.fuzzy)) }), `${b}|${a}`).toMatchObject(want);
      }
  });

  it('gives stable reason codes', () => {
    expect(pickMatch({ candidates: [] })).toEqual({ status: 'not_found', recordId: null, via: null, reasonCodes: [REASON.notFound] });
    expect(pickMatch({ candidates: [cand('A', ['email'], false), cand('B', ['username'], false)] }).reasonCodes).toEqual([REASON.strongDisagree]);
    expect(pickMatch({ candidates: [cand('A', ['notice'], false), cand('B', ['email'], false)] })).toMatchObject({ status: 'verified', recordId: 'A', reasonCodes: [REASON.otherIdentifiers] });
    expect(pickMatch({ candidates: [cand('A', ['name_zip', 'address'], false)] }).reasonCodes).toEqual([REASON.probable]);
    expect(pickMatch({ candidates: [cand('A', ['name_zip', 'address'], false), cand('B', ['zip'], true)] }).reasonCodes).toEqual([REASON.probable, REASON.severalProbable]);
  });

  it('the same record found by several identifiers is one candidate (email + username rows for one record)', () => {
    expect(pickMatch({ candidates: [{ recordId: 'A', matched: ['username'] }, { recordId: 'A', matched: ['email'] }] })).toMatchObject({ status: 'verified', recordId: 'A', via: 'email' });
  });

  it('needs both name and address for a probable match, each at its threshold', () => {
    const at = (n: number, a: number) => pickMatch({ candidates: [{ recordId: 'A', matched: ['zip'], nameScore: n, addressScore: a }] }).status;
    expect(at(0.9, 0.85)).toBe('probable');
    expect(at(0.89, 1)).toBe('not_found');
    expect(at(1, 0.84)).toBe('not_found');
    expect(pickMatch({ candidates: [{ recordId: 'A', matched: ['name_zip'], addressScore: 0.2 }] }).status).toBe('not_found');
  });

  it('a reviewer confirms a probable match (verified) or rejects it (the next best, or not found); strong evidence still wins', () => {
    const cands = [cand('A', ['name_zip', 'address'], false), cand('B', ['zip'], true)];
    expect(pickMatch({ candidates: cands, reviews: [{ recordId: 'B', decision: 'confirm' }] })).toMatchObject({ status: 'verified', recordId: 'B', via: 'name_address', reasonCodes: [REASON.confirmed] });
    expect(pickMatch({ candidates: cands, reviews: [{ recordId: 'A', decision: 'reject' }] })).toMatchObject({ status: 'probable', recordId: 'B' });
    expect(pickMatch({ candidates: cands, reviews: [{ recordId: 'A', decision: 'reject' }, { recordId: 'B', decision: 'reject' }] }).status).toBe('not_found');
    expect(pickMatch({ candidates: [...cands, cand('C', ['phone'], false)], reviews: [{ recordId: 'B', decision: 'confirm' }] })).toMatchObject({ status: 'verified', recordId: 'C', via: 'phone' });
    // A confirmation for a record the claim no longer points to at all counts for nothing.
    expect(pickMatch({ candidates: [], reviews: [{ recordId: 'Z', decision: 'confirm' }] }).status).toBe('not_found');
  });

  it('does not depend on the order of candidates or reviews (property)', () => {
    const evidence = fc.subarray(KINDS);
    const candidate = fc.record({ recordId: fc.constantFrom('A', 'B', 'C'), matched: evidence, nameScore: fc.double({ min: 0, max: 1, noNaN: true }), addressScore: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 6 }), fc.array(fc.record({ recordId: fc.constantFrom('A', 'B', 'C'), decision: fc.constantFrom('confirm' as const, 'reject' as const) }), { maxLength: 2 }), (cands, reviews) => {
        const uniqueReviews = [...new Map(reviews.map((r) => [r.recordId, r])).values()];
        expect(pickMatch({ candidates: [...cands].reverse(), reviews: [...uniqueReviews].reverse() })).toEqual(pickMatch({ candidates: cands, reviews: uniqueReviews }));
      }),
    );
  });
});

describe('one member, one payment', () => {
  const v = (recordId: string): PickResult => ({ status: 'verified', recordId, via: 'notice', reasonCodes: [] });
  it('makes every claim verified to the same record a conflict, and leaves a lone holder verified', () => {
    const out = oneMemberOnePayment(new Map([[1, v('R')], [2, v('R')], [3, v('S')]]));
    expect(out.get(1)).toMatchObject({ status: 'conflict', recordId: 'R', reasonCodes: [REASON.duplicate] });
    expect(out.get(2)).toMatchObject({ status: 'conflict', recordId: 'R' });
    expect(out.get(3)).toEqual(v('S'));
  });
  it('flags a probable match to a record another claim holds, without touching the holder', () => {
    const out = oneMemberOnePayment(new Map<number, PickResult>([[1, v('R')], [2, { status: 'probable', recordId: 'R', via: 'name_address', reasonCodes: [REASON.probable] }]]));
    expect(out.get(1)).toEqual(v('R'));
    expect(out.get(2)!.reasonCodes).toEqual([REASON.probable, REASON.alreadyClaimed]);
  });
  it('gives a former duplicate back its verified status once it holds the record alone', () => {
    const out = oneMemberOnePayment(new Map<number, PickResult>([[1, { status: 'conflict', recordId: 'R', via: 'email', reasonCodes: [REASON.duplicate] }]]));
    expect(out.get(1)).toEqual({ status: 'verified', recordId: 'R', via: 'email', reasonCodes: [] });
  });
  it('does not depend on the order of the claims (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom('R', 'S', 'T')), { maxLength: 12 }), (pairs) => {
        const m = new Map(pairs.map(([k, r]) => [k, v(r)]));
        const a = oneMemberOnePayment(m);
        const b = oneMemberOnePayment(new Map([...m].reverse()));
        for (const k of m.keys()) expect(b.get(k)).toEqual(a.get(k));
      }),
    );
  });
});
