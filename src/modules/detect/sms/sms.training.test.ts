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
});
