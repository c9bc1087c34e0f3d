/**
 * Training and cross-validation of the URL model. Pure and seeded: the same rows give the same
 * weights, so `npm run train:url` is reproducible and the evaluation can re-train per fold.
 */
import { DENSE_FEATURES, HASH_BITS, extractUrlFeatures, type UrlFeatures } from './url-features.ts';
import { sigmoid, type UrlModel } from './url-model.ts';
import { URL_DETECTOR_VERSION } from './url.config.ts';

export interface LabelledUrl {
  readonly text: string;
  readonly bareDomain: boolean;
  readonly malicious: boolean;
  readonly source: string;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 20,
  learningRate: 0.05,
  l2: 1e-6,
  seed: 20201201,
};

/** mulberry32: a small seeded generator so shuffles repeat exactly. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const featurize = (rows: readonly LabelledUrl[]): UrlFeatures[] =>
  rows.map((r) => extractUrlFeatures(r.text, r.bareDomain));

/** AdaGrad logistic regression; returns a complete model with threshold 0.5. */
export const trainUrlModel = (
  rows: readonly LabelledUrl[],
  features: readonly UrlFeatures[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): UrlModel => {
  const n = DENSE_FEATURES.length;
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  for (const f of features)
    for (let i = 0; i < n; i++) mean[i] = (mean[i] ?? 0) + (f.dense[i] ?? 0) / features.length;
  for (const f of features)
    for (let i = 0; i < n; i++)
      std[i] = (std[i] ?? 0) + ((f.dense[i] ?? 0) - (mean[i] ?? 0)) ** 2 / features.length;
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(std[i] ?? 0) || 1;
  const wd = new Float64Array(n);
  const gd = new Float64Array(n).fill(1e-8);
  const size = 1 << HASH_BITS;
  const wh = new Float64Array(size);
  const gh = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let gb = 1e-8;
  const order = rows.map((_, i) => i);
  const random = seededRandom(options.seed);
  const weights = balanceWeights(rows);
  const x = new Float64Array(n);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const r of order) {
      const f = features[r];
      const row = rows[r];
      if (!f || !row) continue;
      let z = bias;
      for (let i = 0; i < n; i++) {
        x[i] = ((f.dense[i] ?? 0) - (mean[i] ?? 0)) / (std[i] ?? 1);
        z += (x[i] ?? 0) * (wd[i] ?? 0);
      }
      for (const h of f.hashed) z += wh[h] ?? 0;
      const err = (sigmoid(z) - (row.malicious ? 1 : 0)) * (weights[r] ?? 1);
      for (let i = 0; i < n; i++) {
        const g = err * (x[i] ?? 0) + options.l2 * (wd[i] ?? 0);
        gd[i] = (gd[i] ?? 0) + g * g;
        wd[i] = (wd[i] ?? 0) - (options.learningRate * g) / Math.sqrt(gd[i] ?? 1);
      }
      for (const h of f.hashed) {
        const g = err + options.l2 * (wh[h] ?? 0);
        gh[h] = (gh[h] ?? 0) + g * g;
        wh[h] = (wh[h] ?? 0) - (options.learningRate * g) / Math.sqrt(gh[h] ?? 1);
      }
      gb += err * err;
      bias -= (options.learningRate * err) / Math.sqrt(gb);
    }
  }
  const round = (v: number): number => Math.round(v * 1e5) / 1e5;
  return {
    id: 'url',
    version: URL_DETECTOR_VERSION,
    kind: 'logistic',
    denseFeatures: [...DENSE_FEATURES],
    mean: [...mean].map(round),
    std: [...std].map(round),
    denseWeights: [...wd].map(round),
    hashBits: HASH_BITS,
    hashedWeights: [...wh].map(round),
    bias: round(bias),
    threshold: 0.5,
    training: { rows: rows.length, ...options },
  };
};

/**
 * Per-row weights that soften class imbalance within each source (the domain list is 97% scam): the
 * square root of the inverse class share, so the rare class counts more without dominating.
 */
export const balanceWeights = (rows: readonly LabelledUrl[]): Float64Array => {
  const count = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.source}:${r.malicious}`;
    count.set(key, (count.get(key) ?? 0) + 1);
    bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
  }
  return Float64Array.from(rows, (r) => {
    const group = count.get(`${r.source}:${r.malicious}`) ?? 1;
    const total = bySource.get(r.source) ?? 1;
    return Math.min(8, Math.sqrt(total / (2 * group)));
  });
};

export interface BinaryScores {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export const binaryScores = (truth: readonly boolean[], predicted: readonly boolean[]): BinaryScores => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] ?? false;
    if (t && p) tp++;
    else if (!t && p) fp++;
    else if (t) fn++;
    else tn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
};

/** Stratified k-fold assignment (by label and source), seeded. */
export const stratifiedFolds = (rows: readonly LabelledUrl[], k: number, seed: number): number[] => {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r.source}:${r.malicious}`;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const fold = new Array<number>(rows.length).fill(0);
  for (const list of groups.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j] ?? 0, list[i] ?? 0];
    }
    list.forEach((row, i) => (fold[row] = i % k));
  }
  return fold;
};
