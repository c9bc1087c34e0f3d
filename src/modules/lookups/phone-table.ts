/**
 * A compact open-addressing hash table for phone numbers, the bulk of the hot index (millions of
 * values). An E.164 number has at most 15 digits, so it fits exactly in a double: the key costs 8 bytes
 * and no string is kept. With two 32-bit info words per slot and a load factor ≤ 0.7 a number costs
 * about 16 / 0.5 ≈ 23–32 bytes held (measured by `npm run bench lookups`).
 */
const EMPTY = 0;
const MAX_LOAD = 0.7;

export const phoneKey = (e164: string): number => {
  // "+8613800138000" → 8613800138000; anything else is not a number we hold
  if (e164.length < 4 || e164.length > 16 || e164.charCodeAt(0) !== 43) return -1;
  let n = 0;
  for (let i = 1; i < e164.length; i++) {
    const d = e164.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};

const hash = (k: number): number => {
  const lo = k >>> 0;
  const hi = (k / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

export class PhoneTable {
  private keys: Float64Array;
  private infoA: Uint32Array;
  private infoB: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 1024;
    while (cap * MAX_LOAD < initialCapacity) cap *= 2;
    this.keys = new Float64Array(cap);
    this.infoA = new Uint32Array(cap);
    this.infoB = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.keys.byteLength + this.infoA.byteLength + this.infoB.byteLength;
  }

  /** Slot index of the key, or -1. */
  find(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = hash(key) & mask;
    for (;;) {
      const k = keys[i];
      if (k === key) return i;
      if (k === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  infoAt(slot: number): { a: number; b: number } {
    return { a: this.infoA[slot] ?? 0, b: this.infoB[slot] ?? 0 };
  }
  aAt(slot: number): number {
    return this.infoA[slot] ?? 0;
  }
  bAt(slot: number): number {
    return this.infoB[slot] ?? 0;
  }

  set(key: number, a: number, b: number): void {
    if (key <= 0) return;
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = hash(key) & mask;
    for (;;) {
      const k = keys[i];
      if (k === key) break;
      if (k === EMPTY) {
        keys[i] = key;
        this.count++;
        break;
      }
      i = (i + 1) & mask;
    }
    this.infoA[i] = a;
    this.infoB[i] = b;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldA = this.infoA;
    const oldB = this.infoB;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap);
    this.infoA = new Uint32Array(cap);
    this.infoB = new Uint32Array(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i] ?? EMPTY;
      if (k !== EMPTY) this.set(k, oldA[i] ?? 0, oldB[i] ?? 0);
    }
  }
}
