/**
 * Decay that happens: scores halve every half-life of the type unless re-sighted, so a stored score is only
 * true as of when it was computed. This job, run on a schedule by the workers role, rescores the values
 * whose stored score has aged the most (at most `limit` a run, so one run never holds the database long),
 * and moves a value that has decayed to almost nothing and been silent for a half-life to `expired`.
 * Rescored values reach the hot index through the library's listeners (this process) and its change feed
 * (every other process).
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import type { DecayRepository } from './decay.repository.ts';
import type { ResourceRecord } from './library.types.ts';
import type { LibraryService } from './library.service.ts';
import { RESOURCE_TYPES, type ResourceType } from './library.types.ts';
import { DEFAULT_SCORING, type ScoringConfig } from './score.ts';

const DAY = 86_400_000;
/**
 * A score is due again after 1/64 of its type's half-life: by then it has moved about 1 % (0.5^(1/64)),
 * e.g. every 5¼ hours for an IP (14 days), every 34 hours for a phone number (90 days).
 */
const RESCORE_FRACTION = 64;
/** Below this score, after a half-life without a claim or sighting, a reported value expires. */
export const EXPIRE_BELOW = 0.05;
/** A claim that lapsed longer ago than this and was missed (the workers were down) waits for its turn. */
const LAPSED_LOOKBACK_MS = 7 * DAY;

export interface DecayDeps {
  readonly db: Db;
  readonly repo: DecayRepository;
  readonly library: Pick<LibraryService, 'rescoreValues' | 'transitionIn' | 'notify'>;
  readonly clock: Clock;
  readonly scoring?: ScoringConfig;
}

export interface DecayRun {
  readonly rescored: number;
  readonly expired: number;
}

export const decayService = (deps: DecayDeps) => {
  const scoring = deps.scoring ?? DEFAULT_SCORING;
  const halfLife = (type: ResourceType): number => scoring.halfLifeDays[type] * DAY;

  const dueValues = async (now: number, limit: number): Promise<ResourceRecord[]> => {
    const due = new Map<number, ResourceRecord>();
    const add = (rs: readonly ResourceRecord[]) => {
      for (const r of rs) if (due.size < limit) due.set(r.id, r);
    };
    add(await deps.repo.lapsedClaims(deps.db, now - LAPSED_LOOKBACK_MS, now, limit));
    // Each type first gets its share, then what is left goes to types in order: one type's backlog does
    // not starve the others.
    const share = Math.max(1, Math.ceil(limit / RESOURCE_TYPES.length));
    const taken = new Map<ResourceType, number>();
    for (const pass of [share, limit])
      for (const type of RESOURCE_TYPES) {
        const room = Math.min(pass, limit - due.size);
        if (room <= 0) break;
        // The second pass reads the first pass's values again (most overdue first) and skips them.
        const before = taken.get(type) ?? 0;
        const stale = await deps.repo.staleScores(
          deps.db,
          type,
          now - halfLife(type) / RESCORE_FRACTION,
          room + before,
        );
        const size = due.size;
        add(stale);
        taken.set(type, before + due.size - size);
      }
    return [...due.values()];
  };

  const shouldExpire = (r: ResourceRecord, now: number): boolean =>
    (r.status === 'reported' || r.status === 'under_review') &&
    r.pin === null &&
    r.verdictMembers !== 'allowed' &&
    r.scoreMembers < EXPIRE_BELOW &&
    now - r.lastSeen >= halfLife(r.type);

  return {
    /** One bounded run: rescores at most `limit` due values and expires those that decayed away. */
    async run(limit = 2000): Promise<DecayRun> {
      const now = deps.clock.now().getTime();
      const rescored = await deps.library.rescoreValues(await dueValues(now, limit));
      const fading = rescored.filter((r) => shouldExpire(r, now));
      for (let i = 0; i < fading.length; i += 500) {
        const part = fading.slice(i, i + 500);
        const changed = await deps.db.transaction().execute(async (tx) => {
          const out: ResourceRecord[] = [];
          for (const r of part)
            out.push(
              ...(await deps.library.transitionIn(
                tx,
                SYSTEM_ACTOR,
                r.id,
                'expired',
                `score decayed below ${EXPIRE_BELOW} with no claim or sighting for a half-life`,
              )),
            );
          return out;
        });
        deps.library.notify(changed);
      }
      return { rescored: rescored.length, expired: fading.length };
    },
  };
};

export type DecayService = ReturnType<typeof decayService>;
