/**
 * Reads of the library: one value explained for its viewer, search, the claims a viewer may see, and the
 * scans the hot index and the change feed follow.
 */
import type { Actor } from '../../shared/actor.ts';
import type { AuditEntry } from '../audit/audit.types.ts';
import { notFound } from '../../shared/errors.ts';
import { valueKey, type LibraryCore } from './library.core.ts';
import { applyOverrides, type DecidedBy } from './library.overrides.ts';
import { existsFor, sharedContributors, visibleHistory, visibleSightings } from './library.visibility.ts';
import type {
  ClaimRecord,
  ResourceRecord,
  ResourceType,
  SearchOptions,
  SightingRecord,
  Verdict,
} from './library.types.ts';
import { scoreResource, type Audience, type ScoreResult, visibleTo } from './score.ts';
import { scoringInput } from './library.scoring.ts';

export interface ValueDetails {
  readonly resource: ResourceRecord;
  readonly score: ScoreResult;
  readonly claims: readonly ClaimRecord[];
  readonly sightings: readonly SightingRecord[];
  readonly links: ReadonlyArray<{
    kind: string;
    direction: 'out' | 'in';
    other: { id: number; type: ResourceType; display: string; verdict: Verdict };
    evidence: Record<string, unknown>;
  }>;
  readonly history: readonly AuditEntry[];
  readonly allowListed: { readonly label: string; readonly reason: string } | null;
  /** The verdict in the viewer's view, and whose setting decided it. */
  readonly decided: { readonly verdict: Verdict; readonly decidedBy: DecidedBy };
}

/** The audience an actor reads as: its own private claims plus members-shared and public ones. */
export const audienceOf = (actor: Actor): Audience => ({ orgId: actor.orgId });

export const libraryQueries = (core: LibraryCore) => {
  const { db, repo, audit, clock, overrides } = core.deps;

  /** The values of `found` that exist for the viewer (not known only through others' private claims). */
  const visibleOf = async (viewer: Actor, found: readonly ResourceRecord[]): Promise<ResourceRecord[]> => {
    if (found.length === 0) return [];
    const claims = await repo.claimsFor(
      db,
      found.map((r) => r.id),
    );
    const byValue = new Map<number, ClaimRecord[]>();
    for (const c of claims) byValue.set(c.resourceId, [...(byValue.get(c.resourceId) ?? []), c]);
    const allow = await repo.allowEntriesFor(db, found);
    return found.filter((r) =>
      existsFor(viewer, {
        claims: byValue.get(r.id) ?? [],
        pinned: r.pin !== null,
        allowListed: allow.has(valueKey(r.type, r.normalized)),
        ownTraces: false,
      }),
    );
  };

  const queries = {
    /** Everything the viewer may see about one value, with the score explained for the viewer's audience. */
    async details(viewer: Actor, type: ResourceType, raw: string): Promise<ValueDetails> {
      const r = await core.resourceOrThrow(db, type, raw);
      const audience = audienceOf(viewer);
      const orgs = await core.organisations(db);
      const facts = (await core.loadFacts(db, [r])).get(r.id) ?? { claims: [], sightings: [], allow: null };
      const local = await overrides.forValue(db, viewer.orgId, r.type, r.normalized);
      const ownSighting = facts.sightings.some((s) => s.orgId === viewer.orgId);
      const known = { claims: facts.claims, pinned: r.pin !== null, allowListed: facts.allow !== null };
      if (!existsFor(viewer, { ...known, ownTraces: ownSighting || local.length > 0 }))
        throw notFound(`${type} ${r.display}`, 'value');
      const contributors = sharedContributors(viewer, facts.claims);
      const score = scoreResource(
        scoringInput(r, facts, orgs),
        audience,
        clock.now().getTime(),
        await core.scoring(db),
      );
      const linkRows = await repo.linksOf(db, r.id);
      const others = new Map(
        (
          await repo.findResourcesByIds(
            db,
            linkRows.map((l) => (l.fromId === r.id ? l.toId : l.fromId)),
          )
        ).map((o) => [o.id, o]),
      );
      const links = linkRows.flatMap((l) => {
        const other = others.get(l.fromId === r.id ? l.toId : l.fromId);
        return other && contributors.has(l.orgId)
          ? [
              {
                kind: l.kind,
                direction: l.fromId === r.id ? ('out' as const) : ('in' as const),
                other: {
                  id: other.id,
                  type: other.type,
                  display: other.display,
                  verdict: other.verdictMembers,
                },
                evidence: l.evidence,
              },
            ]
          : [];
      });
      const history = await audit.history(db, 'resource', String(r.id));
      return {
        resource: r,
        score,
        claims: facts.claims.filter((c) => visibleTo(c, audience)),
        sightings: visibleSightings(viewer, facts.sightings),
        links,
        history: visibleHistory(viewer, history),
        allowListed: facts.allow,
        decided: applyOverrides({ verdict: score.verdict, pin: r.pin }, facts.allow !== null, local),
      };
    },

    /**
     * One page of search results the viewer may see, newest first. Values hidden from the viewer are
     * skipped and reading goes on (by id, from where it stopped) until the page is full or the data ends,
     * so a page is short only at the end; `nextCursor` is given only when more visible values follow.
     */
    async searchPage(
      viewer: Actor,
      opts: SearchOptions,
    ): Promise<{ items: ResourceRecord[]; nextCursor?: string | undefined }> {
      const exact: Array<{ type: ResourceType; normalized: string }> = [];
      if (opts.q) {
        const { normalizeAny } = await import('./normalize/index.ts');
        for (const n of normalizeAny(opts.q, core.deps.normalize))
          exact.push({ type: n.type, normalized: n.normalized });
      }
      const items: ResourceRecord[] = [];
      let afterId = opts.afterId;
      // One more than the page, to know whether another page follows.
      while (items.length <= opts.limit) {
        const asked = Math.min(Math.max(opts.limit + 1 - items.length, 100), 5_000);
        const found = await repo.search(db, {
          exact,
          text: opts.q?.trim() || undefined,
          type: opts.type,
          verdict: opts.verdict,
          status: opts.status,
          limit: asked,
          afterId,
        });
        for (const r of await visibleOf(viewer, found)) if (items.length <= opts.limit) items.push(r);
        const last = found[found.length - 1];
        if (found.length < asked || !last) break;
        afterId = last.id;
      }
      const page = items.slice(0, opts.limit);
      const end = page[page.length - 1];
      return items.length > opts.limit && end ? { items: page, nextCursor: String(end.id) } : { items: page };
    },

    /** The first `limit` values the viewer may see (see `searchPage`). */
    async search(viewer: Actor, opts: SearchOptions): Promise<ResourceRecord[]> {
      return (await queries.searchPage(viewer, opts)).items;
    },

    /** The claims on these values that the viewer may see (export, bulk views). */
    async visibleClaims(viewer: Actor, resourceIds: readonly number[]): Promise<ClaimRecord[]> {
      const audience = audienceOf(viewer);
      return (await repo.claimsFor(db, resourceIds)).filter((c) => visibleTo(c, audience));
    },

    getById: (id: number): Promise<ResourceRecord | undefined> => repo.findResourceById(db, id),
    findResource: (type: ResourceType, normalized: string): Promise<ResourceRecord | undefined> =>
      repo.findResource(db, type, normalized),
    scanStanding: () => repo.scanStanding(db),
    changesSince: (seq: number, limit: number) => repo.changesSince(db, seq, limit),
    changeRefsSince: (seq: number, limit: number) => repo.changeRefsSince(db, seq, limit),
    /** The values with these ids as stored now. */
    resourcesByIds: (ids: readonly number[]) => repo.findResourcesByIds(db, ids),
    /** The change number a record this process announced was written under, if it was. */
    changeSeqOf: core.changeSeqOf,
    latestChange: (): Promise<number> => repo.latestChange(db),
    counts: () => repo.counts(db),

    listAllowEntries: (type: ResourceType | undefined, limit: number, offset: number) =>
      repo.listAllowEntries(db, { type, limit, offset }),
    scanAllowEntries: () => repo.scanAllowEntries(db),
  };
  return queries;
};
