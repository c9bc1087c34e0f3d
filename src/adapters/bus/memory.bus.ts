/**
 * The embedded bus: the same contract as Redis Streams inside one process, so `npm start` needs nothing
 * else and the workers role runs in the API process. Nothing survives a restart (the database remains
 * the record of what was detected).
 */
import {
  BUS_DEFAULTS,
  bodiesByPartition,
  compareEntryIds,
  partitionOfKey,
  type Bus,
  type Delivery,
  type OutMessage,
  type PublishOptions,
} from './bus.port.ts';

interface Entry {
  readonly id: string;
  readonly bodies: readonly string[];
}

export const memoryBus = (options: { partitions?: number; maxBacklog?: number } = {}): Bus => {
  const partitions = options.partitions ?? BUS_DEFAULTS.partitions;
  const maxBacklog = options.maxBacklog ?? BUS_DEFAULTS.maxBacklog;
  const logs = new Map<string, Entry[]>();
  /** Per stream partition and group: the index of the next undelivered entry, and delivered-unacked ids. */
  /** `replayAfter`: the last unacknowledged entry redelivered so far, while redelivering. */
  const groups = new Map<string, { next: number; pending: Set<string>; replayAfter: string | undefined }>();
  const waiters = new Set<() => void>();
  const listeners = new Map<string, Set<(body: string) => void>>();
  const leases = new Map<string, { owner: string; until: number }>();
  const memberSeen = new Map<string, Map<string, number>>();
  const kv = new Map<string, string>();
  const dead = new Map<string, Array<{ body: string; reason: string }>>();
  let seq = 0;
  const logOf = (stream: string, partition: number): Entry[] => {
    const k = `${stream}:${partition}`;
    let l = logs.get(k);
    if (!l) logs.set(k, (l = []));
    return l;
  };
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });

  const bus: Bus = {
    kind: 'memory',
    partitions,
    partitionOf: (key) => partitionOfKey(key, partitions),
    async publish(stream, messages: readonly OutMessage[], publishOptions: PublishOptions = {}) {
      const byPartition = bodiesByPartition(messages, partitions);
      // Appended before the first await (publication order holds with several publishes in flight) …
      for (const [p, bodies] of byPartition) {
        const log = logOf(stream, p);
        log.push({ id: `${Date.now()}-${seq++}`, bodies });
        if (publishOptions.capped !== undefined && log.length > publishOptions.capped) {
          const dropped = log.length - publishOptions.capped;
          log.splice(0, dropped);
          for (const [k, g] of groups)
            if (k.startsWith(`${stream}:${p}:`)) g.next = Math.max(0, g.next - dropped);
        }
      }
      wake();
      // … then the publisher waits while a partition it wrote to is over its backlog.
      if (publishOptions.capped === undefined)
        for (const p of byPartition.keys())
          while ((await bus.backlog(stream, p)) > maxBacklog) await sleep(5);
    },
    async read(stream, group, partition, max, blockMs): Promise<Delivery[]> {
      const k = `${stream}:${partition}:${group}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { next: 0, pending: new Set(), replayAfter: '0-0' }));
      const log = logOf(stream, partition);
      if (g.replayAfter !== undefined) {
        const after = g.replayAfter;
        const again = log
          .filter((e) => g.pending.has(e.id) && compareEntryIds(e.id, after) > 0)
          .slice(0, max);
        g.replayAfter = again.at(-1)?.id;
        if (again.length > 0) return again.map((e) => ({ id: e.id, partition, bodies: e.bodies }));
      }
      // Acknowledged entries are removed from the log: find the first one this group has not seen.
      if (g.next >= log.length && blockMs > 0) await sleep(blockMs);
      const fresh = log.slice(g.next, g.next + max);
      g.next += fresh.length;
      for (const e of fresh) g.pending.add(e.id);
      return fresh.map((e) => ({ id: e.id, partition, bodies: e.bodies }));
    },
    redeliver(stream, group, partition) {
      const g = groups.get(`${stream}:${partition}:${group}`);
      if (g) g.replayAfter = '0-0';
    },
    async ack(stream, group, partition, ids) {
      const k = `${stream}:${partition}:${group}`;
      const g = groups.get(k);
      if (!g) return;
      const done = new Set(ids);
      for (const id of ids) g.pending.delete(id);
      const log = logOf(stream, partition);
      const kept = log.filter((e) => !done.has(e.id));
      g.next -= log.length - kept.length;
      log.splice(0, log.length, ...kept);
      wake();
    },
    async backlog(stream, partition) {
      return logOf(stream, partition).length;
    },
    async deadLetter(stream, body, reason) {
      const l = dead.get(stream) ?? [];
      l.push({ body, reason });
      dead.set(stream, l);
    },
    async deadLetters(stream, max) {
      return (dead.get(stream) ?? []).slice(0, max);
    },
    async broadcast(channel, body) {
      for (const l of listeners.get(channel) ?? []) l(body);
    },
    async listen(channel, onBody) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onBody);
      listeners.set(channel, set);
      return async () => {
        set.delete(onBody);
      };
    },
    async lease(name, owner, ttlMs) {
      const now = Date.now();
      const held = leases.get(name);
      if (held && held.owner !== owner && held.until > now) return false;
      leases.set(name, { owner, until: now + ttlMs });
      return true;
    },
    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async members(group, member, ttlMs) {
      const now = Date.now();
      const seen = memberSeen.get(group) ?? new Map<string, number>();
      memberSeen.set(group, seen);
      seen.set(member, now);
      return [...seen]
        .filter(([, t]) => t > now - ttlMs)
        .map(([m]) => m)
        .sort();
    },
    async leaveMembers(group, member) {
      memberSeen.get(group)?.delete(member);
    },
    async save(key, value) {
      kv.set(key, value);
    },
    async load(key) {
      return kv.get(key);
    },
    async close() {
      wake();
    },
  };
  return bus;
};
