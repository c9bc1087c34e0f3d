/**
 * Library changes pushed to every API node: a node that writes announces it on the bus, and every node
 * reads the change feed at once instead of at its next poll. The feed (PostgreSQL) stays the truth and
 * the catch-up path: a node that missed an announcement (disconnected, restarting) still reads every
 * change at its next poll, and the announcement carries no data a node would have to trust.
 */
import type { Bus } from '../../adapters/bus/bus.port.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { LibraryService } from '../library/library.service.ts';
import { messageParser, STREAMS } from '../stream/streams.schema.ts';
import type { IndexFollower } from './index-follower.ts';

export const pushChanges = async (
  container: {
    readonly bus: Bus;
    readonly library: Pick<LibraryService, 'onChange'>;
    readonly clock: Clock;
    readonly logger: Logger;
  },
  follower: IndexFollower,
): Promise<() => Promise<void>> => {
  if (container.bus.kind === 'memory') return async () => {};
  const origin = `${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const parse = messageParser(STREAMS.libraryChanges.schema);
  const channel = STREAMS.libraryChanges.name;
  container.library.onChange((changed) => {
    const body = JSON.stringify({ origin, at: container.clock.now().getTime(), changed: changed.length });
    container.bus
      .broadcast(channel, body)
      .catch((e: unknown) =>
        container.logger.warn('could not announce a library change', { error: String(e) }),
      );
  });
  return container.bus.listen(channel, (body) => {
    const m = parse(body);
    if (!m.ok) {
      container.logger.warn('ignored a malformed library change announcement', { error: m.error });
      return;
    }
    if (m.value.origin !== origin) follower.nudge();
  });
};
