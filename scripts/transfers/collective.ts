/**
 * Graph-propagated (collective) mule classifiers, measured across the two AMLSim graphs beside the
 * account-local model: does knowing how suspicious an account's counterparties look find the mules
 * the local features miss? Three methods, each trained on one graph (threshold chosen there) and
 * measured on the other:
 * - stacked logistic: the local features plus aggregates of the first-stage scores of the
 *   counterparties (largest, mean, how many and what share reach the first-stage threshold) and
 *   of their counterparties (two hops);
 * - stacked boosted trees (ml-xgboost, depth 3) on the same features, for interactions a linear
 *   model cannot draw;
 * - label propagation: s = a·p + (1 − a)·mean(s of counterparties), iterated from the first-stage
 *   scores p.
 * Each row also gives the best F1 any threshold reaches on the test graph (a ceiling, not a figure).
 */
import { trainBooster } from '../../src/modules/detect/calls/booster.ts';
import { fraudTotal, type Graph } from './amlsim.ts';
import { bestThreshold, countsAt, trainLogistic, type Counts, type Logistic } from './logistic.ts';

const probability = (m: Logistic, x: readonly number[]): number => {
  let s = m.bias;
  for (let j = 0; j < x.length; j++)
    s += (m.weights[j] ?? 0) * (((x[j] ?? 0) - (m.mean[j] ?? 0)) / (m.scale[j] ?? 1));
  return 1 / (1 + Math.exp(-s));
};

/** Each account's counterparties (either direction) as row indices of the graph. */
const neighbours = (g: Graph): number[][] => {
  const row = new Map(g.accounts.map((a, i) => [a, i]));
  return g.accounts.map((a) => {
    const id = g.engine.idOf(a);
    if (id < 0) return [];
    const s = g.engine.view(id);
    const out: number[] = [];
    for (const k of new Set([...s.payers.keys(), ...s.payees.keys()])) {
      const i = row.get(k);
      if (i !== undefined) out.push(i);
    }
    return out;
  });
};

/** Largest, mean, count at or above the threshold and that count's share, over each row's neighbours. */
const aggregate = (nb: readonly number[][], p: readonly number[], t: number): number[][] =>
  nb.map((ns) => {
    let max = 0;
    let sum = 0;
    let high = 0;
    for (const j of ns) {
      const q = p[j] ?? 0;
      if (q > max) max = q;
      sum += q;
      if (q >= t) high++;
    }
    const n = ns.length || 1;
    return [max, sum / n, Math.log1p(high), high / n];
  });

/** Stage-two rows: local features, the first-stage score, one-hop and two-hop aggregates. */
const stacked = (g: Graph, nb: readonly number[][], p: readonly number[], t: number): number[][] => {
  const one = aggregate(nb, p, t);
  const two = aggregate(
    nb,
    one.map((r) => r[3] ?? 0),
    0.1,
  );
  return g.x.map((r, i) => [...r, p[i] ?? 0, ...(one[i] ?? []), ...(two[i] ?? [])]);
};

const propagate = (nb: readonly number[][], p: readonly number[], a = 0.5, rounds = 10): number[] => {
  let s = [...p];
  for (let k = 0; k < rounds; k++)
    s = nb.map((ns, i) => {
      let sum = 0;
      for (const j of ns) sum += s[j] ?? 0;
      return a * (p[i] ?? 0) + (1 - a) * (ns.length > 0 ? sum / ns.length : 0);
    });
  return s;
};

export interface CollectiveRow {
  readonly method: string;
  readonly threshold: number;
  readonly counts: Counts;
  /** The best F1 over thresholds chosen on the test graph itself. */
  readonly ceiling: number;
}

const ceilingOf = (scores: readonly number[], y: readonly number[], missed: number): number => {
  let best = 0;
  for (let t = 0.01; t < 1; t += 0.01) best = Math.max(best, countsAt(scores, y, t, missed).f1);
  return best;
};

export const collective = async (train: Graph, test: Graph): Promise<CollectiveRow[]> => {
  const missed = fraudTotal(test) - test.y.filter((v) => v === 1).length;
  const row = (method: string, trainScores: number[], testScores: number[]): CollectiveRow => {
    const threshold = bestThreshold(trainScores, train.y);
    return {
      method,
      threshold,
      counts: countsAt(testScores, test.y, threshold, missed),
      ceiling: ceilingOf(testScores, test.y, missed),
    };
  };
  const first = trainLogistic(train.x, train.y);
  const p = train.x.map((r) => probability(first, r));
  const q = test.x.map((r) => probability(first, r));
  const t1 = bestThreshold(p, train.y);
  const nbTrain = neighbours(train);
  const nbTest = neighbours(test);
  const xTrain = stacked(train, nbTrain, p, t1);
  const xTest = stacked(test, nbTest, q, t1);
  const second = trainLogistic(xTrain, train.y);
  const trees = await trainBooster(xTrain, train.y, {
    max_depth: 3,
    eta: 0.1,
    iterations: 200,
    subsample: 0.8,
    colsample_bytree: 0.8,
    min_child_weight: 5,
    seed: 1,
  });
  const rows = [
    row('local logistic (the shipped model)', p, q),
    row(
      'stacked logistic, 1 + 2 hops',
      xTrain.map((r) => probability(second, r)),
      xTest.map((r) => probability(second, r)),
    ),
    row('stacked boosted trees, 1 + 2 hops', trees.predict(xTrain), trees.predict(xTest)),
    row('label propagation (a = 0.5, 10 rounds)', propagate(nbTrain, p), propagate(nbTest, q)),
  ];
  trees.free();
  return rows;
};
