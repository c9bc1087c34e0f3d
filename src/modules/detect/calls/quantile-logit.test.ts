import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { rocAuc } from './metrics.ts';
import { mulberry32 } from './prng.ts';
import { loadQuantileLogit, QuantileLogitSchema, trainQuantileLogit } from './quantile-logit.ts';

/** Rows with a bump-shaped signal in feature 0 (a linear model on raw values cannot rank it), noise in 1. */
const sample = (n: number, seed: number): { x: number[][]; y: number[] } => {
  const r = mulberry32(seed).next;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 100;
    const missing = r() < 0.1;
    const p = missing ? 0.9 : a > 40 && a < 60 ? 0.85 : 0.1;
    x.push([missing ? NaN : a, r()]);
    y.push(r() < p ? 1 : 0);
  }
  return { x, y };
};

describe('quantile-logit (the additive logistic model of the fraud-number ensemble)', () => {
  it('learns a non-monotone effect and a missing-value effect from the training rows', () => {
    const train = sample(2000, 1);
    const test = sample(1000, 2);
    const m = trainQuantileLogit(train.x, train.y);
    const scores = m.predict(test.x);
    expect(rocAuc(scores, test.y)).toBeGreaterThan(0.8);
    const [inBump = 0, below = 0, above = 0, missing = 0] = m.predict([
      [50, 0.5],
      [10, 0.5],
      [90, 0.5],
      [NaN, 0.5],
    ]);
    expect(inBump).toBeGreaterThan(below + 0.3);
    expect(inBump).toBeGreaterThan(above + 0.3);
    expect(missing).toBeGreaterThan(0.6);
  });

  it('saves to a schema-checked file that predicts the same, and rejects a file of the wrong shape', () => {
    const { x, y } = sample(500, 3);
    const m = trainQuantileLogit(x, y);
    const file: unknown = JSON.parse(JSON.stringify(m.toJSON()));
    expect(Value.Check(QuantileLogitSchema, file)).toBe(true);
    if (!Value.Check(QuantileLogitSchema, file)) return;
    expect(loadQuantileLogit(file).predict(x.slice(0, 50))).toEqual(m.predict(x.slice(0, 50)));
    expect(() => loadQuantileLogit({ ...file, weights: file.weights.slice(1) })).toThrow(/weights/);
  });
});
