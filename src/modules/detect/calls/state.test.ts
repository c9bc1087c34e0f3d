import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BITMAP_WORDS, distinctEstimate, GAP_SAMPLES, hash32, NumberState, setBit } from './state.ts';

describe('engine state', () => {
  it('keeps the same latest call times whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 120 }),
        fc.integer(),
        (times, seed) => {
          const a = new NumberState('a', 9);
          const b = new NumberState('b', 9);
          for (const t of times) a.addGap(t);
          const shuffled = [...times].sort((x, y) => hash32(`${x}|${seed}`) - hash32(`${y}|${seed}`));
          for (const t of shuffled) b.addGap(t);
          const expected = [...times].sort((x, y) => x - y).slice(-GAP_SAMPLES);
          expect([...a.gaps.slice(0, a.gapCount)]).toEqual(expected);
          expect([...b.gaps.slice(0, b.gapCount)]).toEqual(expected);
        },
      ),
    );
  });

  it('estimates distinct callees within a few percent', () => {
    const bits = new Uint32Array(BITMAP_WORDS * 2);
    for (let i = 0; i < 300; i++) setBit(bits, 0, hash32(`1380000${i}`));
    const est = distinctEstimate(bits, [0]);
    expect(est).toBeGreaterThan(280);
    expect(est).toBeLessThan(320);
  });
});
