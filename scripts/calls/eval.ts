/**
 * `npm run eval:calls`: 5-fold stratified cross-validation of the fraud-number model on the Sichuan
 * training set. The decision threshold is chosen on each training fold's own out-of-fold scores
 * (inner 3-fold CV), so nothing is tuned on the held-out fold. The generator figures come from
 * scripts/calls/eval-generator.ts (run after this by `npm run eval:calls`).
 *
 * Experiments (environment): BOOSTER='{"max_depth":4,…}' overrides the booster settings; BAG=n averages
 * n boosters of different seeds; GRAPH=1 adds call-graph context (graph-features.ts), its label-derived
 * part computed from the training folds' labels only, again inside every inner fold.
 */
import { trainBooster, type BoosterOptions } from '../../src/modules/detect/calls/booster.ts';
import { bestThreshold, macroF1, rocAuc, stratifiedFolds } from '../../src/modules/detect/calls/metrics.ts';
import { mulberry32 } from '../../src/modules/detect/calls/prng.ts';
import {
  BOOSTER_OPTIONS,
  loadSichuan,
  loadSichuanGraph,
  pick,
  withGraph,
  type Dataset,
} from './sichuan-data.ts';

const K = 5;
const SEED = Number(process.env.CV_SEED ?? 2020);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The model vectors of `rows` when only the labels of `knownRows` may be used. */
type Vectors = (knownRows: readonly number[], rows: readonly number[]) => number[][];

const vectorsOf = (data: Dataset): Vectors => {
  if (process.env.GRAPH !== '1') return (_known, rows) => pick(data.x, rows);
  const graph = loadSichuanGraph();
  return (known, rows) => withGraph(data, graph, known, rows);
};

/** Out-of-fold scores of an inner 3-fold CV over the training rows `rows` (indices into the data). */
const oofScores = async (
  data: Dataset,
  vectors: Vectors,
  rows: readonly number[],
  seed: number,
  options: BoosterOptions,
): Promise<number[]> => {
  const y = pick(data.y, rows);
  const folds = stratifiedFolds(y, 3, mulberry32(seed).next);
  const scores = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < 3; f++) {
    const tr = folds.flatMap((g, i) => (g !== f ? [i] : []));
    const te = folds.flatMap((g, i) => (g === f ? [i] : []));
    const trRows = pick(rows, tr);
    const m = await trainBooster(vectors(trRows, trRows), pick(y, tr), options);
    m.predict(vectors(trRows, pick(rows, te))).forEach((s, n) => (scores[te[n] ?? 0] = s));
    m.free();
  }
  return scores;
};

export const crossValidate = async (): Promise<{ f1: number; auc: number }> => {
  const data = loadSichuan();
  const vectors = vectorsOf(data);
  const override: unknown = JSON.parse(process.env.BOOSTER ?? '{}');
  const options: BoosterOptions = { ...BOOSTER_OPTIONS, ...(typeof override === 'object' ? override : {}) };
  const folds = stratifiedFolds(data.y, K, mulberry32(SEED).next);
  const pooledScores = new Array<number>(data.y.length).fill(0);
  const pooledPred = new Array<number>(data.y.length).fill(0);
  const f1s: number[] = [];
  const aucs: number[] = [];
  for (let f = 0; f < K; f++) {
    const trainIdx = folds.flatMap((g, i) => (g !== f ? [i] : []));
    const testIdx = folds.flatMap((g, i) => (g === f ? [i] : []));
    const xTrain = vectors(trainIdx, trainIdx);
    const xTest = vectors(trainIdx, testIdx);
    const yTrain = pick(data.y, trainIdx);
    const threshold =
      process.env.INNER === '0'
        ? 0.5
        : bestThreshold(await oofScores(data, vectors, trainIdx, SEED + f, options), yTrain);
    // BAG=n (experiment): average n boosters trained with different seeds.
    const bag = Number(process.env.BAG ?? 1);
    const scores = new Array<number>(testIdx.length).fill(0);
    for (let b = 0; b < bag; b++) {
      const model = await trainBooster(xTrain, yTrain, { ...options, seed: options.seed + b });
      model.predict(xTest).forEach((s, n) => (scores[n] = (scores[n] ?? 0) + s / bag));
      model.free();
    }
    const yTest = pick(data.y, testIdx);
    const pred = scores.map((s) => (s >= threshold ? 1 : 0));
    testIdx.forEach((row, n) => {
      pooledScores[row] = scores[n] ?? 0;
      pooledPred[row] = pred[n] ?? 0;
    });
    f1s.push(macroF1(pred, yTest));
    aucs.push(rocAuc(scores, yTest));
    console.log(
      `  fold ${f + 1}/${K}: threshold ${threshold.toFixed(2)}  macro-F1 ${f1s[f]?.toFixed(4)}  AUC ${aucs[f]?.toFixed(4)}`,
    );
  }
  const result = { f1: macroF1(pooledPred, data.y), auc: rocAuc(pooledScores, data.y) };
  console.log(
    `Sichuan ${K}-fold stratified CV (seed ${SEED}, ${data.y.length} numbers${process.env.GRAPH === '1' ? ', with call-graph context' : ''})\n` +
      `  macro-F1 mean ${mean(f1s).toFixed(4)}  pooled ${result.f1.toFixed(4)}  (goal >= 0.93)\n` +
      `  AUC      mean ${mean(aucs).toFixed(4)}  pooled ${result.auc.toFixed(4)}  (goal >= 0.96)`,
  );
  return result;
};

await crossValidate();
