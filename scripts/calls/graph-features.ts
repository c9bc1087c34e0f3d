/**
 * Call-graph context for the fraud-number model, an experiment of `npm run eval:calls` (GRAPH=1) that
 * the shipped model does not use: who a number is linked to by calls among the 6,106 numbers of the
 * Sichuan call graph (GAT-COBO's `call_graph_all_users.npz`). The file stores every edge once, from the
 * lower to the higher row (all 416,211 edges lie above the diagonal, none is reciprocated), so the graph
 * is undirected: "out" and "in" below only split a number's links by the neighbour's position in
 * all_users_order.txt, and the totals (degree, graph_fraud_share) are what carry meaning. Pure
 * functions of the graph and a label vector:
 * - structural (no labels): out- and in-degree, the mean degree of the neighbours;
 * - label-derived: how many neighbours are *known* fraud or normal, where "known" is only what the
 *   caller passes (inside cross-validation: the training folds' labels, never the scored fold's).
 * Fraud numbers do call each other (a fraud number's labelled neighbours are ~78% fraud, a normal
 * one's ~10%), but the numbers the model gets wrong have neighbourhoods that mislead the same way, so
 * the context did not help (models/calls/README.md).
 */

export const GRAPH_FEATURES = [
  'graph_out_degree',
  'graph_in_degree',
  'graph_neighbour_mean_degree',
  'graph_out_known_fraud',
  'graph_out_known_normal',
  'graph_in_known_fraud',
  'graph_in_known_normal',
  'graph_fraud_share',
  'graph_out_fraud_share',
  'graph_in_fraud_share',
] as const;
export type GraphFeature = (typeof GRAPH_FEATURES)[number];

export interface DirectedGraph {
  readonly nodes: number;
  /** CSR of out-edges: node i calls outIndices[outIndptr[i] .. outIndptr[i+1]). */
  readonly outIndptr: readonly number[];
  readonly outIndices: readonly number[];
}

/** Known labels per node: 1 fraud, 0 normal, -1 unknown (held out, or not in the training folds). */
export type KnownLabels = ArrayLike<number>;

/** Smoothed share: a prior of `PRIOR_WEIGHT` pseudo-neighbours at the base rate, so 1 of 1 is not 100%. */
const PRIOR_WEIGHT = 2;

export const graphFeatureMatrix = (g: DirectedGraph, known: KnownLabels): number[][] => {
  const n = g.nodes;
  const outDeg = new Float64Array(n);
  const inDeg = new Float64Array(n);
  const outFraud = new Float64Array(n);
  const outNormal = new Float64Array(n);
  const inFraud = new Float64Array(n);
  const inNormal = new Float64Array(n);
  const neighbourDegreeSum = new Float64Array(n);
  let knownFraud = 0;
  let knownAll = 0;
  for (let i = 0; i < n; i++) {
    const l = known[i] ?? -1;
    if (l >= 0) {
      knownAll++;
      if (l === 1) knownFraud++;
    }
  }
  const prior = knownAll > 0 ? knownFraud / knownAll : 0.3;
  for (let i = 0; i < n; i++) {
    const from = g.outIndptr[i] ?? 0;
    const to = g.outIndptr[i + 1] ?? from;
    outDeg[i] = to - from;
    for (let e = from; e < to; e++) {
      const j = g.outIndices[e] ?? 0;
      inDeg[j] = (inDeg[j] ?? 0) + 1;
      const lj = known[j] ?? -1;
      if (lj === 1) outFraud[i] = (outFraud[i] ?? 0) + 1;
      else if (lj === 0) outNormal[i] = (outNormal[i] ?? 0) + 1;
      const li = known[i] ?? -1;
      if (li === 1) inFraud[j] = (inFraud[j] ?? 0) + 1;
      else if (li === 0) inNormal[j] = (inNormal[j] ?? 0) + 1;
    }
  }
  for (let i = 0; i < n; i++) {
    const from = g.outIndptr[i] ?? 0;
    const to = g.outIndptr[i + 1] ?? from;
    for (let e = from; e < to; e++) {
      const j = g.outIndices[e] ?? 0;
      const di = (outDeg[i] ?? 0) + (inDeg[i] ?? 0);
      const dj = (outDeg[j] ?? 0) + (inDeg[j] ?? 0);
      neighbourDegreeSum[i] = (neighbourDegreeSum[i] ?? 0) + dj;
      neighbourDegreeSum[j] = (neighbourDegreeSum[j] ?? 0) + di;
    }
  }
  const share = (fraud: number, normal: number): number =>
    (fraud + PRIOR_WEIGHT * prior) / (fraud + normal + PRIOR_WEIGHT);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const od = outDeg[i] ?? 0;
    const id = inDeg[i] ?? 0;
    const of = outFraud[i] ?? 0;
    const on = outNormal[i] ?? 0;
    const inf = inFraud[i] ?? 0;
    const inn = inNormal[i] ?? 0;
    rows.push([
      od,
      id,
      od + id > 0 ? (neighbourDegreeSum[i] ?? 0) / (od + id) : 0,
      of,
      on,
      inf,
      inn,
      share(of + inf, on + inn),
      share(of, on),
      share(inf, inn),
    ]);
  }
  return rows;
};
