/**
 * The regulator's verdict thresholds: read them, compare a proposed set with the one in force without
 * applying it (shadow mode), and apply a set with a reason. Applying writes the setting and its audit
 * entry in one transaction, then rescores the values whose verdict the new thresholds change, so the
 * library, the hot lookup index and every list that follows it agree at once.
 *
 * Only values whose verdict follows from their score are compared: those still `reported` or
 * `under_review`, without an analyst's pin and not allow-listed. Lifecycle states and pins decide the
 * others whatever the thresholds say.
 */
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { invalidInput } from '../../shared/errors.ts';
import { NATIONAL, requireMay } from '../../shared/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { ResourceRecord, ResourceType, Verdict } from '../library/library.types.ts';
import {
  checkThresholds,
  DEFAULT_THRESHOLDS,
  parseThresholds,
  THRESHOLDS_SETTING,
  verdictOfScore,
  type VerdictThresholds,
} from '../library/thresholds.ts';
import type { SettingsRepository } from './settings.repository.ts';

export interface ThresholdsState {
  readonly thresholds: VerdictThresholds;
  readonly defaults: VerdictThresholds;
}

export interface ShadowTransition {
  readonly type: ResourceType;
  readonly from: Verdict;
  readonly to: Verdict;
  readonly count: number;
}

export interface ShadowSample {
  readonly type: ResourceType;
  readonly value: string;
  readonly score: number;
  readonly from: Verdict;
  readonly to: Verdict;
}

export interface ShadowComparison {
  readonly current: VerdictThresholds;
  readonly proposed: VerdictThresholds;
  /** Values whose verdict follows from their score, all of which were compared. */
  readonly evaluated: number;
  /** Values whose members-level verdict would change. */
  readonly changed: number;
  /** Values whose public verdict (anonymous lookups) would change. */
  readonly changedPublic: number;
  /** Members-level changes per value type and per verdict move, largest first. */
  readonly transitions: ShadowTransition[];
  /** Some of the values that would change: the highest-scored few of each type. */
  readonly sample: ShadowSample[];
}

export interface ThresholdsDeps {
  readonly db: Db;
  readonly settings: SettingsRepository;
  readonly audit: AuditService;
  readonly library: Pick<LibraryService, 'rescoreValues' | 'forgetScoring'>;
  readonly findResources: (db: Db, ids: readonly number[]) => Promise<ResourceRecord[]>;
}

/** Values named per type in the comparison's sample, so that a rare type is not crowded out. */
const SAMPLE_PER_TYPE = 5;
const BATCH = 500;

/** Only a score between the old and the new threshold can move a verdict. */
const band = (a: number, b: number): readonly [number, number] => [Math.min(a, b), Math.max(a, b)];

export const thresholdsService = (deps: ThresholdsDeps) => {
  const { db, settings, audit } = deps;

  const current = async (): Promise<VerdictThresholds> =>
    parseThresholds(await settings.get(db, THRESHOLDS_SETTING));

  /** The full comparison; `ids` lists every value whose verdict would change (for applying). */
  const compare = async (
    now: VerdictThresholds,
    next: VerdictThresholds,
  ): Promise<ShadowComparison & { readonly ids: readonly number[] }> => {
    const eligible = db
      .selectFrom('resources')
      .where('status', 'in', ['reported', 'under_review'])
      .where('pin_verdict', 'is', null)
      .where('verdict_members', '!=', 'allowed');
    const counted = await eligible.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const bands = [band(now.fraud, next.fraud), band(now.suspicious, next.suspicious)].filter(
      ([lo, hi]) => lo < hi,
    );
    const rows =
      bands.length === 0
        ? []
        : await eligible
            .select(['id', 'type', 'display', 'score_members', 'score_public'])
            .where((eb) =>
              eb.or(
                bands.flatMap(([lo, hi]) => [
                  eb.and([eb('score_members', '>=', lo), eb('score_members', '<', hi)]),
                  eb.and([eb('score_public', '>=', lo), eb('score_public', '<', hi)]),
                ]),
              ),
            )
            .orderBy('score_members', 'desc')
            .orderBy('id')
            .execute();
    const transitions = new Map<string, ShadowTransition>();
    const sample: ShadowSample[] = [];
    const perType = new Map<string, number>();
    const ids: number[] = [];
    let changed = 0;
    let changedPublic = 0;
    for (const r of rows) {
      const type = r.type as ResourceType;
      const from = verdictOfScore(r.score_members, now);
      const to = verdictOfScore(r.score_members, next);
      const publicMoves = verdictOfScore(r.score_public, now) !== verdictOfScore(r.score_public, next);
      if (publicMoves) changedPublic++;
      if (from !== to) {
        changed++;
        const key = `${r.type}\u0000${from}\u0000${to}`;
        const t = transitions.get(key);
        transitions.set(key, { type, from, to, count: (t?.count ?? 0) + 1 });
        const shown = (perType.get(type) ?? 0) + 1;
        perType.set(type, shown);
        if (shown <= SAMPLE_PER_TYPE)
          sample.push({ type, value: r.display, score: r.score_members, from, to });
      }
      if (from !== to || publicMoves) ids.push(Number(r.id));
    }
    return {
      current: now,
      proposed: next,
      evaluated: Number(counted.n),
      changed,
      changedPublic,
      transitions: [...transitions.values()].sort(
        (a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.from.localeCompare(b.from),
      ),
      sample,
      ids,
    };
  };

  return {
    async read(actor: Actor): Promise<ThresholdsState> {
      requireMay(actor, 'thresholds.read');
      return { thresholds: await current(), defaults: DEFAULT_THRESHOLDS };
    },

    /** What the proposed thresholds would change, against the ones in force; nothing is written. */
    async shadow(actor: Actor, proposed: VerdictThresholds): Promise<ShadowComparison> {
      requireMay(actor, 'thresholds.shadow');
      const { ids: _ids, ...comparison } = await compare(await current(), checkThresholds(proposed));
      return comparison;
    },

    /** Applies the thresholds nationally, audited with the reason, and rescores the values they move. */
    async apply(
      actor: Actor,
      proposed: VerdictThresholds,
      reason: string,
    ): Promise<ThresholdsState & { readonly rescored: number }> {
      requireMay(actor, 'thresholds.write', { scope: NATIONAL });
      const next = checkThresholds(proposed);
      const why = reason.trim();
      if (why === '') throw invalidInput('reason', 'a reason is required');
      const before = await current();
      const { ids, changed, changedPublic } = await compare(before, next);
      await db.transaction().execute(async (tx) => {
        await settings.put(tx, THRESHOLDS_SETTING, JSON.stringify(next));
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'thresholds.write',
          entityType: 'settings',
          entityId: THRESHOLDS_SETTING,
          reason: why,
          data: { scope: NATIONAL, before: { ...before }, after: { ...next }, changed, changedPublic },
        });
      });
      deps.library.forgetScoring();
      let rescored = 0;
      for (let i = 0; i < ids.length; i += BATCH)
        rescored += (await deps.library.rescoreValues(await deps.findResources(db, ids.slice(i, i + BATCH))))
          .length;
      return { thresholds: next, defaults: DEFAULT_THRESHOLDS, rescored };
    },
  };
};

export type ThresholdsService = ReturnType<typeof thresholdsService>;
