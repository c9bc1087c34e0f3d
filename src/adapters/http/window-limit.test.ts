import { describe, expect, it } from 'vitest';
import { windowLimit } from './window-limit.ts';

describe('windowLimit', () => {
  it('allows max requests per client per window, says when to come back, and starts afresh', () => {
    let t = 1_000_000;
    const limit = windowLimit(3, 60_000, () => t);
    expect([1, 2, 3].map(() => limit.hit('a'))).toEqual([undefined, undefined, undefined]);
    t += 15_000;
    expect(limit.hit('a')).toBe(45);
    // Another client has its own count.
    expect(limit.hit('b')).toBeUndefined();
    // The window turns on its boundary, not 60 s after the last request.
    t += 45_000;
    expect(limit.hit('a')).toBeUndefined();
    t += 130_000; // two windows and 10 s later
    expect([1, 2, 3, 4].map(() => limit.hit('a'))).toEqual([undefined, undefined, undefined, 50]);
  });

  it('takes a request only while the client is within the limit, sharing the count with hit', () => {
    let t = 1_000_000;
    const limit = windowLimit(3, 60_000, () => t);
    expect([limit.take('a'), limit.hit('a'), limit.take('a')]).toEqual([true, undefined, true]);
    // Over the limit `take` refuses and counts nothing: the refusal is the Fastify route's `hit` to count.
    expect(limit.take('a')).toBe(false);
    expect(limit.take('a')).toBe(false);
    expect(limit.hit('a')).toBe(60);
    expect(limit.take('b')).toBe(true);
    t += 60_000;
    expect(limit.take('a')).toBe(true);
  });
});
