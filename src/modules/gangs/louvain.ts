/**
 * Weighted Louvain community detection (Blondel et al. 2008) and connected components on a graph in
 * compressed sparse rows (typed arrays): both directions of every edge are stored, so a node's
 * weighted degree is the sum of its row. Deterministic: nodes are first visited in index order, then
 * as the queue of local moves puts them back. Pure.
 */

export interface Csr {
  readonly n: number;
  /** Row i is targets[offsets[i] .. offsets[i+1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

/** One level of local moves; returns the community of each node, renumbered 0..k-1, and k. */
const moveNodes = (g: Csr, maxPasses: number): { comm: Int32Array; k: number; moved: boolean } => {
  const { n, offsets, targets, weights } = g;
  const degree = new Float64Array(n);
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = offsets[i] ?? 0; e < (offsets[i + 1] ?? 0); e++) s += weights[e] ?? 0;
    degree[i] = s;
    m2 += s;
  }
  const comm = new Int32Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    comm[i] = i;
    tot[i] = degree[i] ?? 0;
  }
  const linkTo = new Float64Array(n).fill(-1);
  const touched = new Int32Array(n);
  let movedAny = false;
  if (m2 === 0) return { comm, k: n, moved: false };
  // A queue of nodes to look at (every node at first, in index order); a node that moves puts back
  // its neighbours outside its new community, so later rounds read only where something changed
  // instead of every node again. `maxPasses` bounds the looks at that many times the node count.
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) queue[i] = i;
  let head = 0;
  let size = n;
  for (let looks = 0; size > 0 && looks < maxPasses * n; looks++) {
    const i = queue[head] ?? 0;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[i] = 0;
    const ci = comm[i] ?? 0;
    const ki = degree[i] ?? 0;
    let nt = 0;
    for (let e = offsets[i] ?? 0; e < (offsets[i + 1] ?? 0); e++) {
      const j = targets[e] ?? 0;
      if (j === i) continue;
      const c = comm[j] ?? 0;
      if ((linkTo[c] ?? -1) < 0) {
        linkTo[c] = 0;
        touched[nt++] = c;
      }
      linkTo[c] = (linkTo[c] ?? 0) + (weights[e] ?? 0);
    }
    tot[ci] = (tot[ci] ?? 0) - ki;
    let best = ci;
    let bestGain = Math.max(0, linkTo[ci] ?? 0) - ((tot[ci] ?? 0) * ki) / m2;
    for (let t = 0; t < nt; t++) {
      const c = touched[t] ?? 0;
      const gain = (linkTo[c] ?? 0) - ((tot[c] ?? 0) * ki) / m2;
      if (gain > bestGain + 1e-12) {
        best = c;
        bestGain = gain;
      }
    }
    tot[best] = (tot[best] ?? 0) + ki;
    for (let t = 0; t < nt; t++) linkTo[touched[t] ?? 0] = -1;
    if (best === ci) continue;
    comm[i] = best;
    movedAny = true;
    for (let e = offsets[i] ?? 0; e < (offsets[i + 1] ?? 0); e++) {
      const j = targets[e] ?? 0;
      if (queued[j] === 1 || comm[j] === best) continue;
      queued[j] = 1;
      queue[(head + size) % n] = j;
      size++;
    }
  }
  const renumber = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = comm[i] ?? 0;
    if ((renumber[c] ?? -1) < 0) renumber[c] = k++;
    comm[i] = renumber[c] ?? 0;
  }
  return { comm, k, moved: movedAny };
};

/** Nodes ordered by community (a counting sort): community c's nodes are nodes[start[c] .. start[c+1]). */
export const byCommunity = (
  community: Int32Array<ArrayBufferLike>,
  count: number,
): { start: Int32Array; nodes: Int32Array } => {
  const n = community.length;
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[(community[i] ?? 0) + 1] = (start[(community[i] ?? 0) + 1] ?? 0) + 1;
  for (let c = 0; c < count; c++) start[c + 1] = (start[c + 1] ?? 0) + (start[c] ?? 0);
  const fill = start.slice(0, count);
  const nodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = community[i] ?? 0;
    nodes[fill[c] ?? 0] = i;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  return { start, nodes };
};

/**
 * Communities collapsed into nodes; edges between them summed (internal weight as a self-loop that
 * carries the community's whole internal degree). Nodes are ordered by community with a counting
 * sort and each community's row is summed in a dense scratch array: no maps, no per-edge objects.
 */
const aggregate = (g: Csr, comm: Int32Array, k: number): Csr => {
  const { offsets, targets, weights } = g;
  const { start, nodes: order } = byCommunity(comm, k);
  const acc = new Float64Array(k);
  const seen = new Int32Array(k).fill(-1);
  const touched = new Int32Array(k);
  const outOffsets = new Int32Array(k + 1);
  const outTargets = new Int32Array(targets.length);
  const outWeights = new Float64Array(targets.length);
  let at = 0;
  for (let c = 0; c < k; c++) {
    let nt = 0;
    for (let p = start[c] ?? 0; p < (start[c + 1] ?? 0); p++) {
      const i = order[p] ?? 0;
      for (let e = offsets[i] ?? 0; e < (offsets[i + 1] ?? 0); e++) {
        const cj = comm[targets[e] ?? 0] ?? 0;
        if (seen[cj] !== c) {
          seen[cj] = c;
          acc[cj] = 0;
          touched[nt++] = cj;
        }
        acc[cj] = (acc[cj] ?? 0) + (weights[e] ?? 0);
      }
    }
    for (let t = 0; t < nt; t++) {
      const cj = touched[t] ?? 0;
      outTargets[at] = cj;
      outWeights[at] = acc[cj] ?? 0;
      at++;
    }
    outOffsets[c + 1] = at;
  }
  return { n: k, offsets: outOffsets, targets: outTargets.slice(0, at), weights: outWeights.slice(0, at) };
};

/** Multi-level Louvain: the community of every node of `g`, numbered 0..k-1. */
export const louvain = (g: Csr, maxLevels = 10, maxPasses = 20): { community: Int32Array; count: number } => {
  let level = g;
  const community = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) community[i] = i;
  let count = g.n;
  for (let l = 0; l < maxLevels; l++) {
    const { comm, k, moved } = moveNodes(level, maxPasses);
    if (!moved) break;
    for (let i = 0; i < community.length; i++) community[i] = comm[community[i] ?? 0] ?? 0;
    count = k;
    if (k === level.n) break;
    level = aggregate(level, comm, k);
  }
  return { community, count };
};

/** Connected components by union-find with path halving: the component id of every node. */
export const components = (
  n: number,
  us: ArrayLike<number>,
  vs: ArrayLike<number>,
  m = us.length,
): Int32Array => {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) {
      parent[r] = parent[parent[r] ?? r] ?? r;
      r = parent[r] ?? r;
    }
    return r;
  };
  for (let e = 0; e < m; e++) {
    const a = find(us[e] ?? 0);
    const b = find(vs[e] ?? 0);
    if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
  }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return parent;
};
