/** Seeded pseudo-random numbers (mulberry32): the generator and the folds are reproducible from a seed. */
export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number;
  readonly int: (minInclusive: number, maxExclusive: number) => number;
  readonly chance: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** Exponential with the given mean. */
  readonly exponential: (mean: number) => number;
  /** Standard normal (Box–Muller). */
  readonly normal: (mean: number, sd: number) => number;
}

export const mulberry32 = (seed: number): Random => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const v = items[int(0, items.length)];
      if (v === undefined) throw new RangeError('pick from an empty list');
      return v;
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
};
