/**
 * The transaction graph kept in memory, account by account, over a sliding window of days. Accounts
 * are interned to integer ids and their running totals live in typed arrays; each account keeps its
 * day buckets (counts and sums per day, sorted by day) and a log of its transfers in the window (day,
 * counterparty, direction). A bucket that falls out of the window is subtracted from the totals when
 * the account is next touched, so a transfer costs O(1) and a record arriving late, or in another
 * order, leaves the same state as the in-order stream (within the window). Duplicates are dropped by
 * record id. Pure: no I/O, no clock.
 *
 * Counterparties are kept per account and direction as id → slot; a slot holds the transfers with that
 * counterparty in the window and the first day seen. Each account also keeps, incrementally, how many
 * distinct counterparties it has (either direction), how many of them show same-day repeats
 * ("structured") and how many payers first paid it on each day, so scoring reads a handful of numbers
 * rather than walking its counterparties.
 */
import type { TransferRecord } from './transfers.types.ts';

export const DAY_MS = 86_400_000;

export interface EngineOptions {
  /** Days a transfer counts for. */
  readonly windowDays: number;
  /** Record ids remembered for de-duplication (the oldest are forgotten beyond this). */
  readonly maxRememberedIds: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { windowDays: 180, maxRememberedIds: 5_000_000 };

/** A day bucket's fields, in one Float64Array per account (counts are exact integers there). */
const STRIDE = 6;
const IN_COUNT = 1;
const OUT_COUNT = 2;
const IN_SUM = 3;
const OUT_SUM = 4;
const FIRST_PAYERS = 5;

/** Direction of money as seen by an account: in from a payer, out to a payee. */
const IN = 0;
const OUT = 1;

const grownI32 = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};
/** The largest repeat count still tallied, at most `from` (expiry only lowers it). */
const largest = (seen: readonly number[], from: number): number => {
  let m = from;
  while (m > 0 && !((seen[m] ?? 0) > 0)) m--;
  return m;
};
const grownF64 = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};

/**
 * One account's day buckets, oldest first, and its transfer log (4 ints per transfer: day,
 * counterparty id, direction, and how many transfers with that counterparty that day it made, itself
 * included). Both grow by doubling and are reused. The log is in day order unless a late record came;
 * then expiry scans it whole once and finds it ordered again.
 */
class Days {
  /** Buckets, STRIDE numbers each: day, transfers in, out, sums in, out, payers first seen that day. */
  b = new Float64Array(4 * STRIDE);
  length = 0;
  log = new Int32Array(16);
  /** Transfers in the log: from `logHead` (expired ones before it) to `logEnd`. */
  logHead = 0;
  logEnd = 0;
  logSorted = true;
  /** Per direction: logged transfers by their same-day repeat count (the largest is the max repeat). */
  readonly repeatsSeen: [number[], number[]] = [[], []];

  /** Index of the bucket for `day`, inserted in order if missing (almost always the newest day). */
  bucket(day: number): number {
    let i = this.length - 1;
    while (i >= 0 && (this.b[i * STRIDE] ?? 0) > day) i--;
    if (i >= 0 && this.b[i * STRIDE] === day) return i;
    const at = i + 1;
    this.b = grownF64(this.b, (this.length + 1) * STRIDE);
    if (at < this.length) this.b.copyWithin((at + 1) * STRIDE, at * STRIDE, this.length * STRIDE);
    this.b.fill(0, at * STRIDE, (at + 1) * STRIDE);
    this.b[at * STRIDE] = day;
    this.length++;
    return at;
  }

  /** Index of the bucket for `day`, or -1. */
  find(day: number): number {
    for (let i = this.length - 1; i >= 0; i--) {
      const d = this.b[i * STRIDE] ?? 0;
      if (d === day) return i;
      if (d < day) return -1;
    }
    return -1;
  }

  dayAt(i: number): number {
    return this.b[i * STRIDE] ?? 0;
  }

  /** Adds `by` to one field of bucket `i`. */
  bump(i: number, field: number, by: number): void {
    const at = i * STRIDE + field;
    this.b[at] = (this.b[at] ?? 0) + by;
  }

  get(i: number, field: number): number {
    return this.b[i * STRIDE + field] ?? 0;
  }

  logTransfer(day: number, peer: number, dir: number, repeat: number): void {
    if (this.logEnd > this.logHead && day < (this.log[(this.logEnd - 1) * 4] ?? 0)) this.logSorted = false;
    if (this.logHead > 0 && (this.logEnd + 1) * 4 > this.log.length) {
      this.log.copyWithin(0, this.logHead * 4, this.logEnd * 4);
      this.logEnd -= this.logHead;
      this.logHead = 0;
    }
    const at = this.logEnd * 4;
    this.log = grownI32(this.log, at + 4);
    this.log[at] = day;
    this.log[at + 1] = peer;
    this.log[at + 2] = dir;
    this.log[at + 3] = repeat;
    this.logEnd++;
    const seen = this.repeatsSeen[dir] as number[];
    seen[repeat] = (seen[repeat] ?? 0) + 1;
  }

  /** Transfers logged with `peer` in direction `dir` on `day` (a late record counts its day's repeats). */
  countLogged(day: number, peer: number, dir: number): number {
    let n = 0;
    for (let at = this.logHead * 4; at < this.logEnd * 4; at += 4)
      if (this.log[at] === day && this.log[at + 1] === peer && this.log[at + 2] === dir) n++;
    return n;
  }
}

/** A read-only view of one account, for explanations and scripts (the hot path reads the arrays). */
export interface AccountState {
  readonly id: number;
  readonly account: string;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly inCount: number;
  readonly outCount: number;
  readonly inSum: number;
  readonly outSum: number;
  readonly maxRepeatIn: number;
  readonly maxRepeatOut: number;
  readonly institution: string | undefined;
  /** Counterparties in the window, in the order first met (account numbers). */
  readonly payers: { readonly size: number; keys(): IterableIterator<string> };
  readonly payees: { readonly size: number; keys(): IterableIterator<string> };
}

export class MuleEngine {
  readonly options: EngineOptions;
  /** The newest day seen: the window ends here. */
  newestDay = Number.NEGATIVE_INFINITY;

  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly institutions: (string | undefined)[] = [];
  private readonly days: Days[] = [];
  /** Per account and direction: counterparty id → slot. */
  private readonly peers: [Map<number, number>, Map<number, number>][] = [];
  private capacity = 1024;
  firstDayOf = new Int32Array(this.capacity);
  lastDayOf = new Int32Array(this.capacity);
  inCountOf = new Int32Array(this.capacity);
  outCountOf = new Int32Array(this.capacity);
  inSumOf = new Float64Array(this.capacity);
  outSumOf = new Float64Array(this.capacity);
  maxRepeatInOf = new Int32Array(this.capacity);
  maxRepeatOutOf = new Int32Array(this.capacity);
  /** Distinct counterparties in either direction, and how many of them are structured. */
  degreeOf = new Int32Array(this.capacity);
  structuredPeersOf = new Int32Array(this.capacity);

  /**
   * Slots: owner, counterparty, direction, transfers in the window, first day, place in refs, and
   * (payer side) the newest day with that payee and the transfers made that day.
   */
  private slotCapacity = 4096;
  private slotOwner = new Int32Array(this.slotCapacity);
  private slotPeer = new Int32Array(this.slotCapacity);
  private slotDir = new Int32Array(this.slotCapacity);
  private slotCount = new Int32Array(this.slotCapacity);
  private slotFirst = new Int32Array(this.slotCapacity);
  private slotRef = new Int32Array(this.slotCapacity);
  private slotLastDay = new Int32Array(this.slotCapacity);
  private slotLastCount = new Int32Array(this.slotCapacity);
  private slotTop = 0;
  private readonly freeSlots: number[] = [];
  /** Per account: the slots (of other accounts) that name it as a counterparty. */
  private readonly refs: number[][] = [];

  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private seenHead = 0;

  constructor(options: EngineOptions = DEFAULT_ENGINE_OPTIONS) {
    this.options = options;
  }

  /** The first day still inside the window. */
  get horizonDay(): number {
    return this.newestDay - this.options.windowDays + 1;
  }

  /** Accounts seen, in the order first seen. */
  get size(): number {
    return this.names.length;
  }

  accountNames(): readonly string[] {
    return this.names;
  }

  /** The account's id, or -1 if never seen. */
  idOf(account: string): number {
    return this.ids.get(account) ?? -1;
  }

  nameOf(id: number): string {
    return this.names[id] ?? '';
  }

  has(account: string): boolean {
    return this.ids.has(account);
  }

  institutionOf(account: string): string | undefined {
    const id = this.ids.get(account);
    return id === undefined ? undefined : this.institutions[id];
  }

  isStructured(id: number): boolean {
    return (this.maxRepeatInOf[id] ?? 0) > 1 || (this.maxRepeatOutOf[id] ?? 0) > 1;
  }

  /** Counterparty ids in the window, payers or payees, in the order first met. */
  payerIds(id: number): IterableIterator<number> {
    return this.peerMap(id, IN).keys();
  }

  payeeIds(id: number): IterableIterator<number> {
    return this.peerMap(id, OUT).keys();
  }

  payerCount(id: number): number {
    return this.peerMap(id, IN).size;
  }

  payeeCount(id: number): number {
    return this.peerMap(id, OUT).size;
  }

  hasPayer(id: number, peer: number): boolean {
    return this.peerMap(id, IN).has(peer);
  }

  /** Money that came in and left on the same day, summed oldest day first. */
  sameDayFlow(id: number): number {
    const d = this.days[id];
    if (!d) return 0;
    let both = 0;
    for (let i = 0; i < d.length; i++) both += Math.min(d.get(i, IN_SUM), d.get(i, OUT_SUM));
    return both;
  }

  /** Payers whose first transfer to the account fell on or after `since`. */
  payersFirstSince(id: number, since: number): number {
    const d = this.days[id];
    if (!d) return 0;
    let n = 0;
    for (let i = d.length - 1; i >= 0 && d.dayAt(i) >= since; i--) n += d.get(i, FIRST_PAYERS);
    return n;
  }

  /**
   * Adds one transfer. Returns 'added', 'duplicate' (record id already seen) or 'expired' (older than
   * the window: it could no longer change any feature).
   */
  add(r: TransferRecord): 'added' | 'duplicate' | 'expired' {
    if (this.seen.has(r.recordId)) return 'duplicate';
    const day = Math.floor(r.time / DAY_MS);
    if (day > this.newestDay) this.newestDay = day;
    if (day < this.horizonDay) return 'expired';
    this.remember(r.recordId);
    const payer = this.account(r.payer, day);
    const payee = this.account(r.payee, day);
    if (r.institution) this.institutions[payee] = r.institution;
    const repeat = this.flow(payer, OUT, payee, r.amount, day, 0);
    this.flow(payee, IN, payer, r.amount, day, repeat);
    return 'added';
  }

  /** The account's id with buckets older than the window removed, or -1 if never seen. */
  touch(account: string): number {
    const id = this.ids.get(account);
    if (id === undefined) return -1;
    this.expire(id);
    return id;
  }

  /** A view of the account with buckets older than the window removed, or undefined if never seen. */
  state(account: string): AccountState | undefined {
    const id = this.touch(account);
    return id < 0 ? undefined : this.view(id);
  }

  /** A view of an account by id, as it stands (no expiry). */
  view(id: number): AccountState {
    const names = this.names;
    const side = (m: Map<number, number>) => ({
      size: m.size,
      keys: function* () {
        for (const k of m.keys()) yield names[k] ?? '';
      },
    });
    return {
      id,
      account: this.nameOf(id),
      firstDay: this.firstDayOf[id] ?? 0,
      lastDay: this.lastDayOf[id] ?? 0,
      inCount: this.inCountOf[id] ?? 0,
      outCount: this.outCountOf[id] ?? 0,
      inSum: this.inSumOf[id] ?? 0,
      outSum: this.outSumOf[id] ?? 0,
      maxRepeatIn: this.maxRepeatInOf[id] ?? 0,
      maxRepeatOut: this.maxRepeatOutOf[id] ?? 0,
      institution: this.institutions[id],
      payers: side(this.peerMap(id, IN)),
      payees: side(this.peerMap(id, OUT)),
    };
  }

  private peerMap(id: number, dir: number): Map<number, number> {
    const p = this.peers[id];
    if (!p) throw new RangeError(`no account ${id}`);
    return p[dir] ?? p[0];
  }

  private account(name: string, day: number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.institutions.push(undefined);
      this.days.push(new Days());
      this.peers.push([new Map<number, number>(), new Map<number, number>()]);
      this.refs.push([]);
      if (id >= this.capacity) this.grow();
      this.firstDayOf[id] = day;
      this.lastDayOf[id] = day;
    } else {
      this.expire(id);
      if (day < (this.firstDayOf[id] ?? 0)) this.firstDayOf[id] = day;
      if (day > (this.lastDayOf[id] ?? 0)) this.lastDayOf[id] = day;
    }
    return id;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.capacity = n;
    this.firstDayOf = grownI32(this.firstDayOf, n);
    this.lastDayOf = grownI32(this.lastDayOf, n);
    this.inCountOf = grownI32(this.inCountOf, n);
    this.outCountOf = grownI32(this.outCountOf, n);
    this.inSumOf = grownF64(this.inSumOf, n);
    this.outSumOf = grownF64(this.outSumOf, n);
    this.maxRepeatInOf = grownI32(this.maxRepeatInOf, n);
    this.maxRepeatOutOf = grownI32(this.maxRepeatOutOf, n);
    this.degreeOf = grownI32(this.degreeOf, n);
    this.structuredPeersOf = grownI32(this.structuredPeersOf, n);
  }

  /**
   * One direction of one transfer on account `a`. The payer side goes first and returns the transfer's
   * same-day repeat count (transfers from payer to payee that day), which the payee side is given.
   */
  private flow(a: number, dir: number, other: number, amount: number, day: number, given: number): number {
    const d = this.days[a] as Days;
    const b = d.bucket(day);
    const wasStructured = this.isStructured(a);
    let slot = this.peerMap(a, dir).get(other);
    if (slot === undefined) {
      slot = this.newSlot(a, other, dir, day);
      if (dir === IN) d.bump(b, FIRST_PAYERS, 1);
    } else {
      this.slotCount[slot] = (this.slotCount[slot] ?? 0) + 1;
      const first = this.slotFirst[slot] ?? 0;
      if (day < first) {
        this.slotFirst[slot] = day;
        if (dir === IN) {
          const f = d.find(first);
          if (f >= 0) d.bump(f, FIRST_PAYERS, -1);
          d.bump(b, FIRST_PAYERS, 1);
        }
      }
    }
    let repeat = given;
    if (dir === OUT) {
      const last = this.slotLastDay[slot] ?? 0;
      if (day > last) {
        this.slotLastDay[slot] = day;
        this.slotLastCount[slot] = 0;
      }
      if (day >= last) {
        repeat = (this.slotLastCount[slot] ?? 0) + 1;
        this.slotLastCount[slot] = repeat;
      } else repeat = d.countLogged(day, other, OUT) + 1;
      d.bump(b, OUT_COUNT, 1);
      d.bump(b, OUT_SUM, amount);
      this.outCountOf[a] = (this.outCountOf[a] ?? 0) + 1;
      this.outSumOf[a] = (this.outSumOf[a] ?? 0) + amount;
      if (repeat > (this.maxRepeatOutOf[a] ?? 0)) this.maxRepeatOutOf[a] = repeat;
    } else {
      d.bump(b, IN_COUNT, 1);
      d.bump(b, IN_SUM, amount);
      this.inCountOf[a] = (this.inCountOf[a] ?? 0) + 1;
      this.inSumOf[a] = (this.inSumOf[a] ?? 0) + amount;
      if (repeat > (this.maxRepeatInOf[a] ?? 0)) this.maxRepeatInOf[a] = repeat;
    }
    d.logTransfer(day, other, dir, repeat);
    if (wasStructured !== this.isStructured(a)) this.structuredChanged(a);
    return repeat;
  }

  private newSlot(owner: number, peer: number, dir: number, day: number): number {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.slotTop++;
      if (s >= this.slotCapacity) {
        const n = this.slotCapacity * 2;
        this.slotCapacity = n;
        this.slotOwner = grownI32(this.slotOwner, n);
        this.slotPeer = grownI32(this.slotPeer, n);
        this.slotDir = grownI32(this.slotDir, n);
        this.slotCount = grownI32(this.slotCount, n);
        this.slotFirst = grownI32(this.slotFirst, n);
        this.slotRef = grownI32(this.slotRef, n);
        this.slotLastDay = grownI32(this.slotLastDay, n);
        this.slotLastCount = grownI32(this.slotLastCount, n);
      }
    }
    this.slotOwner[s] = owner;
    this.slotPeer[s] = peer;
    this.slotDir[s] = dir;
    this.slotCount[s] = 1;
    this.slotFirst[s] = day;
    this.slotLastDay[s] = day;
    this.slotLastCount[s] = 0;
    const r = this.refs[peer] as number[];
    this.slotRef[s] = r.length;
    r.push(s);
    const maps = this.peers[owner] as [Map<number, number>, Map<number, number>];
    maps[dir]?.set(peer, s);
    // A counterparty new to both directions joins the account's neighbourhood.
    if (!(maps[1 - dir] as Map<number, number>).has(peer)) {
      this.degreeOf[owner] = (this.degreeOf[owner] ?? 0) + 1;
      if (this.isStructured(peer)) this.structuredPeersOf[owner] = (this.structuredPeersOf[owner] ?? 0) + 1;
    }
    return s;
  }

  private dropSlot(s: number): void {
    const owner = this.slotOwner[s] ?? 0;
    const peer = this.slotPeer[s] ?? 0;
    const dir = this.slotDir[s] ?? 0;
    const maps = this.peers[owner] as [Map<number, number>, Map<number, number>];
    maps[dir]?.delete(peer);
    if (!(maps[1 - dir] as Map<number, number>).has(peer)) {
      this.degreeOf[owner] = (this.degreeOf[owner] ?? 0) - 1;
      if (this.isStructured(peer)) this.structuredPeersOf[owner] = (this.structuredPeersOf[owner] ?? 0) - 1;
    }
    const r = this.refs[peer] as number[];
    const at = this.slotRef[s] ?? 0;
    const last = r.pop() as number;
    if (last !== s) {
      r[at] = last;
      this.slotRef[last] = at;
    }
    this.freeSlots.push(s);
  }

  /** An account became (or stopped being) structured: every account that names it counts it anew. */
  private structuredChanged(id: number): void {
    const step = this.isStructured(id) ? 1 : -1;
    for (const s of this.refs[id] as number[]) {
      const owner = this.slotOwner[s] ?? 0;
      // Counted once per neighbour: through the payer slot when the account is both.
      if (this.slotDir[s] === IN || !this.peerMap(owner, IN).has(id))
        this.structuredPeersOf[owner] = (this.structuredPeersOf[owner] ?? 0) + step;
    }
  }

  private expire(id: number): void {
    const horizon = this.horizonDay;
    const d = this.days[id] as Days;
    let n = 0;
    while (n < d.length && d.dayAt(n) < horizon) n++;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      this.inCountOf[id] = (this.inCountOf[id] ?? 0) - d.get(i, IN_COUNT);
      this.outCountOf[id] = (this.outCountOf[id] ?? 0) - d.get(i, OUT_COUNT);
      this.inSumOf[id] = (this.inSumOf[id] ?? 0) - d.get(i, IN_SUM);
      this.outSumOf[id] = (this.outSumOf[id] ?? 0) - d.get(i, OUT_SUM);
    }
    d.b.copyWithin(0, n * STRIDE, d.length * STRIDE);
    d.length -= n;
    const wasStructured = this.isStructured(id);
    // Transfers before the horizon leave their counterparty counts and the repeat tallies: a prefix
    // of the log when it is in day order, else found in one pass that compacts it.
    const log = d.log;
    if (d.logSorted) {
      let i = d.logHead;
      while (i < d.logEnd && (log[i * 4] ?? 0) < horizon) this.forget(id, d, i++);
      d.logHead = i;
    } else {
      let kept = d.logHead;
      let sorted = true;
      for (let i = d.logHead; i < d.logEnd; i++) {
        const day = log[i * 4] ?? 0;
        if (day < horizon) {
          this.forget(id, d, i);
          continue;
        }
        if (kept > d.logHead && day < (log[(kept - 1) * 4] ?? 0)) sorted = false;
        if (kept !== i) log.copyWithin(kept * 4, i * 4, i * 4 + 4);
        kept++;
      }
      d.logEnd = kept;
      d.logSorted = sorted;
    }
    this.maxRepeatInOf[id] = largest(d.repeatsSeen[IN], this.maxRepeatInOf[id] ?? 0);
    this.maxRepeatOutOf[id] = largest(d.repeatsSeen[OUT], this.maxRepeatOutOf[id] ?? 0);
    if (wasStructured !== this.isStructured(id)) this.structuredChanged(id);
    if ((this.firstDayOf[id] ?? 0) < horizon) this.firstDayOf[id] = d.length > 0 ? d.dayAt(0) : horizon;
  }

  /** One logged transfer leaves the window: its counterparty count and its repeat tally drop. */
  private forget(id: number, d: Days, i: number): void {
    const at = i * 4;
    const dir = d.log[at + 2] ?? 0;
    const s = this.peerMap(id, dir).get(d.log[at + 1] ?? 0);
    if (s !== undefined) {
      const c = (this.slotCount[s] ?? 0) - 1;
      this.slotCount[s] = c;
      if (c <= 0) this.dropSlot(s);
    }
    const seen = d.repeatsSeen[dir] as number[];
    const repeat = d.log[at + 3] ?? 0;
    seen[repeat] = (seen[repeat] ?? 0) - 1;
  }

  private remember(id: string): void {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length - this.seenHead > this.options.maxRememberedIds) {
      const old = this.seenOrder[this.seenHead++];
      if (old !== undefined) this.seen.delete(old);
      if (this.seenHead > 1_000_000) {
        this.seenOrder.splice(0, this.seenHead);
        this.seenHead = 0;
      }
    }
  }
}
