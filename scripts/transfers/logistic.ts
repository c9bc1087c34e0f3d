/**
 * Logistic regression by full-batch gradient descent on standardised features (L2), and the
 * threshold that maximises F1 on the data it is given. Small and deterministic: the same data give
 * the same weights.
 */
export interface Logistic {
  readonly mean: number[];
  readonly scale: number[];
  readonly weights: number[];
  readonly bias: number;
}

export const trainLogistic = (
  x: readonly (readonly number[])[],
  y: readonly number[],
  l2 = 1e-3,
  iterations = 3000,
  rate = 0.5,
): Logistic => {
  const d = x[0]?.length ?? 0;
  const n = x.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of x) r.forEach((v, j) => (mean[j] = (mean[j] ?? 0) + v / n));
  for (const r of x) r.forEach((v, j) => (scale[j] = (scale[j] ?? 0) + (v - (mean[j] ?? 0)) ** 2 / n));
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] ?? 0) || 1;
  const z = x.map((r) => r.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const grad = new Array<number>(d);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = z[i] ?? [];
      let s = b;
      for (let j = 0; j < d; j++) s += (w[j] ?? 0) * (r[j] ?? 0);
      const e = 1 / (1 + Math.exp(-s)) - (y[i] ?? 0);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + e * (r[j] ?? 0);
      gb += e;
    }
    for (let j = 0; j < d; j++) w[j] = (w[j] ?? 0) - rate * ((grad[j] ?? 0) / n + l2 * (w[j] ?? 0));
    b -= (rate * gb) / n;
  }
  return { mean, scale, weights: w, bias: b };
};

export interface Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** `missedPositives`: fraud accounts outside `y` (no transfers at all), counted as false negatives. */
export const countsAt = (
  scores: readonly number[],
  y: readonly number[],
  threshold: number,
  missedPositives = 0,
): Counts => {
  let tp = 0;
  let fp = 0;
  let fn = missedPositives;
  scores.forEach((s, i) => {
    const p = s >= threshold;
    if (p && y[i] === 1) tp++;
    else if (p) fp++;
    else if (y[i] === 1) fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
};

export const bestThreshold = (scores: readonly number[], y: readonly number[]): number => {
  let best = { f1: -1, t: 0.5 };
  for (let t = 0.05; t < 0.96; t += 0.01) {
    const c = countsAt(scores, y, t);
    if (c.f1 > best.f1) best = { f1: c.f1, t: Math.round(t * 100) / 100 };
  }
  return best.t;
};
