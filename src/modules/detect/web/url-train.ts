/**
 * Training and cross-validation of the URL model. Pure and seeded: the same rows give the same
 * weights, so `npm run train:url` is reproducible and the evaluation can re-train per fold.
 */
import { DENSE_FEATURES, HASH_BITS, extractUrlFeatures, type UrlFeatures } from './url-features.ts';
import { sigmoid, urlMargin, type UrlModel, type UrlModelPart } from './url-model.ts';
import { URL_DETECTOR_VERSION } from './url.config.ts';
import { seededRandom } from '../../../shared/random.ts';

export interface LabelledUrl {
  readonly text: string;
  readonly bareDomain: boolean;
  readonly malicious: boolean;
  readonly source: string;
  /** The host is a well-known site's own (well-known.ts), as the detector will see it. */
  readonly wellKnown?: boolean;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
  /** Share of the training weight that benign rows carry, for bare domains and for full URLs. */
  readonly benignShare: { readonly domain: number; readonly url: number };
  /**
   * How the benign weight of bare domains is split between sources (unlisted sources share what
   * is left): the benign part of the labelled domain list is small but looks most like traffic.
   */
  readonly benignSources: Readonly<Record<string, number>>;
  /** No row weighs more than this (so a few hundred rows cannot be memorised at any price). */
  readonly maxWeight: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 20,
  learningRate: 0.05,
  l2: 1e-6,
  seed: 20201201,
  benignShare: { domain: 0.75, url: 0.5 },
  benignSources: { domains: 0.5, 'brand-domains': 0.4 },
  maxWeight: 30,
};

export const featurize = (rows: readonly LabelledUrl[]): UrlFeatures[] =>
  rows.map((r) => extractUrlFeatures(r.text, r.bareDomain));

/** AdaGrad logistic regression of one part over `idx` (uncalibrated). */
const trainPart = (
  rows: readonly LabelledUrl[],
  features: readonly UrlFeatures[],
  idx: readonly number[],
  weights: ArrayLike<number>,
  options: TrainOptions,
): UrlModelPart => {
  const n = DENSE_FEATURES.length;
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const count = Math.max(1, idx.length);
  for (const r of idx) {
    const f = features[r];
    if (f) for (let i = 0; i < n; i++) mean[i] = (mean[i] ?? 0) + (f.dense[i] ?? 0) / count;
  }
  for (const r of idx) {
    const f = features[r];
    if (f)
      for (let i = 0; i < n; i++) std[i] = (std[i] ?? 0) + ((f.dense[i] ?? 0) - (mean[i] ?? 0)) ** 2 / count;
  }
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(std[i] ?? 0) || 1;
  const wd = new Float64Array(n);
  const gd = new Float64Array(n).fill(1e-8);
  const size = 1 << HASH_BITS;
  const wh = new Float64Array(size);
  const gh = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let gb = 1e-8;
  let wk = 0;
  let gk = 1e-8;
  const order = [...idx];
  const random = seededRandom(options.seed);
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
      // A bare well-known domain never reaches the model (the prior answers first), so its flag
      // must not teach the domain part anything.
      const known = row.wellKnown === true && !row.bareDomain ? 1 : 0;
      let z = bias + known * wk;
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
      if (known) {
        gk += err * err;
        wk -= (options.learningRate * err) / Math.sqrt(gk);
      }
      gb += err * err;
      bias -= (options.learningRate * err) / Math.sqrt(gb);
    }
  }
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  const hashedIndex: number[] = [];
  const hashedWeights: number[] = [];
  // Three decimals keep the committed file small; the margin moves by well under 0.01 on a URL.
  wh.forEach((w, i) => {
    const r = Math.round(w * 1e3) / 1e3;
    if (r !== 0) {
      hashedIndex.push(i);
      hashedWeights.push(r);
    }
  });
  return {
    mean: [...mean].map(round),
    std: [...std].map(round),
    denseWeights: [...wd].map(round),
    hashedIndex,
    hashedWeights,
    bias: round(bias),
    priorWeight: round(wk),
    calibration: [1, 0],
  };
};

/** Trains the bare-domain and the full-URL parts (uncalibrated: calibration [1, 0]; threshold 0.5). */
export const trainUrlModel = (
  rows: readonly LabelledUrl[],
  features: readonly UrlFeatures[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): UrlModel => {
  const weights = balanceWeights(rows, options);
  const of = (bare: boolean): number[] =>
    rows.map((r, i) => (r.bareDomain === bare ? i : -1)).filter((i) => i >= 0);
  return {
    id: 'url',
    version: URL_DETECTOR_VERSION,
    kind: 'logistic',
    denseFeatures: [...DENSE_FEATURES],
    hashBits: HASH_BITS,
    domain: trainPart(rows, features, of(true), weights, options),
    url: trainPart(rows, features, of(false), weights, options),
    threshold: 0.5,
    training: { rows: rows.length, ...options },
  };
};

/**
 * Per-row weights that set the class balance per input kind instead of taking the lists' own (the
 * domain list is 97 % scam, while traffic is mostly benign): benign rows of a kind carry
 * `benignShare` of its weight, split between sources by `benignSources`; the mean weight stays 1.
 */
export const balanceWeights = (rows: readonly LabelledUrl[], options: TrainOptions): Float64Array => {
  const kindOf = (r: LabelledUrl): 'domain' | 'url' => (r.bareDomain ? 'domain' : 'url');
  const count = new Map<string, number>();
  const add = (key: string): void => void count.set(key, (count.get(key) ?? 0) + 1);
  for (const r of rows) {
    add(kindOf(r));
    add(`${kindOf(r)}:${r.malicious}`);
    if (!r.malicious) add(`${kindOf(r)}:benign:${r.source}`);
  }
  // Benign sources of a kind that the options do not name share the rest equally.
  const shareOf = new Map<string, number>();
  for (const kind of ['domain', 'url'] as const) {
    const sources = [...count.keys()]
      .filter((k) => k.startsWith(`${kind}:benign:`))
      .map((k) => k.slice(kind.length + 8));
    const named = sources.filter((s) => options.benignSources[s] !== undefined);
    const rest = Math.max(0, 1 - named.reduce((a, s) => a + (options.benignSources[s] ?? 0), 0));
    const unnamed = sources.length - named.length;
    for (const s of sources)
      shareOf.set(
        `${kind}:${s}`,
        kind === 'url' || sources.length === 1
          ? 1
          : (options.benignSources[s] ?? (unnamed > 0 ? rest / unnamed : 0)),
      );
  }
  const raw = Float64Array.from(rows, (r) => {
    const kind = kindOf(r);
    const total = count.get(kind) ?? 1;
    if (r.malicious) return ((1 - options.benignShare[kind]) * total) / (count.get(`${kind}:true`) ?? 1);
    const share = shareOf.get(`${kind}:${r.source}`) ?? 0;
    return (options.benignShare[kind] * share * total) / (count.get(`${kind}:benign:${r.source}`) ?? 1);
  });
  return raw.map((w) => Math.min(options.maxWeight, w));
};

/**
 * Platt scaling: the `a`, `b` of `sigmoid(a·margin + b)` that best fit the labels (weighted
 * log-loss, Newton's method), from margins the model gave rows it was not trained on.
 */
export const fitPlatt = (
  margins: readonly number[],
  truth: readonly boolean[],
  weights: ArrayLike<number>,
): [number, number] => {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    margins.forEach((m, i) => {
      const w = weights[i] ?? 1;
      const p = sigmoid(a * m + b);
      const e = (p - (truth[i] ? 1 : 0)) * w;
      const h = p * (1 - p) * w;
      ga += e * m;
      gb += e;
      haa += h * m * m;
      hab += h * m;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return [Math.round(a * 1e5) / 1e5, Math.round(b * 1e5) / 1e5];
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

/**
 * Out-of-fold margins (the model of the other folds scores each row), the ground for calibration and
 * for cross-validated figures alike.
 */
export const outOfFoldMargins = (
  rows: readonly LabelledUrl[],
  features: readonly UrlFeatures[],
  options: TrainOptions,
  k: number,
  seed: number,
): Float64Array => {
  const fold = stratifiedFolds(rows, k, seed);
  const margins = new Float64Array(rows.length);
  for (let f = 0; f < k; f++) {
    const idx = rows.map((_, i) => i).filter((i) => fold[i] !== f);
    const model = trainUrlModel(
      idx.map((i) => rows[i]).filter((r): r is LabelledUrl => r !== undefined),
      idx.map((i) => features[i]).filter((x): x is UrlFeatures => x !== undefined),
      options,
    );
    rows.forEach((row, i) => {
      const feat = features[i];
      if (fold[i] === f && feat) margins[i] = urlMargin(model, feat, undefined, row.wellKnown === true);
    });
  }
  return margins;
};

/** Platt parameters per input kind from out-of-fold margins, weighted like training. */
export const calibrationOf = (
  rows: readonly LabelledUrl[],
  margins: ArrayLike<number>,
  options: TrainOptions,
): { domain: [number, number]; url: [number, number] } => {
  const weights = balanceWeights(rows, options);
  const fit = (bare: boolean): [number, number] => {
    const idx = rows.map((r, i) => (r.bareDomain === bare ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) return [1, 0];
    return fitPlatt(
      idx.map((i) => margins[i] ?? 0),
      idx.map((i) => rows[i]?.malicious ?? false),
      idx.map((i) => weights[i] ?? 1),
    );
  };
  return { domain: fit(true), url: fit(false) };
};

/**
 * The model on all rows, calibrated on `folds`-fold out-of-fold margins; also the out-of-fold
 * calibrated probabilities, the cross-validated view of the same model.
 */
export const trainCalibratedUrlModel = (
  rows: readonly LabelledUrl[],
  features: readonly UrlFeatures[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  folds = 3,
): { model: UrlModel; outOfFold: Float64Array } => {
  const margins = outOfFoldMargins(rows, features, options, folds, options.seed);
  const calibration = calibrationOf(rows, margins, options);
  const model = trainUrlModel(rows, features, options);
  const outOfFold = margins.map((m, i) => {
    const [a, b] = rows[i]?.bareDomain ? calibration.domain : calibration.url;
    return sigmoid(a * m + b);
  });
  return {
    model: {
      ...model,
      domain: { ...model.domain, calibration: calibration.domain },
      url: { ...model.url, calibration: calibration.url },
    },
    outOfFold,
  };
};
