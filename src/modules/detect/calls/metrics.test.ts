import { describe, expect, it } from 'vitest';
import { bestThreshold, confusion, macroF1, rocAuc, stratifiedFolds } from './metrics.ts';
import { mulberry32 } from './prng.ts';

describe('call metrics', () => {
  it('gives AUC 1 for a perfect ranking, 0 for a reversed one and 0.5 for ties', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('computes macro-F1 as the mean of both classes', () => {
    // fraud: tp 1, fp 1, fn 1 → F1 0.5; normal: tp 1, fp 1, fn 1 → 0.5
    expect(macroF1([1, 1, 0, 0], [1, 0, 1, 0])).toBeCloseTo(0.5);
    expect(confusion([1, 1, 0, 0], [1, 0, 1, 0])).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
  });

  it('picks the threshold that separates the classes', () => {
    const t = bestThreshold([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 0, 1, 1, 1]);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.7);
  });

  it('stratifies folds and is reproducible from the seed', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));
    const a = stratifiedFolds(labels, 5, mulberry32(3).next);
    expect(stratifiedFolds(labels, 5, mulberry32(3).next)).toEqual(a);
    for (let f = 0; f < 5; f++) expect(labels.filter((l, i) => l === 1 && a[i] === f)).toHaveLength(6);
  });
});
