/**
 * Keeps a node's organisation views current: loaded at start from the library (every local override,
 * every owner standing), changed at once by this node's own writes, and for other nodes' writes: the
 * owners' standings of the values the library's change feed brings (index-follower.ts), and the local
 * overrides the overrides' own feed names (`override_changes`, every override set or removed, whether
 * or not the library holds the value), each re-read alone.
 */
import type { Logger } from '../../shared/logger.ts';
import type { LocalOverride, OverridesService } from '../library/library.overrides.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { OwnerStandings } from '../library/library.private.ts';
import type { ResourceRecord } from '../library/library.types.ts';
import type { OrgViews, OverrideRow } from './org-views.ts';

export interface OrgViewsFollow {
  /** Re-reads the owner standings of values the change feed says changed. */
  readonly changed: (resources: readonly ResourceRecord[]) => Promise<void>;
  /** Applies every override change after the last one read; returns how many. */
  readonly poll: () => Promise<number>;
  /** Reads the overrides' feed every `intervalMs`, until `stop`. */
  readonly start: (intervalMs: number) => void;
  readonly stop: () => void;
}

const rowOf = (o: LocalOverride): OverrideRow => o;

export const followOrgViews = async (
  views: OrgViews,
  deps: {
    readonly library: Pick<LibraryService, 'onChange' | 'standingsOf' | 'scanStandings'>;
    readonly overrides: Pick<
      OverridesService,
      'onChange' | 'all' | 'forValue' | 'latestChange' | 'changesSince'
    >;
    readonly logger: Logger;
  },
): Promise<OrgViewsFollow> => {
  const applyStandings = (s: OwnerStandings): void => {
    for (const [key, owners] of s) {
      const cut = key.indexOf('\u0000');
      views.setOwn(key.slice(0, cut) as ResourceRecord['type'], key.slice(cut + 1), owners);
    }
  };
  // The feed's position first, then everything: a change made between the two is read again, never lost.
  let position = await deps.overrides.latestChange();
  views.replaceOverrides((await deps.overrides.all()).map(rowOf));
  for await (const page of deps.library.scanStandings()) applyStandings(page);

  deps.overrides.onChange((orgId, type, normalized, kind, row) =>
    views.setOverride(orgId, type, normalized, kind, row && rowOf(row)),
  );
  const warn = (what: string) => (e: unknown) =>
    deps.logger.warn(`organisation views: ${what}`, { error: e instanceof Error ? e.message : String(e) });
  deps.library.onChange((changed) =>
    deps.library.standingsOf(changed).then(applyStandings, warn('standings')),
  );

  let running = false;
  const poll = async (): Promise<number> => {
    let applied = 0;
    for (;;) {
      const batch = await deps.overrides.changesSince(position, 1000);
      if (batch.length === 0) return applied;
      const seen = new Set<string>();
      for (const c of batch) {
        const key = `${c.orgId}\u0000${c.type}\u0000${c.normalized}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // The organisation's overrides of the value as stored now (its pin and its allow entry, or none).
        const held = await deps.overrides.forValue(undefined, c.orgId, c.type, c.normalized);
        for (const kind of ['pin', 'allow'] as const) {
          const row = held.find((o) => o.kind === kind);
          views.setOverride(c.orgId, c.type, c.normalized, kind, row && rowOf(row));
        }
      }
      position = batch[batch.length - 1]?.seq ?? position;
      applied += batch.length;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  return {
    changed: async (resources) => {
      if (resources.length === 0) return;
      applyStandings(await deps.library.standingsOf(resources));
    },
    poll,
    start: (intervalMs) => {
      timer = setInterval(() => {
        if (running) return;
        running = true;
        void poll()
          .catch(warn('overrides'))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
};
