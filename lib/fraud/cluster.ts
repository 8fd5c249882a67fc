/**
 * Fraud rings as clusters: claims tied by strong shared identifiers (payout destination, normalised
 * e-mail, phone, device, class-list record) are joined by union-find. IP addresses and household
 * addresses alone never join claims (dorms, shared Wi-Fi, apartment buildings are honest). A cluster's
 * id is its smallest claims.id, so a ring keeps its id across runs while its oldest claim stays in it.
 * Pure; memory proportional to the claims that share something, not to the settlement.
 */

export type LinkKind = 'payout' | 'email' | 'phone' | 'device' | 'record';
export type Edge = { a: number; b: number; kind: LinkKind };
export type Cluster = { clusterId: number; members: number[]; links: Partial<Record<LinkKind, number>> };

export class UnionFind {
  private parent = new Map<number, number>();
  private rank = new Map<number, number>();

  find(x: number): number {
    let p = this.parent.get(x);
    if (p === undefined) {
      this.parent.set(x, x);
      return x;
    }
    let root = x;
    while (p !== root) {
      root = p;
      p = this.parent.get(root)!;
    }
    // Path compression: every node on the way points at the root.
    let n = x;
    while (n !== root) {
      const next = this.parent.get(n)!;
      this.parent.set(n, root);
      n = next;
    }
    return root;
  }

  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ka = this.rank.get(ra) ?? 0;
    const kb = this.rank.get(rb) ?? 0;
    if (ka < kb) {
      this.parent.set(ra, rb);
      return rb;
    }
    this.parent.set(rb, ra);
    if (ka === kb) this.rank.set(ra, ka + 1);
    return ra;
  }

  nodes(): IterableIterator<number> {
    return this.parent.keys();
  }
}

/** Clusters of two or more claims from the edges, members ascending, clusters by id. */
export function clusterClaims(edges: Iterable<Edge>): Cluster[] {
  const uf = new UnionFind();
  const kept: Edge[] = [];
  for (const e of edges) {
    if (e.a === e.b) continue;
    uf.union(e.a, e.b);
    kept.push(e);
  }
  const byRoot = new Map<number, Cluster>();
  for (const n of uf.nodes()) {
    const root = uf.find(n);
    let c = byRoot.get(root);
    if (!c) byRoot.set(root, (c = { clusterId: n, members: [], links: {} }));
    c.members.push(n);
    if (n < c.clusterId) c.clusterId = n;
  }
  for (const e of kept) {
    const c = byRoot.get(uf.find(e.a))!;
    c.links[e.kind] = (c.links[e.kind] ?? 0) + 1;
  }
  return [...byRoot.values()]
    .filter((c) => c.members.length >= 2)
    .map((c) => ({ ...c, members: c.members.sort((x, y) => x - y) }))
    .sort((x, y) => x.clusterId - y.clusterId);
}
