/**
 * A worker's share of one stream: it joins the group's members, owns the partitions whose number is
 * its rank modulo the member count (leases keep two workers off one partition while ownership moves),
 * and for each owned partition reads entries, applies them to that partition's state, and checkpoints.
 *
 * Exactly-once effect on state: a checkpoint holds the state and the id of the last entry it includes,
 * written after the effects of those entries (which are idempotent) and before they are acknowledged.
 * A new owner restores it and skips redelivered entries up to that id, so nothing is counted twice and
 * nothing acknowledged is missing from a checkpoint. Workers joining or leaving move partitions:
 * the old owner checkpoints and releases, the new one restores.
 *
 * A state that marks what it changed (`delta`) is checkpointed incrementally: the changes since the
 * last checkpoint go under a key of their own, then the checkpoint record (the last entry id, the whole
 * state's key and the deltas' keys in order) is written last. Restoring reads the whole state and its
 * deltas in order; a delta written by an owner that crashed before its record is named by no record and
 * is overwritten by the next one. Every `compactEvery` deltas, or once the deltas outgrow
 * `compactFraction` of the whole state, the whole state is written into the slot the record does not
 * name and the deltas are dropped from the record (compaction), so the keys a partition uses stay bounded.
 */
import { compareEntryIds, type Bus } from '../../adapters/bus/bus.port.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Result } from '../../shared/result.ts';

export interface PartitionState<M> {
  /** Applies one parsed message (may throw: the message then goes to the dead-letter stream). */
  apply(message: M): void;
  /** Writes what applied messages decided; idempotent, since it may run again for the same ones. */
  flush(): Promise<void>;
  /** The state to checkpoint, as text. */
  snapshot(): string;
  /** Incremental checkpoints; a state without them is checkpointed whole every time. */
  readonly delta?: {
    /** The entries changed since the last `take` or `clear`, as text `open` accepts after a snapshot. */
    take(): string;
    /** Forgets the changes marked so far (a whole snapshot was just checkpointed). */
    clear(): void;
  };
}

export interface StreamHandler<M> {
  readonly stream: string;
  readonly group: string;
  parse(body: string): Result<M, string>;
  /** The state of one partition, from its checkpoint when there is one (a snapshot, then its deltas in order). */
  open(partition: number, snapshot: string | undefined, deltas?: readonly string[]): PartitionState<M>;
}

export interface PartitionWorkerOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly workerId: string;
  readonly checkpointMs?: number;
  readonly leaseMs?: number;
  readonly batch?: number;
  /** Deltas after which a checkpoint writes the whole state again. */
  readonly compactEvery?: number;
  /** Or once the deltas' size exceeds this fraction of the whole state's. */
  readonly compactFraction?: number;
}

export interface PartitionWorker {
  owned(): number[];
  stop(): Promise<void>;
}

interface Owned {
  running: boolean;
  done: Promise<void>;
}

/** The checkpoint record: the state inline (states without deltas), or the keys of a whole state and its deltas. */
type CheckpointRecord =
  { lastId: string; state: string } | { lastId: string; full: string; deltas: string[] };

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export const parseCheckpoint = (text: string): CheckpointRecord => {
  const v: unknown = JSON.parse(text);
  if (typeof v === 'object' && v !== null && 'lastId' in v && typeof v.lastId === 'string') {
    const { lastId } = v;
    if ('state' in v && typeof v.state === 'string') return { lastId, state: v.state };
    if ('full' in v && typeof v.full === 'string' && 'deltas' in v && isStrings(v.deltas))
      return { lastId, full: v.full, deltas: v.deltas };
  }
  throw new Error('checkpoint is not { lastId, state } or { lastId, full, deltas }');
};

/** What a partition's last checkpoint wrote, for choosing between a delta and a compaction. */
interface Chain {
  full: string;
  deltas: string[];
  fullBytes: number;
  deltaBytes: number;
  /** The next checkpoint must write the whole state. */
  compact?: boolean;
}

/** Reads a checkpoint: its last entry id, whole state, deltas in order, and chain (incremental ones). */
export const loadCheckpoint = async (
  bus: Bus,
  key: string,
): Promise<{ lastId: string; state: string; deltas: string[]; chain: Chain | undefined } | undefined> => {
  const saved = await bus.load(key);
  if (saved === undefined) return undefined;
  const record = parseCheckpoint(saved);
  if ('state' in record) return { lastId: record.lastId, state: record.state, deltas: [], chain: undefined };
  const read = async (k: string): Promise<string> => {
    const v = await bus.load(k);
    if (v === undefined) throw new Error(`checkpoint part ${k} is missing`);
    return v;
  };
  const state = await read(record.full);
  const deltas: string[] = [];
  for (const k of record.deltas) deltas.push(await read(k));
  const bytes = (l: string[]): number => l.reduce((n, t) => n + Buffer.byteLength(t), 0);
  return {
    lastId: record.lastId,
    state,
    deltas,
    chain: { full: record.full, deltas: record.deltas, fullBytes: bytes([state]), deltaBytes: bytes(deltas) },
  };
};

/**
 * Writes one checkpoint of `state` as of `lastId` after `chain` (the previous one): the whole state, or
 * its changes as the next delta; the record last. Returns the new chain.
 */
export const writeCheckpoint = async (
  bus: Bus,
  key: string,
  lastId: string,
  state: Pick<PartitionState<unknown>, 'snapshot' | 'delta'>,
  chain: Chain | undefined,
  policy: { compactEvery: number; compactFraction: number },
): Promise<Chain | undefined> => {
  if (!state.delta) {
    await bus.save(key, JSON.stringify({ lastId, state: state.snapshot() }));
    return undefined;
  }
  if (
    chain === undefined ||
    chain.compact === true ||
    chain.deltas.length >= policy.compactEvery ||
    chain.deltaBytes > chain.fullBytes * policy.compactFraction
  ) {
    // The slot the current record does not name: a crash before the record leaves that one whole.
    const full = chain?.full === `${key}:full:0` ? `${key}:full:1` : `${key}:full:0`;
    const text = state.snapshot();
    state.delta.clear();
    await bus.save(full, text);
    await bus.save(key, JSON.stringify({ lastId, full, deltas: [] }));
    return { full, deltas: [], fullBytes: Buffer.byteLength(text), deltaBytes: 0 };
  }
  const text = state.delta.take();
  const delta = `${key}:d${chain.deltas.length}`;
  await bus.save(delta, text);
  const deltas = [...chain.deltas, delta];
  await bus.save(key, JSON.stringify({ lastId, full: chain.full, deltas }));
  return { ...chain, deltas, deltaBytes: chain.deltaBytes + Buffer.byteLength(text) };
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const checkpointKey = (group: string, stream: string, partition: number): string =>
  `checkpoint:${group}:${stream}:p${partition}`;

export const startPartitionWorker = <M>(
  options: PartitionWorkerOptions,
  handler: StreamHandler<M>,
): PartitionWorker => {
  const { bus, logger, workerId } = options;
  // A checkpoint writes the partition's whole state or its changes: every 5 s keeps that a few % of a worker's time,
  // and a crash replays at most 5 s of records (which the checkpoint's id keeps from counting twice).
  const checkpointMs = options.checkpointMs ?? 5000;
  const leaseMs = options.leaseMs ?? 3000;
  const batch = options.batch ?? 100;
  const policy = {
    compactEvery: options.compactEvery ?? 16,
    compactFraction: options.compactFraction ?? 0.5,
  };
  const owned = new Map<number, Owned>();
  const leaseName = (p: number): string => `${handler.group}:${handler.stream}:p${p}`;
  let stopped = false;
  let wakeAll: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (wakeAll = resolve));
  const pause = (ms: number): Promise<void> => Promise.race([sleep(ms), stopping]);

  const runPartition = async (p: number, self: Owned): Promise<void> => {
    const key = checkpointKey(handler.group, handler.stream, p);
    const checkpoint = await loadCheckpoint(bus, key);
    const state = handler.open(p, checkpoint?.state, checkpoint?.deltas);
    let chain = checkpoint?.chain;
    bus.redeliver(handler.stream, handler.group, p);
    let lastId = checkpoint?.lastId ?? '0-0';
    let unacked: string[] = [];
    let lastCheckpoint = Date.now();
    let quietReads = 0;
    const save = async (): Promise<void> => {
      // Effects, then the checkpoint, then the acknowledgement: a crash between any two repeats work
      // that is idempotent or skipped, and never loses an acknowledged entry.
      for (;;) {
        try {
          await state.flush();
          // Only the lease holder checkpoints: an owner that stalled past its lease (a loaded machine, a
          // long back-pressure wait) stops here, and the new owner redoes its entries from the last
          // checkpoint (the effects just written are idempotent).
          if (!(await bus.lease(leaseName(p), workerId, leaseMs))) {
            logger.warn('lease lost; partition left to its new owner', { partition: p });
            self.running = false;
            unacked = [];
            return;
          }
          chain = await writeCheckpoint(bus, key, lastId, state, chain, policy);
          await bus.ack(handler.stream, handler.group, p, unacked);
          unacked = [];
          lastCheckpoint = Date.now();
          return;
        } catch (e) {
          // The changes a failed delta took are no longer marked: the next try writes the whole state.
          if (chain) chain = { ...chain, compact: true };
          logger.warn('checkpoint failed; retrying', { partition: p, error: String(e) });
          if (!self.running && stopped) return;
          await pause(250);
        }
      }
    };
    while (self.running) {
      let deliveries;
      try {
        deliveries = await bus.read(handler.stream, handler.group, p, batch, 100);
      } catch (e) {
        logger.warn('bus read failed; retrying', { partition: p, error: String(e) });
        await pause(250);
        continue;
      }
      for (const d of deliveries) {
        unacked.push(d.id);
        if (compareEntryIds(d.id, lastId) <= 0) continue;
        for (const body of d.bodies) {
          const parsed = handler.parse(body);
          let reason = parsed.ok ? undefined : `schema: ${parsed.error}`;
          if (parsed.ok)
            try {
              state.apply(parsed.value);
            } catch (e) {
              reason = `apply: ${e instanceof Error ? e.message : String(e)}`;
            }
          if (reason !== undefined) await bus.deadLetter(handler.stream, body, reason);
        }
        lastId = d.id;
      }
      // Checkpoint on the interval, or once the partition has been quiet for two reads in a row (a
      // stream that pauses is acknowledged promptly, and a worker keeping pace with a busy producer does
      // not snapshot its state at every momentary catch-up).
      quietReads = deliveries.length === 0 ? quietReads + 1 : 0;
      if (unacked.length > 0 && (quietReads >= 2 || Date.now() - lastCheckpoint >= checkpointMs))
        await save();
    }
    if (unacked.length > 0) await save();
  };

  const rebalance = async (): Promise<void> => {
    const members = await bus.members(handler.group, workerId, leaseMs);
    const rank = members.indexOf(workerId);
    const wanted = new Set<number>();
    for (let p = 0; p < bus.partitions; p++) if (rank >= 0 && p % members.length === rank) wanted.add(p);
    // Leases kept are renewed first, then the others are let go together: waiting for one partition's
    // last checkpoint never holds up renewing the rest.
    const leaving: Array<[number, Owned]> = [];
    for (const [p, o] of owned) {
      // A partition whose loop stopped (an unreadable checkpoint, a lost lease) is released and opened again.
      const keep = o.running && wanted.has(p) && (await bus.lease(leaseName(p), workerId, leaseMs));
      if (!keep) leaving.push([p, o]);
    }
    await Promise.all(
      leaving.map(async ([p, o]) => {
        o.running = false;
        await o.done;
        owned.delete(p);
        await bus.releaseLease(leaseName(p), workerId);
      }),
    );
    for (const p of wanted) {
      if (owned.has(p) || !(await bus.lease(leaseName(p), workerId, leaseMs))) continue;
      const o: Owned = { running: true, done: Promise.resolve() };
      o.done = runPartition(p, o).catch((e: unknown) => {
        logger.error('partition stopped', { partition: p, error: String(e) });
        o.running = false;
      });
      owned.set(p, o);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await rebalance();
      } catch (e) {
        logger.warn('rebalance failed; retrying', { error: String(e) });
      }
      await pause(leaseMs / 3);
    }
  })();

  return {
    owned: () => [...owned.keys()].sort((a, b) => a - b),
    async stop() {
      stopped = true;
      wakeAll();
      await loop;
      for (const o of owned.values()) o.running = false;
      await Promise.all([...owned.values()].map((o) => o.done));
      for (const p of owned.keys()) await bus.releaseLease(leaseName(p), workerId).catch(() => {});
      owned.clear();
      await bus.leaveMembers(handler.group, workerId).catch(() => {});
    },
  };
};
