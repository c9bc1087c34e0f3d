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
}

export interface StreamHandler<M> {
  readonly stream: string;
  readonly group: string;
  parse(body: string): Result<M, string>;
  /** The state of one partition, from its checkpoint when there is one. */
  open(partition: number, snapshot: string | undefined): PartitionState<M>;
}

export interface PartitionWorkerOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly workerId: string;
  readonly checkpointMs?: number;
  readonly leaseMs?: number;
  readonly batch?: number;
}

export interface PartitionWorker {
  owned(): number[];
  stop(): Promise<void>;
}

interface Owned {
  running: boolean;
  done: Promise<void>;
}

const parseCheckpoint = (text: string): { lastId: string; state: string } => {
  const v: unknown = JSON.parse(text);
  if (typeof v === 'object' && v !== null && 'lastId' in v && 'state' in v) {
    const { lastId, state } = v;
    if (typeof lastId === 'string' && typeof state === 'string') return { lastId, state };
  }
  throw new Error('checkpoint is not { lastId, state }');
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const checkpointKey = (group: string, stream: string, partition: number): string =>
  `checkpoint:${group}:${stream}:p${partition}`;

export const startPartitionWorker = <M>(
  options: PartitionWorkerOptions,
  handler: StreamHandler<M>,
): PartitionWorker => {
  const { bus, logger, workerId } = options;
  // A checkpoint writes the partition's whole state: every 5 s keeps that a few % of a worker's time,
  // and a crash replays at most 5 s of records (which the checkpoint's id keeps from counting twice).
  const checkpointMs = options.checkpointMs ?? 5000;
  const leaseMs = options.leaseMs ?? 3000;
  const batch = options.batch ?? 100;
  const owned = new Map<number, Owned>();
  const leaseName = (p: number): string => `${handler.group}:${handler.stream}:p${p}`;
  let stopped = false;
  let wakeAll: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (wakeAll = resolve));
  const pause = (ms: number): Promise<void> => Promise.race([sleep(ms), stopping]);

  const runPartition = async (p: number, self: Owned): Promise<void> => {
    const key = checkpointKey(handler.group, handler.stream, p);
    const saved = await bus.load(key);
    const checkpoint = saved === undefined ? undefined : parseCheckpoint(saved);
    const state = handler.open(p, checkpoint?.state);
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
          await bus.save(key, JSON.stringify({ lastId, state: state.snapshot() }));
          await bus.ack(handler.stream, handler.group, p, unacked);
          unacked = [];
          lastCheckpoint = Date.now();
          return;
        } catch (e) {
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
