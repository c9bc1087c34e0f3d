/**
 * The bus, as the platform uses it: keyed publishing into a fixed number of partitions per stream,
 * one consumer per partition inside a named group (so each key's state lives in one worker), explicit
 * acknowledgement, a dead-letter stream, back-pressure on publishing, fan-out for changes every node
 * must see, and the little coordination partition owners need (leases, membership, checkpoints).
 *
 * Kept narrow on purpose: Redis Streams (redis.bus.ts) and the in-process bus (memory.bus.ts) implement
 * it, and a Kafka implementation is one more file: partitions are Kafka's partitions, `read`/`ack` are
 * fetch and offset commit, `deadLetter` a `<stream>.dead` topic, `broadcast`/`listen` a topic read
 * without a group, and leases, members and checkpoints a compacted topic.
 */
export interface OutMessage {
  /** Decides the partition (same key, same partition, same worker). */
  readonly key: string;
  /** One JSON document (never a raw newline: entries hold several, one per line). */
  readonly body: string;
  /** Sends to this partition instead of the key's (control messages addressed to every partition). */
  readonly partition?: number;
}

export interface PublishOptions {
  /**
   * A log rather than a work queue (alerts): keep about this many entries per partition, dropping the
   * oldest, and never make the publisher wait. Work streams (records) leave it out and get back-pressure.
   */
  readonly capped?: number;
}

export interface Delivery {
  /** The entry's position in its partition; increases with every entry appended. */
  readonly id: string;
  readonly partition: number;
  readonly bodies: readonly string[];
}

export interface Bus {
  readonly kind: 'memory' | 'redis';
  readonly partitions: number;
  partitionOf(key: string): number;
  /**
   * Appends the messages, one entry per partition touched, in the order publish is called (also with
   * several calls in flight); resolves once the engine holds them and no partition written to holds more
   * than its backlog limit of unacknowledged entries (back-pressure: until then it waits).
   */
  publish(stream: string, messages: readonly OutMessage[], options?: PublishOptions): Promise<void>;
  /**
   * The next entries of one partition for a group: after `redeliver` (and on a bus client's first
   * read) those delivered before and never acknowledged, a crashed owner's, then new ones, waiting up
   * to `blockMs` when there are none.
   */
  read(stream: string, group: string, partition: number, max: number, blockMs: number): Promise<Delivery[]>;
  /** The next reads of this partition start again from its unacknowledged entries (a new owner's first). */
  redeliver(stream: string, group: string, partition: number): void;
  /**
   * Acknowledges entries and drops them from the partition (they no longer count as backlog): a work
   * stream has one group.
   */
  ack(stream: string, group: string, partition: number, ids: readonly string[]): Promise<void>;
  /** Unacknowledged entries of one partition (back-pressure and monitoring). */
  backlog(stream: string, partition: number): Promise<number>;
  /** Keeps a message that cannot be processed, with why, on `<stream>.dead`. */
  deadLetter(stream: string, body: string, reason: string): Promise<void>;
  deadLetters(stream: string, max: number): Promise<Array<{ body: string; reason: string }>>;
  /** Fan-out: every listener gets every message (not durable: a late listener catches up elsewhere). */
  broadcast(channel: string, body: string): Promise<void>;
  listen(channel: string, onBody: (body: string) => void): Promise<() => Promise<void>>;
  /** Takes or renews a lease for `ttlMs`; false while another owner holds it. */
  lease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  /** Registers `member` as alive for `ttlMs` and returns every live member of the group, sorted. */
  members(group: string, member: string, ttlMs: number): Promise<string[]>;
  leaveMembers(group: string, member: string): Promise<void>;
  save(key: string, value: string): Promise<void>;
  load(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The partition of a key: FNV-1a, so every producer in every language can compute it. */
export const partitionOfKey = (key: string, partitions: number): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
};

/** Message bodies by partition, in publication order: each partition's share becomes one entry. */
export const bodiesByPartition = (
  messages: readonly OutMessage[],
  partitions: number,
): Map<number, string[]> => {
  const out = new Map<number, string[]>();
  for (const m of messages) {
    const p = m.partition ?? partitionOfKey(m.key, partitions);
    const l = out.get(p);
    if (l) l.push(m.body);
    else out.set(p, [m.body]);
  }
  return out;
};

/** Entry ids are `<ms>-<seq>`: compares two in append order. */
export const compareEntryIds = (a: string, b: string): number => {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
};

export const BUS_DEFAULTS = {
  partitions: 12,
  /** Unacknowledged entries a partition may hold before publishers wait (≈ 200k records at 100 per entry). */
  maxBacklog: 2000,
} as const;
