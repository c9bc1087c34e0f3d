/**
 * Training of the linear SMS models by stochastic gradient descent on the multinomial log-loss with
 * L2 regularisation, in a seeded order, so `npm run train:sms` gives the same weights on every run.
 * Used by scripts/sms/train.ts and, per fold, by scripts/sms/eval.ts.
 */
import { createLinearModel, predictProbabilities, type LinearModel } from './sms.model.ts';
import type { FeatureVector } from './sms.features.ts';

export interface TrainingExample {
  readonly features: FeatureVector;
  /** Index into the model's classes. */
  readonly label: number;
  /**
   * A partial label: the example is known to be one of these classes, not which (an English spam
   * text that may be spam or smishing). The loss is −log of their summed probability.
   */
  readonly anyOf?: readonly number[];
  readonly weight?: number;
}

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
  /** Return the average of the weights over the steps (averaged SGD) instead of the last ones. */
  readonly average?: boolean;
  /** With `average`: the epoch (from 0) whose steps the average starts with; earlier ones are burn-in. */
  readonly averageFromEpoch?: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 12, learningRate: 0.4, l2: 1e-6, seed: 7 };

const shuffledOrder = (n: number, seed: number): Uint32Array => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = tmp;
  }
  return order;
};

export const trainLinearModel = (
  classes: readonly string[],
  bits: number,
  examples: readonly TrainingExample[],
  options: TrainingOptions = DEFAULT_TRAINING,
): LinearModel => {
  const model = createLinearModel(classes, bits);
  const k = classes.length;
  const w = model.weights;
  const probabilities = new Float64Array(k);
  // Averaged SGD without a pass over the table per step. The mean of the iterates w_{t0+1} … w_T is
  // w_T + u / (T − t0) with u = Σ_{j>t0} (j − t0 − 1) · update_j, which is accumulated as updates happen.
  const u = options.average ? new Float64Array(w.length) : undefined;
  const ub = new Float64Array(k);
  // Steps before the averaged ones.
  const t0 = examples.length * Math.min(options.averageFromEpoch ?? 0, options.epochs);
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffledOrder(examples.length, options.seed + epoch);
    for (const index of order) {
      const ex = examples[index];
      if (!ex) continue;
      const rate = options.learningRate / (1 + t * 1e-5);
      t++;
      predictProbabilities(model, ex.features.hashes, ex.features.values, probabilities);
      const sampleWeight = ex.weight ?? 1;
      const { hashes, values } = ex.features;
      const anyOf = ex.anyOf;
      let setProbability = 0;
      if (anyOf) for (const c of anyOf) setProbability += probabilities[c] ?? 0;
      for (let c = 0; c < k; c++) {
        const p = probabilities[c] ?? 0;
        // d(−log Σ_{s∈S} p_s)/dz_c = p_c − [c ∈ S]·p_c / Σ_{s∈S} p_s; one label is the case S = {label}.
        const target = anyOf
          ? anyOf.includes(c)
            ? p / Math.max(setProbability, 1e-12)
            : 0
          : c === ex.label
            ? 1
            : 0;
        const gradient = (p - target) * sampleWeight;
        model.bias[c] = (model.bias[c] ?? 0) - rate * gradient * 0.1;
        if (t > t0) ub[c] = (ub[c] ?? 0) + (t - t0 - 1) * rate * gradient * 0.1;
        if (gradient === 0) continue;
        for (let i = 0; i < hashes.length; i++) {
          const at = (hashes[i] ?? 0) * k + c;
          const current = w[at] ?? 0;
          const step = rate * (gradient * (values[i] ?? 0) + options.l2 * current);
          w[at] = current - step;
          if (u && t > t0) u[at] = (u[at] ?? 0) + (t - t0 - 1) * step;
        }
      }
    }
  }
  if (u && t > t0) {
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) + (u[i] ?? 0) / (t - t0);
    for (let c = 0; c < k; c++) model.bias[c] = (model.bias[c] ?? 0) + (ub[c] ?? 0) / (t - t0);
  }
  return model;
};
