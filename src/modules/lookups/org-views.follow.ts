/**
 * Keeps a node's organisation views current: loaded at start from the library (every local override,
 * every owner standing), changed at once by this node's own writes, and re-read for the values other
 * nodes changed as the change feed brings them (index-follower.ts), with a full re-read of the overrides
 * every few seconds for values the library does not hold (an allow entry for a value nobody claimed).
 */
import type { Logger } from '../../shared/logger.ts';
import type { LocalOverride, OverridesService } from '../library/library.overrides.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { OwnerStandings } from '../library/library.private.ts';
import type { ResourceRecord } from '../library/library.types.ts';
import type { OrgViews, OverrideRow } from './org-views.ts';

export interface OrgViewsFollow {
  /** Re-reads the overrides and owner standings of values the change feed says changed. */
  readonly changed: (resources: readonly ResourceRecord[]) => Promise<void>;
  /** Re-reads every override now and then every `intervalMs`, until `stop`. */
  readonly start: (intervalMs: number) => void;
  readonly stop: () => void;
}

const rowOf = (o: LocalOverride): OverrideRow => o;

export const followOrgViews = async (
  views: OrgViews,
  deps: {
    readonly library: Pick<LibraryService, 'onChange' | 'standingsOf' | 'scanStandings'>;
    readonly overrides: Pick<OverridesService, 'onChange' | 'all' | 'ofValues'>;
    readonly logger: Logger;
  },
): Promise<OrgViewsFollow> => {
  const applyStandings = (s: OwnerStandings): void => {
    for (const [key, owners] of s) {
      const cut = key.indexOf('\u0000');
      views.setOwn(key.slice(0, cut) as ResourceRecord['type'], key.slice(cut + 1), owners);
    }
  };
  const reloadOverrides = async (): Promise<void> => {
    views.replaceOverrides((await deps.overrides.all()).map(rowOf));
  };
  await reloadOverrides();
  for await (const page of deps.library.scanStandings()) applyStandings(page);

  deps.overrides.onChange((orgId, type, normalized, kind, row) =>
    views.setOverride(orgId, type, normalized, kind, row && rowOf(row)),
  );
  const warn = (what: string) => (e: unknown) =>
    deps.logger.warn(`organisation views: ${what}`, { error: e instanceof Error ? e.message : String(e) });
  deps.library.onChange((changed) =>
    deps.library.standingsOf(changed).then(applyStandings, warn('standings')),
  );

  let timer: NodeJS.Timeout | undefined;
  return {
    changed: async (resources) => {
      if (resources.length === 0) return;
      views.replaceOverridesOf(resources, (await deps.overrides.ofValues(resources)).map(rowOf));
      applyStandings(await deps.library.standingsOf(resources));
    },
    start: (intervalMs) => {
      timer = setInterval(() => void reloadOverrides().catch(warn('overrides')), intervalMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
};
