/**
 * The second model of the fraud-number ensemble: an additive logistic model (a small GAM). Each feature
 * is mapped to its empirical quantile on the training rows (a 101-point grid, interpolated), then
 * expanded into a piecewise-linear basis (the centred quantile and hinges at the quartiles) plus a
 * missing-value indicator; the weights are an L2-regularised logistic regression solved by Newton's
 * method. Trees cut features into steps; this model bends them smoothly and adds them up, so the two
 * make different mistakes and their average ranks better than either (models/calls/README.md). Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../../../shared/errors.ts';

/** Hinge positions on the centred quantile scale (−0.5 … 0.5): the quartiles. */
const KNOTS = [-0.25, 0, 0.25] as const;
const GRID = 100;

export const QuantileLogitSchema = Type.Object({
  name: Type.Literal('quantile-logit'),
  l2: Type.Number({ minimum: 0 }),
  /** Per feature, the training values at quantiles 0, 1/GRID … 1 (empty when the feature was always missing). */
  grid: Type.Array(Type.Array(Type.Number())),
  /** Intercept, then per feature: quantile, missing flag, one hinge per knot. */
  weights: Type.Array(Type.Number()),
});
export type QuantileLogitFile = Static<typeof QuantileLogitSchema>;

export interface QuantileLogit {
  /** Probabilities of the positive class, one per row. */
  predict(rows: readonly (readonly number[])[]): number[];
  toJSON(): QuantileLogitFile;
}

/** The training values at quantiles 0, 1/GRID, … 1 (type-7 interpolation). */
const quantileGrid = (values: readonly number[]): number[] => {
  const s = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (s.length === 0) return [];
  return Array.from({ length: GRID + 1 }, (_, k) => {
    const h = (k / GRID) * (s.length - 1);
    const lo = Math.floor(h);
    const a = s[lo] ?? 0;
    const b = s[Math.min(lo + 1, s.length - 1)] ?? a;
    // six significant digits: the saved grid is small and is exactly what training used
    return Number((a + (h - lo) * (b - a)).toPrecision(6));
  });
};

/** The quantile of v on a grid; inside a run of equal grid values, the middle of the run. */
const quantileOf = (grid: readonly number[], v: number): number => {
  const n = grid.length - 1;
  if (n < 1) return 0.5;
  // first index with grid[i] >= v, and first with grid[i] > v
  let lo = 0;
  let hi = n + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((grid[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  let up = lo;
  while (up <= n && grid[up] === v) up++;
  if (up > lo) return (lo + up - 1) / 2 / n;
  if (lo === 0) return 0;
  if (lo > n) return 1;
  const a = grid[lo - 1] ?? 0;
  const b = grid[lo] ?? 0;
  return (lo - 1 + (v - a) / (b - a)) / n;
};

const basis = (grid: readonly (readonly number[])[], row: readonly number[]): number[] => {
  const out: number[] = [1];
  grid.forEach((g, j) => {
    const v = row[j] ?? NaN;
    if (!Number.isFinite(v) || g.length === 0) {
      out.push(0, 1, ...KNOTS.map(() => 0));
      return;
    }
    const q = quantileOf(g, v) - 0.5;
    out.push(q, 0, ...KNOTS.map((k) => Math.max(q - k, 0)));
  });
  return out;
};

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

const dot = (w: ArrayLike<number>, r: readonly number[]): number => {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += (w[j] ?? 0) * (r[j] ?? 0);
  return s;
};

/** Solves H x = g for symmetric positive definite H (Cholesky, lower triangle of h used). */
const choleskySolve = (h: Float64Array, d: number, g: Float64Array): Float64Array => {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / (l[j * d + j] ?? 1);
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = g[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * d + k] ?? 0) * (y[k] ?? 0);
    y[i] = s / (l[i * d + i] ?? 1);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < d; k++) s -= (l[k * d + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * d + i] ?? 1);
  }
  return x;
};

/** L2-penalised logistic regression (intercept unpenalised) by Newton's method. */
const fitLogit = (z: readonly (readonly number[])[], y: readonly number[], l2: number): number[] => {
  const d = z[0]?.length ?? 0;
  const w = new Float64Array(d);
  for (let it = 0; it < 50; it++) {
    const h = new Float64Array(d * d);
    const g = new Float64Array(d);
    const nz = new Int32Array(d);
    z.forEach((r, i) => {
      const p = sigmoid(dot(w, r));
      const e = p - (y[i] ?? 0);
      const s = p * (1 - p);
      let m = 0;
      for (let a = 0; a < d; a++) if ((r[a] ?? 0) !== 0) nz[m++] = a;
      for (let x = 0; x < m; x++) {
        const a = nz[x] ?? 0;
        const ra = r[a] ?? 0;
        g[a] = (g[a] ?? 0) + e * ra;
        const sa = s * ra;
        for (let u = 0; u <= x; u++) {
          const b = nz[u] ?? 0;
          h[a * d + b] = (h[a * d + b] ?? 0) + sa * (r[b] ?? 0);
        }
      }
    });
    for (let a = 0; a < d; a++) {
      const pen = a === 0 ? 1e-6 : l2;
      h[a * d + a] = (h[a * d + a] ?? 0) + pen;
      g[a] = (g[a] ?? 0) + pen * (w[a] ?? 0);
    }
    const step = choleskySolve(h, d, g);
    let max = 0;
    for (let a = 0; a < d; a++) {
      w[a] = (w[a] ?? 0) - (step[a] ?? 0);
      max = Math.max(max, Math.abs(step[a] ?? 0));
    }
    if (max < 1e-7) break;
  }
  return Array.from(w);
};

const fromParts = (file: QuantileLogitFile): QuantileLogit => ({
  predict: (rows) => rows.map((r) => sigmoid(dot(file.weights, basis(file.grid, r)))),
  toJSON: () => file,
});

export const trainQuantileLogit = (
  x: readonly (readonly number[])[],
  y: readonly number[],
  l2 = 1,
): QuantileLogit => {
  const d = x[0]?.length ?? 0;
  const grid = Array.from({ length: d }, (_, j) => quantileGrid(x.map((r) => r[j] ?? NaN)));
  const weights = fitLogit(
    x.map((r) => basis(grid, r)),
    y,
    l2,
  );
  return fromParts({ name: 'quantile-logit', l2, grid, weights });
};

/** A saved model; the caller checks it against QuantileLogitSchema first. */
export const loadQuantileLogit = (file: QuantileLogitFile): QuantileLogit => {
  const expected = 1 + file.grid.length * (2 + KNOTS.length);
  if (file.weights.length !== expected)
    throw new DomainError(
      'invalid_value',
      `quantile-logit has ${file.weights.length} weights, expected ${expected}`,
      'weights',
    );
  return fromParts(file);
};
