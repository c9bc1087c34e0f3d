/**
 * Compact per-key state for the engine. Memory per active number is fixed at creation (typed arrays
 * for day buckets and callee/caller bitmaps, small capped lists for devices, cells and cities), so it
 * is bounded whatever a number does; see STATE_BYTES_PER_NUMBER.
 */

/** Per-day counters, one Float64 slot each. */
export const C = {
  outCalls: 0,
  inCalls: 1,
  forwarded: 2,
  outShort: 3,
  outNight: 4,
  outDuration: 5,
  inDuration: 6,
  oneRing: 7,
  smsOut: 8,
  smsIn: 9,
  locations: 10,
  awayEvents: 11,
  outDurationMax: 12,
  events: 13,
} as const;
export const COUNTERS = 14;
/** Bits per distinct-number bitmap (linear counting: accurate to a few % up to ~1,000 distinct). */
export const BITMAP_BITS = 1024;
export const BITMAP_WORDS = BITMAP_BITS / 32;
/** Recent outgoing call times kept for the regularity (machine-gap) test. */
export const GAP_SAMPLES = 48;
/** Capped lists: a number with more devices or cells than this is already extreme on that measure. */
export const LIST_CAP = 16;

export const hash32 = (s: string, seed = 0x811c9dc5): number => {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV-1a's low bits are poorly mixed for near-identical strings (consecutive numbers): finish with murmur3's fmix32.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Distinct values seen, each with first and last event time (min/max are order-independent). */
export class SeenList {
  readonly values: string[] = [];
  readonly first: number[] = [];
  readonly last: number[] = [];
  constructor(private readonly cap: number = LIST_CAP) {}
  add(value: string, t: number): void {
    const i = this.values.indexOf(value);
    if (i >= 0) {
      if (t < (this.first[i] ?? t)) this.first[i] = t;
      if (t > (this.last[i] ?? t)) this.last[i] = t;
      return;
    }
    if (this.values.length >= this.cap) return;
    this.values.push(value);
    this.first.push(t);
    this.last.push(t);
  }
  /** Values seen at some time in [from, to]. */
  countIn(from: number, to: number): number {
    let n = 0;
    for (let i = 0; i < this.values.length; i++)
      if ((this.first[i] ?? 0) <= to && (this.last[i] ?? 0) >= from) n++;
    return n;
  }
  valuesIn(from: number, to: number): string[] {
    return this.values.filter((_, i) => (this.first[i] ?? 0) <= to && (this.last[i] ?? 0) >= from);
  }
}

export interface Registration {
  readonly identity: string;
  readonly place: string;
  readonly time: number;
  readonly iot: boolean;
  readonly boundImei: string | undefined;
  readonly boundArea: string | undefined;
}

export class NumberState {
  /** ring × COUNTERS */
  readonly counts: Float64Array;
  /** ring × (callees bitmap, callers bitmap) */
  readonly bits: Uint32Array;
  /** Which day each ring slot holds (-1: empty). */
  readonly slotDay: Int32Array;
  /** Most recent outgoing call start times, sorted ascending. */
  readonly gaps = new Float64Array(GAP_SAMPLES);
  readonly imeis = new SeenList();
  readonly cities = new SeenList();
  /** Cells: 8 are plenty to tell a fixed box from a person who moves about. */
  readonly cells = new SeenList(8);
  lastCity: string | undefined;
  lastRegion: string | undefined;
  registration: Registration | undefined;
  userCity: string | undefined;
  traffic = 0;
  arpu = NaN;
  constructor(
    readonly phone: string,
    readonly ring: number,
  ) {
    this.counts = new Float64Array(ring * COUNTERS);
    this.bits = new Uint32Array(ring * BITMAP_WORDS * 2);
    this.slotDay = new Int32Array(ring).fill(-1);
  }

  /** The slot for a day, cleared if it held an older day; undefined when the day is older than the ring. */
  slot(day: number): number | undefined {
    const s = day % this.ring;
    const held = this.slotDay[s] ?? -1;
    if (held === day) return s;
    if (held > day) return undefined;
    this.slotDay[s] = day;
    this.counts.fill(0, s * COUNTERS, (s + 1) * COUNTERS);
    this.bits.fill(0, s * BITMAP_WORDS * 2, (s + 1) * BITMAP_WORDS * 2);
    return s;
  }

  /** How many of `gaps` are filled (from index 0, ascending). */
  gapCount = 0;

  /** Keeps the GAP_SAMPLES latest outgoing call times: the kept set is the same whatever the arrival order. */
  addGap(t: number): void {
    const g = this.gaps;
    let n = this.gapCount;
    if (n === GAP_SAMPLES && t <= (g[0] ?? 0)) return;
    let i = n;
    while (i > 0 && (g[i - 1] ?? 0) > t) i--;
    if (i > 0 && g[i - 1] === t) return;
    if (n === GAP_SAMPLES) {
      // drop the oldest, shifting the ones before the insertion point left
      g.copyWithin(0, 1, i);
      g[i - 1] = t;
      return;
    }
    g.copyWithin(i + 1, i, n);
    g[i] = t;
    this.gapCount = ++n;
  }
}

/** Bytes held per number by NumberState's arrays for a given ring (the lists add ≤ 3 × LIST_CAP entries). */
export const stateBytesPerNumber = (ring: number): number =>
  ring * COUNTERS * 8 + ring * BITMAP_WORDS * 2 * 4 + ring * 4 + GAP_SAMPLES * 8;

export const setBit = (bits: Uint32Array, offset: number, h: number): void => {
  const b = h % BITMAP_BITS;
  const w = offset + (b >>> 5);
  bits[w] = (bits[w] ?? 0) | (1 << (b & 31));
};

/** Linear-counting estimate of distinct values from the union of bitmaps at the given word offsets. */
export const distinctEstimate = (
  bits: Uint32Array,
  offsets: readonly number[],
  intersectWith?: readonly number[],
): number => {
  let zeros = 0;
  for (let w = 0; w < BITMAP_WORDS; w++) {
    let u = 0;
    for (const o of offsets) u |= bits[o + w] ?? 0;
    if (intersectWith) {
      let v = 0;
      for (const o of intersectWith) v |= bits[o + w] ?? 0;
      u &= v;
    }
    zeros += 32 - popcount(u);
  }
  if (zeros === 0) return BITMAP_BITS * Math.log(BITMAP_BITS);
  return -BITMAP_BITS * Math.log(zeros / BITMAP_BITS);
};

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};
