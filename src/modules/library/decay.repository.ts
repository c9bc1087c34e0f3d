/** The decay job's reads: which values are due for a rescore. */
import { sql } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import { resourceRowToRecord } from './library.rows.ts';
import type { ResourceRecord } from './library.types.ts';
import type { ResourceType } from './library.types.ts';

// Verbatim the predicate of the partial index resources_decay_idx (migration 0009).
const CAN_DECAY = sql<boolean>`(score_members > 0 or verdict_members <> 'unknown' or verdict_public <> 'unknown')`;

export const decayRepository = () => ({
  /** Values of one type scored before `scoredBefore`, most overdue first. */
  async staleScores(
    tx: Executor,
    type: ResourceType,
    scoredBefore: number,
    limit: number,
  ): Promise<ResourceRecord[]> {
    const rows = await tx
      .selectFrom('resources')
      .selectAll()
      .where('type', '=', type)
      .where('scored_at', '<', scoredBefore)
      .where(CAN_DECAY)
      .where('status', '<>', 'expired')
      .orderBy('scored_at')
      .limit(limit)
      .execute();
    return rows.map(resourceRowToRecord);
  },

  /** Values with a claim that stopped being valid in (`since`, `now`] after the value was last scored. */
  async lapsedClaims(tx: Executor, since: number, now: number, limit: number): Promise<ResourceRecord[]> {
    const ids = await tx
      .selectFrom('claims')
      .innerJoin('resources', 'resources.id', 'claims.resource_id')
      .select('claims.resource_id')
      .distinct()
      .where('claims.valid_until', 'is not', null)
      .where('claims.valid_until', '>', since)
      .where('claims.valid_until', '<=', now)
      .whereRef('claims.valid_until', '>', 'resources.scored_at')
      .limit(limit)
      .execute();
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('resources')
      .selectAll()
      .where(
        'id',
        'in',
        ids.map((r) => r.resource_id),
      )
      .execute();
    return rows.map(resourceRowToRecord);
  },
});

export type DecayRepository = ReturnType<typeof decayRepository>;
