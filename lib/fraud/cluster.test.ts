import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterClaims, UnionFind, type Edge } from './cluster';

describe('clusters', () => {
  it('joins claims tied by any strong identifier, transitively; the id is the smallest claim', () => {
    const edges: Edge[] = [
      { a: 10, b: 12, kind: 'payout' },
      { a: 12, b: 30, kind: 'email' },
      { a: 30, b: 31, kind: 'device' },
      { a: 5, b: 7, kind: 'record' },
    ];
    expect(clusterClaims(edges)).toEqual([
      { clusterId: 5, members: [5, 7], links: { record: 1 } },
      { clusterId: 10, members: [10, 12, 30, 31], links: { payout: 1, email: 1, device: 1 } },
    ]);
  });
  it('a self-link makes no cluster', () => {
    expect(clusterClaims([{ a: 1, b: 1, kind: 'email' }])).toEqual([]);
  });
  it('property: union-find agrees with a naive connected-components search', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })), { maxLength: 60 }), (pairs) => {
        const uf = new UnionFind();
        for (const [a, b] of pairs) uf.union(a, b);
        const adj = new Map<number, number[]>();
        for (const [a, b] of pairs) (adj.set(a, [...(adj.get(a) ?? []), b]), adj.set(b, [...(adj.get(b) ?? []), a]));
        for (const [start] of adj) {
          const seen = new Set([start]);
          const stack = [start];
          while (stack.length) for (const n of adj.get(stack.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), stack.push(n));
          for (const n of seen) expect(uf.find(n)).toBe(uf.find(start));
          for (const [other] of adj) if (!seen.has(other)) expect(uf.find(other)).not.toBe(uf.find(start));
        }
      }),
    );
  });
});
