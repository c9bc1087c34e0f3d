/**
 * Scale-out mode: several stateless API nodes share one PostgreSQL library. Each keeps its hot index
 * current by following the library's ordered change feed (the `changes` table) from the last sequence it
 * applied, so a block or release written on any node reaches every node within one poll interval and
 * nothing is missed across restarts or network blips (the feed is the database, not a best-effort bus).
 * The changes this process wrote itself reached its index when they committed; the follower knows them by
 * their change numbers and reads only the values other processes changed.
 */
import type { Logger } from '../../shared/logger.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { ResourceRecord } from '../library/library.types.ts';
import type { LookupsService } from './lookups.service.ts';

export interface IndexFollower {
  /** Applies every change after the last one seen; returns how many. */
  poll(): Promise<number>;
  start(intervalMs: number): void;
  /**
   * Reads the feed now (a change was announced on the bus): a nudge during a read makes one more read
   * follow it, so a change committed while the first read ran is not left for the next interval.
   */
  nudge(): void;
  stop(): void;
  readonly position: number;
}

export const indexFollower = async (deps: {
  library: LibraryService;
  lookups: LookupsService;
  logger: Logger;
  /** Further reads for the values a batch changed (the organisations' own views of them). */
  also?: ((resources: readonly ResourceRecord[]) => Promise<void>) | undefined;
}): Promise<IndexFollower> => {
  let position = await deps.library.latestChange();
  // Change numbers this process wrote and announced, not yet passed by the feed: skipped when read.
  const own = new Set<number>();
  deps.library.onChange((changed) => {
    for (const r of changed) {
      const seq = deps.library.changeSeqOf(r);
      if (seq !== undefined && seq > position) own.add(seq);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const read = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    follower
      .poll()
      .catch((e: unknown) =>
        deps.logger.warn('index follower could not read the change feed', {
          error: e instanceof Error ? e.message : String(e),
        }),
      )
      .finally(() => {
        running = false;
        if (again) read();
      });
  };
  const follower: IndexFollower = {
    async poll() {
      let applied = 0;
      for (;;) {
        const batch = await deps.library.changeRefsSince(position, 5000);
        if (batch.length === 0) return applied;
        const others = new Set<number>();
        for (const c of batch) if (!own.delete(c.seq)) others.add(c.resourceId);
        if (others.size > 0) {
          // Each value as it stands now, whatever number of changes named it.
          const resources = await deps.library.resourcesByIds([...others]);
          deps.lookups.apply(resources);
          await deps.also?.(resources);
        }
        position = batch[batch.length - 1]?.seq ?? position;
        applied += batch.length;
      }
    },
    start(intervalMs) {
      timer = setInterval(() => {
        if (!running) read();
      }, intervalMs);
      timer.unref();
    },
    nudge: read,
    stop() {
      if (timer) clearInterval(timer);
    },
    get position() {
      return position;
    },
  };
  return follower;
};
