/**
 * The LSH band buckets of template clustering: band key → the first few member indexes that fell in
 * it, in arrival order. Keys are 32-bit hashes, which a `Map` stores as heap numbers (half of them do
 * not fit a small integer), so every lookup allocated and hashed a boxed double; this open-addressing
 * table keeps keys and members in typed arrays instead, with the same contents a Map would hold.
 */
export class LshBuckets {
  /** Members kept per bucket: a few are enough to reach every cluster in it (see TemplateClusterer). */
  static readonly SLOTS = 4;
  private keys: Int32Array;
  /** How many members each slot holds; 0 marks an empty slot. */
  private counts: Uint8Array;
  private members: Int32Array;
  private size = 0;

  constructor(capacity = 1024) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Int32Array(slots);
    this.counts = new Uint8Array(slots);
    this.members = new Int32Array(slots * LshBuckets.SLOTS);
  }

  /** The slot of `key`: where it is, or the empty slot where it would go. */
  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    let at = (Math.imul(key, 0x9e3779b1) >>> 7) & mask;
    while (this.counts[at] !== 0 && this.keys[at] !== key) at = (at + 1) & mask;
    return at;
  }

  /**
   * Calls `visit` on each member already in the bucket of `key` (oldest first), then adds `index`
   * when the bucket has room: the Map version's get, iterate, push-if-fewer-than-4.
   */
  visitAndAdd(key: number, index: number, visit: (member: number) => void): void {
    const k = key | 0;
    let at = this.slotOf(k);
    const count = this.counts[at] ?? 0;
    for (let m = 0; m < count; m++) visit(this.members[at * LshBuckets.SLOTS + m] ?? 0);
    if (count >= LshBuckets.SLOTS) return;
    if (count === 0) {
      if (2 * (this.size + 1) > this.keys.length) {
        this.grow();
        at = this.slotOf(k);
      }
      this.keys[at] = k;
      this.size++;
    }
    this.members[at * LshBuckets.SLOTS + count] = index;
    this.counts[at] = count + 1;
  }

  private grow(): void {
    const { keys, counts, members } = this;
    const slots = keys.length * 2;
    this.keys = new Int32Array(slots);
    this.counts = new Uint8Array(slots);
    this.members = new Int32Array(slots * LshBuckets.SLOTS);
    for (let from = 0; from < keys.length; from++) {
      const count = counts[from] ?? 0;
      if (count === 0) continue;
      const to = this.slotOf(keys[from] ?? 0);
      this.keys[to] = keys[from] ?? 0;
      this.counts[to] = count;
      const s = LshBuckets.SLOTS;
      this.members.set(members.subarray(from * s, from * s + count), to * s);
    }
  }
}
