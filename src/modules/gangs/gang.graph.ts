/**
 * One weighted graph of values (`type:normalized` keys) with the evidence of every edge, its
 * communities (Louvain over the whole graph) and an incremental update: a new edge moves its two
 * ends to the neighbouring community with the best modularity gain, in time proportional to their
 * degree, until the next full detection. Pure: no I/O.
 *
 * Sized for millions of values: each key is interned to an integer once; every added edge is one
 * record in growable typed arrays (ends, weight) plus a reference to its evidence; the adjacency is a
 * compressed sparse row index over those records (both directions, built by a counting sort), with
 * the records added since the last build indexed per node on the side until the next one. Degrees,
 * communities and community totals are typed arrays. Nothing is allocated per edge but the record.
 */
import { byCommunity, louvain, type Csr } from './louvain.ts';

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

/** Records added since the last index build that are indexed per node rather than rebuilt into it. */
const SIDE_INDEX_MIN = 4_096;

const EVIDENCE_CHUNK_BITS = 16;
const EVIDENCE_CHUNK_MASK = (1 << EVIDENCE_CHUNK_BITS) - 1;

type Ints = Int32Array<ArrayBufferLike>;
type Floats = Float64Array<ArrayBufferLike>;

/** `a` when it holds `need` entries, else a copy at least twice as long, the new entries set to `fill`. */
const grow = <T extends Ints | Floats>(a: T, need: number, make: (length: number) => T, fill = 0): T => {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2, 16));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
};
const growInt = (a: Ints, need: number): Ints => grow(a, need, (l) => new Int32Array(l));
const growFloat = (a: Floats, need: number, fill = 0): Floats =>
  grow(a, need, (l) => new Float64Array(l), fill);

/** Adjacency over edge records: row i holds, for every record touching i, the other end and the record. */
interface RecordIndex extends Csr {
  readonly records: Int32Array;
  /** Records [0, covers) are in the rows. */
  readonly covers: number;
}

export class GangGraph {
  readonly keys: string[] = [];
  readonly index = new Map<string, number>();
  /** First and last evidence time of each node (typed; entries past the node count are unused). */
  firstAt: Floats = new Float64Array(0);
  lastAt: Floats = new Float64Array(0);
  /** Community of each node; a node added since the last detection starts in a community of its own. */
  community: Ints = new Int32Array(0);
  private degree: Floats = new Float64Array(0);
  private tot: Floats = new Float64Array(0);
  private m2 = 0;
  private communities = 0;

  // Edge records, in the order they were added.
  private recU: Ints = new Int32Array(0);
  private recV: Ints = new Int32Array(0);
  private recW: Floats = new Float64Array(0);
  /**
   * Each record's evidence, in chunks of a fixed size: one array of millions would be copied whole
   * (and the heap collected around it) every time it outgrew its store.
   */
  private readonly recEvidence: EdgeEvidence[][] = [];
  private recs = 0;

  private csr: RecordIndex | undefined;
  /** Records past the index, per node, once something needed them (until the next index build). */
  private side = new Map<number, number[]>();
  private sideCovers = 0;

  // Membership as of the last detection (nodes ordered by community) and who joined a community since.
  private detectedCount = 0;
  private detectedNodes = 0;
  private memberStart: Ints = new Int32Array(1);
  private memberNodes: Ints = new Int32Array(0);
  private joined = new Map<number, number[]>();

  node(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(key, i);
      const n = i + 1;
      this.firstAt = growFloat(this.firstAt, n, Number.POSITIVE_INFINITY);
      this.lastAt = growFloat(this.lastAt, n, Number.NEGATIVE_INFINITY);
      this.degree = growFloat(this.degree, n);
      this.community = growInt(this.community, n);
      this.tot = growFloat(this.tot, this.communities + 1);
      this.community[i] = this.communities;
      this.tot[this.communities] = 0;
      this.communities++;
    }
    return i;
  }

  /** Distinct pairs joined by at least one edge. */
  get edges(): number {
    const idx = this.fresh();
    let pairs = 0;
    const mark = new Int32Array(this.keys.length).fill(-1);
    for (let i = 0; i < this.keys.length; i++)
      this.eachRecord(idx, i, (j) => {
        if (j > i && mark[j] !== i) {
          mark[j] = i;
          pairs++;
        }
      });
    return pairs;
  }

  /** Adds weight (and evidence) to the edge a–b; with `update`, moves both ends incrementally. */
  addEdge(a: string, b: string, weight: number, ev: EdgeEvidence, update = false): void {
    if (a === b || !(weight > 0)) return;
    const known = this.keys.length;
    const u = this.node(a);
    this.addEdgeBetween(u, this.node(b), weight, ev, update, u >= known);
  }

  /**
   * The same for two nodes already interned with `node` (bulk loads intern each value once and pass
   * integers from then on). `uIsNew` says that u has no edge yet, for the order of the update.
   */
  addEdgeBetween(
    u: number,
    v: number,
    weight: number,
    ev: EdgeEvidence,
    update = false,
    uIsNew = false,
  ): void {
    if (u === v || !(weight > 0) || u < 0 || v < 0 || u >= this.keys.length || v >= this.keys.length) return;
    const r = this.recs++;
    if (r >= this.recU.length) {
      this.recU = growInt(this.recU, r + 1);
      this.recV = growInt(this.recV, r + 1);
      this.recW = growFloat(this.recW, r + 1);
    }
    this.recU[r] = u;
    this.recV[r] = v;
    this.recW[r] = weight;
    const chunk = this.recEvidence[r >>> EVIDENCE_CHUNK_BITS];
    if (chunk) chunk.push(ev);
    else this.recEvidence.push([ev]);
    this.touch(u, weight, ev.at);
    this.touch(v, weight, ev.at);
    this.m2 += 2 * weight;
    if (update) {
      // A value seen for the first time joins its neighbour before the neighbour reconsiders.
      this.localMove(uIsNew ? u : v);
      this.localMove(uIsNew ? v : u);
      this.mergeIfBetter(this.community[u] ?? 0, this.community[v] ?? 0);
    }
  }

  private touch(i: number, weight: number, at: number): void {
    if (at < (this.firstAt[i] ?? Infinity)) this.firstAt[i] = at;
    if (at > (this.lastAt[i] ?? -Infinity)) this.lastAt[i] = at;
    this.degree[i] = (this.degree[i] ?? 0) + weight;
    const c = this.community[i] ?? 0;
    this.tot[c] = (this.tot[c] ?? 0) + weight;
  }

  /** The row index over every record (a counting sort by end), weights copied beside the targets. */
  private buildIndex(): RecordIndex {
    const n = this.keys.length;
    const m = this.recs;
    const { recU, recV, recW } = this;
    const offsets = new Int32Array(n + 1);
    for (let r = 0; r < m; r++) {
      offsets[(recU[r] ?? 0) + 1] = (offsets[(recU[r] ?? 0) + 1] ?? 0) + 1;
      offsets[(recV[r] ?? 0) + 1] = (offsets[(recV[r] ?? 0) + 1] ?? 0) + 1;
    }
    for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] ?? 0) + (offsets[i] ?? 0);
    const fill = offsets.slice(0, n);
    const targets = new Int32Array(2 * m);
    const weights = new Float64Array(2 * m);
    const records = new Int32Array(2 * m);
    for (let r = 0; r < m; r++) {
      const u = recU[r] ?? 0;
      const v = recV[r] ?? 0;
      const w = recW[r] ?? 0;
      let at = fill[u] ?? 0;
      targets[at] = v;
      weights[at] = w;
      records[at] = r;
      fill[u] = at + 1;
      at = fill[v] ?? 0;
      targets[at] = u;
      weights[at] = w;
      records[at] = r;
      fill[v] = at + 1;
    }
    this.side = new Map();
    this.sideCovers = m;
    return { n, offsets, targets, weights, records, covers: m };
  }

  /**
   * The index with every record reachable: rebuilt when many records came since the last build,
   * otherwise the few new ones are indexed per node on the side.
   */
  private fresh(): RecordIndex {
    const covers = this.csr?.covers ?? 0;
    if (!this.csr || this.recs - covers > Math.max(SIDE_INDEX_MIN, covers / 4)) {
      this.csr = this.buildIndex();
      return this.csr;
    }
    for (let r = this.sideCovers; r < this.recs; r++)
      for (const i of [this.recU[r] ?? 0, this.recV[r] ?? 0]) {
        const list = this.side.get(i);
        if (list) list.push(r);
        else this.side.set(i, [r]);
      }
    this.sideCovers = this.recs;
    return this.csr;
  }

  /** Calls `fn` with the other end, weight and record of every edge record touching node i. */
  private eachRecord(idx: RecordIndex, i: number, fn: (j: number, w: number, r: number) => void): void {
    if (i < idx.n)
      for (let e = idx.offsets[i] ?? 0; e < (idx.offsets[i + 1] ?? 0); e++)
        fn(idx.targets[e] ?? 0, idx.weights[e] ?? 0, idx.records[e] ?? 0);
    for (const r of this.side.get(i) ?? []) {
      const u = this.recU[r] ?? 0;
      fn(u === i ? (this.recV[r] ?? 0) : u, this.recW[r] ?? 0, r);
    }
  }

  /**
   * Full detection: Louvain over the whole graph, then Louvain again inside every community larger
   * than `refineAbove` (modularity's resolution limit lets a large sparse graph merge small dense
   * gangs that share only victims; inside the community the limit is relative to it).
   */
  detect(refineAbove = 500, rounds = 3): number {
    const n = this.keys.length;
    this.csr = this.buildIndex();
    const top = louvain(this.csr);
    const community = top.community;
    let count = top.count;
    const local = new Int32Array(n).fill(-1);
    for (let r = 0; r < rounds; r++) {
      const { start, nodes } = byCommunity(community, count);
      let split = false;
      const before = count;
      for (let c = 0; c < before; c++) {
        const from = start[c] ?? 0;
        const to = start[c + 1] ?? 0;
        if (to - from <= refineAbove) continue;
        const members = nodes.subarray(from, to);
        const { community: sub, count: parts } = louvain(this.induced(members, local));
        if (parts < 2) continue;
        split = true;
        for (let k = 0; k < members.length; k++) {
          const s = sub[k] ?? 0;
          if (s !== 0) community[members[k] ?? 0] = count + s - 1;
        }
        count += parts - 1;
      }
      if (!split) break;
    }
    this.community = growInt(community, n);
    this.communities = count;
    this.tot = new Float64Array(Math.max(16, count));
    for (let i = 0; i < n; i++) {
      const c = this.community[i] ?? 0;
      this.tot[c] = (this.tot[c] ?? 0) + (this.degree[i] ?? 0);
    }
    const { start, nodes } = byCommunity(this.community.subarray(0, n), count);
    this.memberStart = start;
    this.memberNodes = nodes;
    this.detectedCount = count;
    this.detectedNodes = n;
    this.joined = new Map();
    return count;
  }

  /** The subgraph induced by `members` in compressed rows, members renumbered 0..k-1 in order. */
  private induced(members: Int32Array, local: Int32Array): Csr {
    const idx = this.csr ?? this.fresh();
    const k = members.length;
    for (let p = 0; p < k; p++) local[members[p] ?? 0] = p;
    const offsets = new Int32Array(k + 1);
    for (let p = 0; p < k; p++) {
      const i = members[p] ?? 0;
      let d = 0;
      for (let e = idx.offsets[i] ?? 0; e < (idx.offsets[i + 1] ?? 0); e++)
        if ((local[idx.targets[e] ?? 0] ?? -1) >= 0) d++;
      offsets[p + 1] = (offsets[p] ?? 0) + d;
    }
    const targets = new Int32Array(offsets[k] ?? 0);
    const weights = new Float64Array(offsets[k] ?? 0);
    for (let p = 0; p < k; p++) {
      const i = members[p] ?? 0;
      let at = offsets[p] ?? 0;
      for (let e = idx.offsets[i] ?? 0; e < (idx.offsets[i + 1] ?? 0); e++) {
        const l = local[idx.targets[e] ?? 0] ?? -1;
        if (l >= 0) {
          targets[at] = l;
          weights[at] = idx.weights[e] ?? 0;
          at++;
        }
      }
    }
    for (let p = 0; p < k; p++) local[members[p] ?? 0] = -1;
    return { n: k, offsets, targets, weights };
  }

  /** Moves one node to the neighbouring community with the best modularity gain, if any beats staying. */
  private localMove(i: number): void {
    if (this.m2 === 0) return;
    const idx = this.fresh();
    const ci = this.community[i] ?? 0;
    const ki = this.degree[i] ?? 0;
    const links = new Map<number, number>();
    this.eachRecord(idx, i, (j, w) => {
      const c = this.community[j] ?? 0;
      links.set(c, (links.get(c) ?? 0) + w);
    });
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
    if (best !== ci) this.join(i, best);
  }

  private join(i: number, c: number): void {
    this.community[i] = c;
    const list = this.joined.get(c);
    if (list) list.push(i);
    else this.joined.set(c, [i]);
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
    const idx = this.fresh();
    let between = 0;
    for (const i of list)
      this.eachRecord(idx, i, (j, w) => {
        if (this.community[j] === into) between += w;
      });
    // Modularity alone merges almost anything in a large graph (its resolution limit): the tie must
    // also carry a fair share of the smaller community's own weight.
    if (between - ((this.tot[from] ?? 0) * (this.tot[into] ?? 0)) / this.m2 <= 0) return;
    if (between < MERGE_SHARE * (this.tot[from] ?? 0)) return;
    for (const i of list) this.join(i, into);
    this.tot[into] = (this.tot[into] ?? 0) + (this.tot[from] ?? 0);
    this.tot[from] = 0;
  }

  /**
   * The nodes of a community, or undefined when it has more than `limit`: its members at the last
   * detection (or the node it was made for, when newer) and those that joined since, still in it.
   */
  private membersOf(c: number, limit: number): number[] | undefined {
    const out: number[] = [];
    const seen = new Set<number>();
    const take = (i: number): boolean => {
      if (this.community[i] !== c || seen.has(i)) return true;
      seen.add(i);
      out.push(i);
      return out.length <= limit;
    };
    if (c < this.detectedCount) {
      for (let p = this.memberStart[c] ?? 0; p < (this.memberStart[c + 1] ?? 0); p++)
        if (!take(this.memberNodes[p] ?? 0)) return undefined;
    } else {
      const own = this.detectedNodes + c - this.detectedCount;
      if (own < this.keys.length && !take(own)) return undefined;
    }
    for (const i of this.joined.get(c) ?? []) if (!take(i)) return undefined;
    return out;
  }

  /** Members of every community of at least `minSize` nodes. */
  groups(minSize = 3): number[][] {
    const n = this.keys.length;
    const { start, nodes } = byCommunity(this.community.subarray(0, n), this.communities);
    const out: number[][] = [];
    for (let c = 0; c < this.communities; c++) {
      const from = start[c] ?? 0;
      const to = start[c + 1] ?? 0;
      if (to - from >= minSize) out.push(Array.from(nodes.subarray(from, to)));
    }
    return out;
  }

  /** Internal and boundary weight of a set of nodes (for the gang's cohesion score). */
  weights(members: readonly number[]): { internal: number; boundary: number; edges: number } {
    const idx = this.fresh();
    const set = new Set(members);
    let internal = 0;
    let boundary = 0;
    const pairs = new Set<number>();
    for (const i of members)
      this.eachRecord(idx, i, (j, w) => {
        if (set.has(j)) {
          internal += w / 2;
          if (j > i) pairs.add(i * this.keys.length + j);
        } else boundary += w;
      });
    return { internal, boundary, edges: pairs.size };
  }

  /** Each neighbour of i with the summed weight and the evidence of its first records. */
  private neighbours(idx: RecordIndex, i: number): Map<number, { weight: number; evidence: EdgeEvidence[] }> {
    const out = new Map<number, { weight: number; evidence: EdgeEvidence[] }>();
    this.eachRecord(idx, i, (j, w, r) => {
      const ev = this.recEvidence[r >>> EVIDENCE_CHUNK_BITS]?.[r & EVIDENCE_CHUNK_MASK];
      const e = out.get(j);
      if (!e) out.set(j, { weight: w, evidence: ev ? [ev] : [] });
      else {
        e.weight += w;
        if (ev && e.evidence.length < MAX_EVIDENCE) e.evidence.push(ev);
      }
    });
    return out;
  }

  /** Edges among a set of nodes, each once, heaviest first. */
  edgesWithin(members: readonly number[], limit = 2_000): EvidenceStep[] {
    const idx = this.fresh();
    const set = new Set(members);
    const out: EvidenceStep[] = [];
    for (const i of members)
      for (const [j, e] of this.neighbours(idx, i))
        if (j > i && set.has(j))
          out.push({
            from: this.keys[i] ?? '',
            to: this.keys[j] ?? '',
            weight: e.weight,
            evidence: e.evidence,
          });
    return out.sort((p, q) => q.weight - p.weight).slice(0, limit);
  }

  /** The fewest-hops path from a to b through nodes allowed by `within`, with each edge's evidence. */
  path(a: string, b: string, within?: (node: number) => boolean): EvidenceStep[] | undefined {
    const s = this.index.get(a);
    const t = this.index.get(b);
    if (s === undefined || t === undefined) return undefined;
    const idx = this.fresh();
    const prev = new Map<number, number>([[s, s]]);
    const queue = [s];
    for (let q = 0; q < queue.length && !prev.has(t); q++) {
      const i = queue[q] ?? 0;
      this.eachRecord(idx, i, (j) => {
        if (!prev.has(j) && (!within || within(j))) {
          prev.set(j, i);
          queue.push(j);
        }
      });
    }
    if (!prev.has(t)) return undefined;
    const steps: EvidenceStep[] = [];
    for (let j = t; j !== s;) {
      const i = prev.get(j) ?? s;
      const e = this.neighbours(idx, i).get(j);
      steps.push({
        from: this.keys[i] ?? '',
        to: this.keys[j] ?? '',
        weight: e?.weight ?? 0,
        evidence: e?.evidence ?? [],
      });
      j = i;
    }
    return steps.reverse();
  }
}
