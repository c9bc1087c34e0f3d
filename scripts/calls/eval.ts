/**
 * `npm run eval:calls`: 5-fold stratified cross-validation of the fraud-number model on the Sichuan
 * training set. The decision threshold is chosen on each training fold's own out-of-fold scores
 * (inner 3-fold CV), so nothing is tuned on the held-out fold. The generator figures come from
 * scripts/calls/eval-generator.ts (run after this by `npm run eval:calls`).
 *
 * The model is the shipped ensemble (booster + additive logistic model, fitPredict below), refitted in
 * every fold. Experiments (environment): ENS=1 scores the booster alone; BOOSTER='{"max_depth":4,…}'
 * overrides the booster settings; BAG=n averages n boosters of different seeds; GRAPH=1 adds call-graph context (graph-features.ts), its label-derived
 * part computed from the training folds' labels only, again inside every inner fold.
 */
import { trainBooster, type BoosterOptions } from '../../src/modules/detect/calls/booster.ts';
import { bestThreshold, macroF1, rocAuc, stratifiedFolds } from '../../src/modules/detect/calls/metrics.ts';
import { mulberry32 } from '../../src/modules/detect/calls/prng.ts';
import { writeFileSync } from 'node:fs';
import { trainQuantileLogit } from '../../src/modules/detect/calls/quantile-logit.ts';
import {
  BOOSTER_OPTIONS,
  BOOSTER_WEIGHT,
  LINEAR_L2,
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

/** Components of the last fitPredict call (DUMP=file writes them, out of fold, for offline screening). */
let lastParts: { b: number[]; lr: number[] } = { b: [], lr: [] };

/**
 * Trains the model on (xTr, yTr) and scores xTe: BOOSTER_WEIGHT × booster + the rest × the additive
 * logistic model, as shipped. Experiments: ENS=w sets the booster weight (ENS=1: booster alone); BAG=n
 * averages n booster seeds (BAG=0 with DUMP: the linear model alone).
 */
const fitPredict = async (
  xTr: number[][],
  yTr: number[],
  xTe: number[][],
  options: BoosterOptions,
): Promise<number[]> => {
  const bag = Number(process.env.BAG ?? 1);
  const b = new Array<number>(xTe.length).fill(0);
  for (let k = 0; k < bag; k++) {
    const model = await trainBooster(xTr, yTr, { ...options, seed: options.seed + k });
    model.predict(xTe).forEach((s, n) => (b[n] = (b[n] ?? 0) + s / bag));
    model.free();
  }
  const w = process.env.ENS === undefined ? BOOSTER_WEIGHT : Number(process.env.ENS);
  if (w >= 1 && process.env.DUMP === undefined) return b;
  const lr = trainQuantileLogit(xTr, yTr, LINEAR_L2).predict(xTe);
  lastParts = { b, lr };
  return b.map((s, n) => w * s + (1 - w) * (lr[n] ?? 0));
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
    const s = await fitPredict(
      vectors(trRows, trRows),
      pick(y, tr),
      vectors(trRows, pick(rows, te)),
      options,
    );
    s.forEach((v, n) => (scores[te[n] ?? 0] = v));
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
  const dump = { y: data.y, b: [] as number[], lr: [] as number[], fold: [] as number[] };
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
    const scores = await fitPredict(xTrain, yTrain, xTest, options);
    testIdx.forEach((row, n) => {
      dump.b[row] = lastParts.b[n] ?? 0;
      dump.lr[row] = lastParts.lr[n] ?? 0;
      dump.fold[row] = f;
    });
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
  if (process.env.DUMP !== undefined) writeFileSync(process.env.DUMP, JSON.stringify(dump));
  const result = { f1: macroF1(pooledPred, data.y), auc: rocAuc(pooledScores, data.y) };
  console.log(
    `Sichuan ${K}-fold stratified CV (seed ${SEED}, ${data.y.length} numbers${process.env.GRAPH === '1' ? ', with call-graph context' : ''})\n` +
      `  macro-F1 mean ${mean(f1s).toFixed(4)}  pooled ${result.f1.toFixed(4)}  (goal >= 0.93)\n` +
      `  AUC      mean ${mean(aucs).toFixed(4)}  pooled ${result.auc.toFixed(4)}  (goal >= 0.96)`,
  );
  return result;
};

await crossValidate();
