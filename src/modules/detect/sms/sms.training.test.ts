import { describe, expect, it } from 'vitest';
import type { FeatureVector } from './sms.features.ts';
import { predictProbabilities } from './sms.model.ts';
import { trainLinearModel, type TrainingExample } from './sms.training.ts';

const vector = (...hashes: number[]): FeatureVector => {
  const value = 1 / Math.sqrt(hashes.length);
  return {
    hashes: Int32Array.from(hashes),
    values: new Float32Array(hashes.length).fill(value),
    value,
    starts: new Int32Array(hashes.length),
    ends: new Int32Array(hashes.length),
  };
};
const classes = ['normal', 'spam', 'fraud'];
const options = { epochs: 20, learningRate: 0.5, l2: 1e-6, seed: 1 };

describe('trainLinearModel', () => {
  it('trains a one-class partial label exactly as the plain label', () => {
    const plain: TrainingExample[] = [
      { features: vector(1, 2), label: 0 },
      { features: vector(2, 3), label: 2, weight: 3 },
    ];
    const partial = plain.map((e) => ({ ...e, anyOf: [e.label] }));
    const a = trainLinearModel(classes, 8, plain, options);
    const b = trainLinearModel(classes, 8, partial, options);
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(Array.from(b.bias)).toEqual(Array.from(a.bias));
  });

  it('pushes a partial label away from the classes outside it and leaves the split inside to the rest', () => {
    const examples: TrainingExample[] = [
      // Feature 5 is seen only on "spam or fraud" examples; feature 6 only on fraud.
      ...Array.from({ length: 20 }, () => ({ features: vector(5), label: 1, anyOf: [1, 2] })),
      ...Array.from({ length: 20 }, () => ({ features: vector(7), label: 0 })),
      ...Array.from({ length: 20 }, () => ({ features: vector(5, 6), label: 2 })),
    ];
    const model = trainLinearModel(classes, 8, examples, options);
    const unknown = vector(5);
    const p = predictProbabilities(model, unknown.hashes, unknown.values);
    expect((p[1] ?? 0) + (p[2] ?? 0)).toBeGreaterThan(0.9);
    // With a plain `spam` label the same examples would make feature 5 mean spam; partial, it does not.
    const plain = trainLinearModel(
      classes,
      8,
      examples.map(({ features, label }) => ({ features, label })),
      options,
    );
    const q = predictProbabilities(plain, unknown.hashes, unknown.values);
    expect((p[2] ?? 0) / (p[1] ?? 1)).toBeGreaterThan((q[2] ?? 0) / (q[1] ?? 1));
  });

  it('returns the mean of the SGD iterates when asked to average', () => {
    // One example, so the order is fixed and the iterates can be replayed here.
    const example: TrainingExample = { features: vector(3, 4), label: 2, weight: 2 };
    const plain = { epochs: 4, learningRate: 0.5, l2: 1e-3, seed: 1 };
    const averaged = trainLinearModel(classes, 8, [example], { ...plain, average: true });
    const sum = new Float64Array(averaged.weights.length);
    const sumBias = new Float64Array(3);
    for (let epochs = 1; epochs <= 4; epochs++) {
      const iterate = trainLinearModel(classes, 8, [example], { ...plain, epochs });
      iterate.weights.forEach((w, i) => (sum[i] = (sum[i] ?? 0) + w / 4));
      iterate.bias.forEach((b, c) => (sumBias[c] = (sumBias[c] ?? 0) + b / 4));
    }
    for (const at of [3 * 3, 3 * 3 + 2, 4 * 3 + 1]) expect(averaged.weights[at]).toBeCloseTo(sum[at] ?? 0, 6);
    expect(Array.from(averaged.bias).map((b, c) => b - (sumBias[c] ?? 0))).toEqual([
      expect.closeTo(0, 6),
      expect.closeTo(0, 6),
      expect.closeTo(0, 6),
    ]);
    // From epoch 2 on: the mean of the third and fourth iterates only.
    const tail = trainLinearModel(classes, 8, [example], { ...plain, average: true, averageFromEpoch: 2 });
    const third = trainLinearModel(classes, 8, [example], { ...plain, epochs: 3 });
    const fourth = trainLinearModel(classes, 8, [example], { ...plain, epochs: 4 });
    expect(tail.weights[3 * 3 + 2]).toBeCloseTo(
      ((third.weights[11] ?? 0) + (fourth.weights[11] ?? 0)) / 2,
      6,
    );
    expect(tail.bias[2]).toBeCloseTo(((third.bias[2] ?? 0) + (fourth.bias[2] ?? 0)) / 2, 6);
    // The last iterate is not the mean: the test would fail if `average` were ignored.
    const last = trainLinearModel(classes, 8, [example], plain);
    expect(Math.abs((last.weights[3 * 3 + 2] ?? 0) - (sum[3 * 3 + 2] ?? 0))).toBeGreaterThan(1e-3);
  });
});
