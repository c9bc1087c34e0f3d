/**
 * The transaction graph kept in memory, account by account, over a sliding window of days. Each
 * account holds one bucket per day (counts, sums, counterparties) and running totals; a bucket that
 * falls out of the window is subtracted from the totals when the account is next touched, so a
 * transfer costs O(1) and a record arriving late, or in another order, leaves the same state as the
 * in-order stream (within the window). Duplicates are dropped by record id. Pure: no I/O, no clock.
 */
import type { TransferRecord } from './transfers.types.ts';

export const DAY_MS = 86_400_000;

/** Transfers in and out, counted and summed. */
interface Flows {
  inCount: number;
  outCount: number;
  inSum: number;
  outSum: number;
}

interface DayBucket extends Flows {
  readonly day: number;
  /** Counterparty → transfers that day, per direction: same-day repeats are structuring. */
  readonly payers: Map<string, number>;
  readonly payees: Map<string, number>;
}

/**
 * One counterparty of an account: transfers with it in the window, the first day seen, and its own
 * state (accounts are never removed, so scoring reads a neighbour without looking it up by key).
 */
export interface Peer {
  count: number;
  firstDay: number;
  readonly state: AccountState;
}

export interface AccountState extends Flows {
  readonly account: string;
  readonly buckets: DayBucket[];
  firstDay: number;
  lastDay: number;
  /** Counterparty → transfers in the window, and the first day seen (for "payers new to the payee"). */
  readonly payers: Map<string, Peer>;
  readonly payees: Map<string, Peer>;
  /** Largest same-day repeat to or from one counterparty in the window (recomputed on expiry). */
  maxRepeatIn: number;
  maxRepeatOut: number;
  institution: string | undefined;
}

export interface EngineOptions {
  /** Days a transfer counts for. */
  readonly windowDays: number;
  /** Record ids remembered for de-duplication (the oldest are forgotten beyond this). */
  readonly maxRememberedIds: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { windowDays: 180, maxRememberedIds: 5_000_000 };

/** Empty flows in and out: a day bucket's and an account's totals start the same way. */
const noFlows = <V>() => ({
  inCount: 0,
  outCount: 0,
  inSum: 0,
  outSum: 0,
  payers: new Map<string, V>(),
  payees: new Map<string, V>(),
});

const newAccount = (account: string, day: number): AccountState => ({
  account,
  buckets: [],
  firstDay: day,
  lastDay: day,
  ...noFlows<Peer>(),
  maxRepeatIn: 0,
  maxRepeatOut: 0,
  institution: undefined,
});

const bucketOf = (a: AccountState, day: number): DayBucket => {
  const bs = a.buckets;
  // Almost always the newest day: look from the end; a late record lands in its own day, in order.
  let i = bs.length - 1;
  while (i >= 0 && (bs[i]?.day ?? 0) > day) i--;
  const at = bs[i];
  if (at?.day === day) return at;
  const b: DayBucket = { day, ...noFlows<number>() };
  bs.splice(i + 1, 0, b);
  return b;
};

const bump = (m: Map<string, number>, k: string): number => {
  const n = (m.get(k) ?? 0) + 1;
  m.set(k, n);
  return n;
};

const bumpTotal = (m: Map<string, Peer>, other: AccountState, day: number): void => {
  const e = m.get(other.account);
  if (e) {
    e.count++;
    if (day < e.firstDay) e.firstDay = day;
  } else m.set(other.account, { count: 1, firstDay: day, state: other });
};

const maxOf = (buckets: readonly DayBucket[], side: 'payers' | 'payees'): number => {
  let m = 0;
  for (const b of buckets) for (const n of b[side].values()) if (n > m) m = n;
  return m;
};

/** The fields one direction of money touches: money in (from payers) or out (to payees). */
const IN = { count: 'inCount', sum: 'inSum', peers: 'payers', repeat: 'maxRepeatIn' } as const;
const OUT = { count: 'outCount', sum: 'outSum', peers: 'payees', repeat: 'maxRepeatOut' } as const;

const flow = (
  a: AccountState,
  d: typeof IN | typeof OUT,
  other: AccountState,
  amount: number,
  day: number,
): void => {
  const b = bucketOf(a, day);
  b[d.count]++;
  b[d.sum] += amount;
  const repeat = bump(b[d.peers], other.account);
  a[d.count]++;
  a[d.sum] += amount;
  bumpTotal(a[d.peers], other, day);
  if (repeat > a[d.repeat]) a[d.repeat] = repeat;
};

export class MuleEngine {
  readonly options: EngineOptions;
  readonly accounts = new Map<string, AccountState>();
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private seenHead = 0;
  /** The newest day seen: the window ends here. */
  newestDay = Number.NEGATIVE_INFINITY;

  constructor(options: EngineOptions = DEFAULT_ENGINE_OPTIONS) {
    this.options = options;
  }

  /** The first day still inside the window. */
  get horizonDay(): number {
    return this.newestDay - this.options.windowDays + 1;
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
    if (r.institution) payee.institution = r.institution;
    flow(payer, OUT, payee, r.amount, day);
    flow(payee, IN, payer, r.amount, day);
    return 'added';
  }

  /** The account's state with buckets older than the window removed, or undefined if never seen. */
  state(account: string): AccountState | undefined {
    const a = this.accounts.get(account);
    if (a) this.expire(a);
    return a;
  }

  private account(id: string, day: number): AccountState {
    let a = this.accounts.get(id);
    if (!a) {
      a = newAccount(id, day);
      this.accounts.set(id, a);
    } else {
      this.expire(a);
      if (day < a.firstDay) a.firstDay = day;
      if (day > a.lastDay) a.lastDay = day;
    }
    return a;
  }

  private expire(a: AccountState): void {
    const horizon = this.horizonDay;
    let n = 0;
    while (n < a.buckets.length && (a.buckets[n]?.day ?? horizon) < horizon) n++;
    if (n === 0) return;
    for (const b of a.buckets.splice(0, n)) {
      a.inCount -= b.inCount;
      a.outCount -= b.outCount;
      a.inSum -= b.inSum;
      a.outSum -= b.outSum;
      for (const [k, c] of b.payers) drop(a.payers, k, c);
      for (const [k, c] of b.payees) drop(a.payees, k, c);
    }
    a.maxRepeatIn = maxOf(a.buckets, 'payers');
    a.maxRepeatOut = maxOf(a.buckets, 'payees');
    if (a.firstDay < horizon) a.firstDay = a.buckets[0]?.day ?? horizon;
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

const drop = (m: Map<string, Peer>, k: string, c: number): void => {
  const e = m.get(k);
  if (!e) return;
  e.count -= c;
  if (e.count <= 0) m.delete(k);
};
