/**
 * Owners' standings: a value an organisation holds private claims on is scored, for that organisation
 * only, with its own private claims counted beside every members-shared and public one. Nobody else's
 * answer counts them. The hot lookups of the owner read these standings (lookups/org-views.ts).
 */
import type { Executor } from '../../adapters/db/database.ts';
import { valueKey, type LibraryCore } from './library.core.ts';
import { scoringInput } from './library.scoring.ts';
import type { ResourceRecord, Verdict } from './library.types.ts';
import { scoreResource } from './score.ts';

export interface OwnerStanding {
  readonly verdict: Verdict;
  readonly score: number;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
}

/** Standings per value key (`valueKey`), each a map from the owning organisation to its standing. */
export type OwnerStandings = Map<string, Map<string, OwnerStanding>>;

export const privateStandings = (core: LibraryCore) => {
  const { db, repo, clock } = core.deps;

  /**
   * The owners' standings of these values as they stand now. Every value given has an entry (empty when
   * no owner sees it differently from the members' answer), so a caller can drop standings that ended.
   */
  const standingsOf = async (
    resources: readonly ResourceRecord[],
    tx: Executor = db,
  ): Promise<OwnerStandings> => {
    const out: OwnerStandings = new Map();
    for (const r of resources) out.set(valueKey(r.type, r.normalized), new Map());
    // Most changed values have no private claim: one indexed read finds those that do, and only they
    // are scored again (a bulk import of shared claims costs this read and nothing more).
    const withPrivate = new Set<number>();
    for (let i = 0; i < resources.length; i += 800) {
      const rows = await tx
        .selectFrom('claims')
        .select('resource_id')
        .distinct()
        .where(
          'resource_id',
          'in',
          resources.slice(i, i + 800).map((r) => r.id),
        )
        .where('sharing', '=', 'private')
        .where('withdrawn_at', 'is', null)
        .execute();
      for (const r of rows) withPrivate.add(r.resource_id);
    }
    const scored = resources.filter((r) => withPrivate.has(r.id));
    if (scored.length === 0) return out;
    const now = clock.now().getTime();
    const facts = await core.loadFacts(tx, scored);
    const orgs = await core.organisations(tx);
    for (const r of scored) {
      const f = facts.get(r.id);
      if (!f) continue;
      const owners = new Set(
        f.claims
          .filter(
            (c) =>
              c.sharing === 'private' &&
              c.withdrawnAt === null &&
              (c.validUntil === null || c.validUntil > now),
          )
          .map((c) => c.orgId),
      );
      if (owners.size === 0) continue;
      const input = scoringInput(r, f, orgs);
      const standings = out.get(valueKey(r.type, r.normalized));
      for (const orgId of owners) {
        const s = scoreResource(input, { orgId }, now);
        if (s.verdict === r.verdictMembers && s.score === r.scoreMembers) continue;
        standings?.set(orgId, {
          verdict: s.verdict,
          score: s.score,
          fraudType: s.fraudType,
          reasons: s.reasons,
        });
      }
    }
    return out;
  };

  return {
    standingsOf,

    /** Every value someone holds a live private claim on, with its owners' standings, in pages. */
    async *scanStandings(pageSize = 2_000): AsyncGenerator<OwnerStandings> {
      let after = 0;
      for (;;) {
        const ids = (
          await db
            .selectFrom('claims')
            .select('resource_id')
            .distinct()
            .where('sharing', '=', 'private')
            .where('withdrawn_at', 'is', null)
            .where('resource_id', '>', after)
            .orderBy('resource_id')
            .limit(pageSize)
            .execute()
        ).map((r) => r.resource_id);
        const last = ids[ids.length - 1];
        if (last === undefined) return;
        after = last;
        yield standingsOf(await repo.findResourcesByIds(db, ids));
      }
    },
  };
};

export type PrivateStandings = ReturnType<typeof privateStandings>;
