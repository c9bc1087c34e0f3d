/** Loads the Sichuan training features (../shared/datasets/sichuan-calls/train.csv) for train and eval. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  modelVector,
  parseFeatureHeader,
  parseFeatureRow,
  type SichuanRow,
} from '../../src/modules/detect/calls/sichuan.features.ts';
import type { BoosterOptions } from '../../src/modules/detect/calls/booster.ts';
import { GRAPH_FEATURES, graphFeatureMatrix, type DirectedGraph } from './graph-features.ts';
import { readCsrNpz } from './npz.ts';

export const DEFAULT_DATA = resolve(import.meta.dirname, '../../../shared/datasets/sichuan-calls/train.csv');

export interface Dataset {
  readonly phones: string[];
  readonly rows: SichuanRow[];
  readonly x: number[][];
  readonly y: number[];
}

export const loadSichuan = (path = process.env.SICHUAN_CSV ?? DEFAULT_DATA): Dataset => {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) throw new Error(`${path} is empty`);
  const layout = parseFeatureHeader(header);
  const data: Dataset = { phones: [], rows: [], x: [], y: [] };
  for (const line of rows) {
    const { phone, row, label } = parseFeatureRow(layout, line);
    if (label === undefined) continue;
    data.phones.push(phone);
    data.rows.push(row);
    data.x.push(modelVector(row));
    data.y.push(label === 1 ? 1 : 0);
  }
  return data;
};

/** The booster settings; chosen by 5-fold CV with seed 7 in scripts/calls/eval.ts (see models/calls/README.md). */
export const BOOSTER_OPTIONS: BoosterOptions = {
  max_depth: 5,
  eta: 0.05,
  iterations: 400,
  subsample: 0.8,
  colsample_bytree: 0.7,
  min_child_weight: 1,
  seed: 7,
};

/**
 * The ensemble: score = BOOSTER_WEIGHT × booster + (1 − BOOSTER_WEIGHT) × the additive logistic model
 * (quantile-logit.ts, L2 penalty LINEAR_L2). Equal weights, not tuned (models/calls/README.md).
 */
export const BOOSTER_WEIGHT = 0.5;
export const LINEAR_L2 = 1;

/** The items of `xs` at the given positions. */
export const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] =>
  idx.flatMap((i) => {
    const v = xs[i];
    return v === undefined ? [] : [v];
  });

export const DEFAULT_GRAPH = resolve(import.meta.dirname, '../../../shared/datasets/sichuan-calls');

export interface SichuanGraph {
  readonly graph: DirectedGraph;
  /** Every number of the graph, in node order (the held-out numbers too). */
  readonly order: readonly string[];
  readonly nodeOf: ReadonlyMap<string, number>;
}

/** The call graph of all 6,106 Sichuan numbers (call_graph_all_users.npz, rows in all_users_order.txt). */
export const loadSichuanGraph = (dir = process.env.SICHUAN_GRAPH ?? DEFAULT_GRAPH): SichuanGraph => {
  const csr = readCsrNpz(resolve(dir, 'call_graph_all_users.npz'));
  const order = readFileSync(resolve(dir, 'all_users_order.txt'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (order.length !== csr.rows)
    throw new Error(`all_users_order.txt has ${order.length} numbers, the graph ${csr.rows} rows`);
  return {
    graph: { nodes: csr.rows, outIndptr: csr.indptr, outIndices: csr.indices },
    order,
    nodeOf: new Map(order.map((p, i) => [p, i])),
  };
};

/**
 * Model vectors with call-graph context, for the rows `rows` of `data`, where only the labels of the
 * rows in `knownRows` are known (the training folds): nothing of any other row's label leaks in.
 */
export const withGraph = (
  data: Dataset,
  g: SichuanGraph,
  knownRows: readonly number[],
  rows: readonly number[],
): number[][] => {
  const known = new Int8Array(g.graph.nodes).fill(-1);
  for (const r of knownRows) {
    const node = g.nodeOf.get(data.phones[r] ?? '');
    if (node !== undefined) known[node] = data.y[r] === 1 ? 1 : 0;
  }
  const graph = graphFeatureMatrix(g.graph, known);
  return rows.map((r) => {
    const node = g.nodeOf.get(data.phones[r] ?? '');
    const extra = node === undefined ? undefined : graph[node];
    return [...(data.x[r] ?? []), ...(extra ?? GRAPH_FEATURES.map(() => NaN))];
  });
};
