/**
 * One weighted graph of values (`type:normalized` keys) with the evidence of every edge, its
 * communities (Louvain over the whole graph) and an incremental update: a new edge moves its two
 * ends to the neighbouring community with the best modularity gain, in time proportional to their
 * degree, until the next full detection. Pure: no I/O.
 */
import { csrOf, louvain } from './louvain.ts';

export interface EdgeEvidence {
  /** `link:same_device`, `call`, `sms_template`, `report`, `transfer` … */
  kind: string;
  /** Where it came from: a library link id, a report id, an SMS id, a transfer record. */
  source: string;
  at: number;
}

/** Evidence kept per edge: enough to show why, without keeping every call. */
const MAX_EVIDENCE = 5;

/** Mutable on purpose: it goes out as an HTTP response as it is. */
export interface EvidenceStep {
  from: string;
  to: string;
  weight: number;
  evidence: EdgeEvidence[];
}

/** The share of a community's weight that must tie it to another before an update merges them. */
const MERGE_SHARE = 0.2;

const pairKey = (a: number, b: number): number => (a < b ? a * 4_194_304 + b : b * 4_194_304 + a);

export class GangGraph {
  readonly keys: string[] = [];
  readonly index = new Map<string, number>();
  readonly adjacency: Array<Map<number, number>> = [];
  readonly evidence = new Map<number, EdgeEvidence[]>();
  readonly firstAt: number[] = [];
  readonly lastAt: number[] = [];
  /** Community of each node (-1 before the first detection for nodes added since). */
  community: number[] = [];
  private tot: number[] = [];
  private degree: number[] = [];
  private m2 = 0;
  private communities = 0;
  edges = 0;

  node(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(key, i);
      this.adjacency.push(new Map());
      this.firstAt.push(Number.POSITIVE_INFINITY);
      this.lastAt.push(Number.NEGATIVE_INFINITY);
      this.degree.push(0);
      this.community.push(this.communities);
      this.byCommunity?.set(this.communities, new Set([i]));
      this.tot[this.communities] = 0;
      this.communities++;
    }
    return i;
  }

  /** Adds weight (and evidence) to the edge a–b; with `update`, moves both ends incrementally. */
  addEdge(a: string, b: string, weight: number, ev: EdgeEvidence, update = false): void {
    if (a === b || !(weight > 0)) return;
    const uIsNew = !this.index.has(a);
    const u = this.node(a);
    const v = this.node(b);
    const au = this.adjacency[u];
    const av = this.adjacency[v];
    if (!au || !av) return;
    if (!au.has(v)) this.edges++;
    au.set(v, (au.get(v) ?? 0) + weight);
    av.set(u, (av.get(u) ?? 0) + weight);
    const k = pairKey(u, v);
    const list = this.evidence.get(k);
    if (!list) this.evidence.set(k, [ev]);
    else if (list.length < MAX_EVIDENCE) list.push(ev);
    for (const i of [u, v]) {
      if (ev.at < (this.firstAt[i] ?? Infinity)) this.firstAt[i] = ev.at;
      if (ev.at > (this.lastAt[i] ?? -Infinity)) this.lastAt[i] = ev.at;
      this.degree[i] = (this.degree[i] ?? 0) + weight;
      const c = this.community[i] ?? 0;
      this.tot[c] = (this.tot[c] ?? 0) + weight;
    }
    this.m2 += 2 * weight;
    if (update) {
      // A value seen for the first time joins its neighbour before the neighbour reconsiders.
      const [first, second] = uIsNew ? [u, v] : [v, u];
      this.localMove(first);
      this.localMove(second);
      this.mergeIfBetter(this.community[u] ?? 0, this.community[v] ?? 0);
    }
  }

  /**
   * Full detection: Louvain over the whole graph, then Louvain again inside every community larger
   * than `refineAbove` (modularity's resolution limit lets a large sparse graph merge small dense
   * gangs that share only victims; inside the community the limit is relative to it).
   */
  detect(refineAbove = 500, rounds = 3): number {
    const all = Array.from({ length: this.keys.length }, (_, i) => i);
    const top = this.louvainOf(all);
    const community = top.community;
    let count = top.count;
    for (let r = 0; r < rounds; r++) {
      const by = new Map<number, number[]>();
      community.forEach((c, i) => {
        const g = by.get(c);
        if (g) g.push(i);
        else by.set(c, [i]);
      });
      let split = false;
      for (const members of by.values()) {
        if (members.length <= refineAbove) continue;
        const { community: sub, count: parts } = this.louvainOf(members);
        if (parts < 2) continue;
        split = true;
        members.forEach(
          (m, k) => (community[m] = (sub[k] ?? 0) === 0 ? (community[m] ?? 0) : count + (sub[k] ?? 0) - 1),
        );
        count += parts - 1;
      }
      if (!split) break;
    }
    this.community = community;
    this.byCommunity = this.indexCommunities();
    this.communities = count;
    this.tot = new Array<number>(count).fill(0);
    for (let i = 0; i < this.keys.length; i++) {
      const c = this.community[i] ?? 0;
      this.tot[c] = (this.tot[c] ?? 0) + (this.degree[i] ?? 0);
    }
    return count;
  }

  /** Louvain on the subgraph induced by `members`: the community of each member, in order. */
  private louvainOf(members: readonly number[]): { community: number[]; count: number } {
    const local = new Map<number, number>();
    members.forEach((m, k) => local.set(m, k));
    const us: number[] = [];
    const vs: number[] = [];
    const ws: number[] = [];
    members.forEach((i, k) => {
      for (const [j, w] of this.adjacency[i] ?? []) {
        const l = local.get(j);
        if (l !== undefined && l > k) {
          us.push(k);
          vs.push(l);
          ws.push(w);
        }
      }
    });
    const r = louvain(csrOf(members.length, us, vs, ws));
    return { community: Array.from(r.community), count: r.count };
  }

  /** Moves one node to the neighbouring community with the best modularity gain, if any beats staying. */
  private localMove(i: number): void {
    if (this.m2 === 0) return;
    const ci = this.community[i] ?? 0;
    const ki = this.degree[i] ?? 0;
    const links = new Map<number, number>();
    for (const [j, w] of this.adjacency[i] ?? []) {
      const c = this.community[j] ?? 0;
      links.set(c, (links.get(c) ?? 0) + w);
    }
    this.tot[ci] = (this.tot[ci] ?? 0) - ki;
    let best = ci;
    let bestGain = (links.get(ci) ?? 0) - ((this.tot[ci] ?? 0) * ki) / this.m2;
    for (const [c, w] of links) {
      const gain = w - ((this.tot[c] ?? 0) * ki) / this.m2;
      if (gain > bestGain + 1e-12) {
        best = c;
        bestGain = gain;
      }
    }
    this.tot[best] = (this.tot[best] ?? 0) + ki;
    this.community[i] = best;
    if (best !== ci && this.byCommunity) {
      this.byCommunity.get(ci)?.delete(i);
      const s = this.byCommunity.get(best);
      if (s) s.add(i);
      else this.byCommunity.set(best, new Set([i]));
    }
  }

  /**
   * Two communities a new edge joins become one when that raises modularity (the weight between them
   * beats what chance predicts from their totals). Only the smaller one's edges are read, and only
   * when it is small: a big community changes at the next full detection.
   */
  private mergeIfBetter(a: number, b: number, maxScan = 2_000): void {
    if (a === b || this.m2 === 0) return;
    const small = this.membersOf(a, maxScan);
    const other = this.membersOf(b, maxScan);
    const [from, into, list] =
      small && (!other || small.length <= other.length)
        ? [a, b, small]
        : other
          ? [b, a, other]
          : [a, b, undefined];
    if (!list) return;
    let between = 0;
    for (const i of list)
      for (const [j, w] of this.adjacency[i] ?? []) if (this.community[j] === into) between += w;
    // Modularity alone merges almost anything in a large graph (its resolution limit): the tie must
    // also carry a fair share of the smaller community's own weight.
    if (between - ((this.tot[from] ?? 0) * (this.tot[into] ?? 0)) / this.m2 <= 0) return;
    if (between < MERGE_SHARE * (this.tot[from] ?? 0)) return;
    const target = this.byCommunity?.get(into);
    for (const i of list) {
      this.community[i] = into;
      target?.add(i);
    }
    this.byCommunity?.delete(from);
    this.tot[into] = (this.tot[into] ?? 0) + (this.tot[from] ?? 0);
    this.tot[from] = 0;
  }

  /** The nodes of a community, or undefined when it has more than `limit` (scanned from an index). */
  private membersOf(c: number, limit: number): number[] | undefined {
    this.byCommunity ??= this.indexCommunities();
    const set = this.byCommunity.get(c);
    return set && set.size <= limit ? [...set].filter((i) => this.community[i] === c) : set ? undefined : [];
  }

  private byCommunity: Map<number, Set<number>> | undefined;

  private indexCommunities(): Map<number, Set<number>> {
    const by = new Map<number, Set<number>>();
    this.community.forEach((c, i) => {
      const s = by.get(c);
      if (s) s.add(i);
      else by.set(c, new Set([i]));
    });
    return by;
  }

  /** Members of every community of at least `minSize` nodes. */
  groups(minSize = 3): number[][] {
    const by = new Map<number, number[]>();
    this.community.forEach((c, i) => {
      const g = by.get(c);
      if (g) g.push(i);
      else by.set(c, [i]);
    });
    return [...by.values()].filter((g) => g.length >= minSize);
  }

  /** Internal and boundary weight of a set of nodes (for the gang's cohesion score). */
  weights(members: readonly number[]): { internal: number; boundary: number; edges: number } {
    const set = new Set(members);
    let internal = 0;
    let boundary = 0;
    let edges = 0;
    for (const i of members)
      for (const [j, w] of this.adjacency[i] ?? []) {
        if (set.has(j)) {
          internal += w / 2;
          edges += 0.5;
        } else boundary += w;
      }
    return { internal, boundary, edges: Math.round(edges) };
  }

  /** Edges among a set of nodes, each once, heaviest first. */
  edgesWithin(members: readonly number[], limit = 2_000): EvidenceStep[] {
    const set = new Set(members);
    const out: EvidenceStep[] = [];
    for (const i of members)
      for (const [j, w] of this.adjacency[i] ?? [])
        if (j > i && set.has(j))
          out.push({
            from: this.keys[i] ?? '',
            to: this.keys[j] ?? '',
            weight: w,
            evidence: this.evidence.get(pairKey(i, j)) ?? [],
          });
    return out.sort((p, q) => q.weight - p.weight).slice(0, limit);
  }

  /** The fewest-hops path from a to b through nodes allowed by `within`, with each edge's evidence. */
  path(a: string, b: string, within?: (node: number) => boolean): EvidenceStep[] | undefined {
    const s = this.index.get(a);
    const t = this.index.get(b);
    if (s === undefined || t === undefined) return undefined;
    const prev = new Map<number, number>([[s, s]]);
    const queue = [s];
    for (let q = 0; q < queue.length && !prev.has(t); q++) {
      const i = queue[q] ?? 0;
      for (const j of (this.adjacency[i] ?? new Map<number, number>()).keys())
        if (!prev.has(j) && (!within || within(j))) {
          prev.set(j, i);
          queue.push(j);
        }
    }
    if (!prev.has(t)) return undefined;
    const steps: EvidenceStep[] = [];
    for (let j = t; j !== s;) {
      const i = prev.get(j) ?? s;
      steps.push({
        from: this.keys[i] ?? '',
        to: this.keys[j] ?? '',
        weight: this.adjacency[i]?.get(j) ?? 0,
        evidence: this.evidence.get(pairKey(i, j)) ?? [],
      });
      j = i;
    }
    return steps.reverse();
  }
}
