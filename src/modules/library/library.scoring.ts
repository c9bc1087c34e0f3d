/** Glue between stored facts and the pure scorer: the two audiences the hot index serves, and the row to store. */
import type { Organisation } from '../access/access.types.ts';
import type { ResourceWrite } from './library.rows.ts';
import type { ClaimRecord, ResourceRecord, SightingRecord } from './library.types.ts';
import type { Attributes, NormalizedValue } from './library.types.ts';
import {
  DEFAULT_SCORING,
  scoreResource,
  type ScoreResult,
  type ScoringConfig,
  type ScoringInput,
} from './score.ts';

export interface ScoringFacts {
  readonly claims: ClaimRecord[];
  readonly sightings: SightingRecord[];
  readonly allow: { readonly label: string; readonly reason: string } | null;
}

export interface AudienceScores {
  readonly public: ScoreResult;
  readonly members: ScoreResult;
}

export const falsePositivesOf = (f: ScoringFacts): number => {
  const newestEvidence = Math.max(
    0,
    ...f.claims.filter((c) => c.verdict !== 'benign').map((c) => c.updatedAt),
  );
  return f.sightings.filter((s) => s.kind === 'false_positive' && s.at >= newestEvidence).length;
};

export const scoringInput = (
  r: ResourceRecord,
  f: ScoringFacts,
  orgs: ReadonlyMap<string, Organisation>,
): ScoringInput => ({
  type: r.type,
  status: r.status,
  claims: f.claims.map((c) => ({ ...c, reliability: orgs.get(c.orgId)?.reliability ?? 0.5 })),
  lastSeenAt: f.sightings.reduce<number | null>(
    (m, s) => (s.kind === 'seen' && (m === null || s.at > m) ? s.at : m),
    null,
  ),
  falsePositives: falsePositivesOf(f),
  pin: r.pin,
  allowListed: f.allow,
});

export const scoreAudiences = (
  r: ResourceRecord,
  f: ScoringFacts,
  orgs: ReadonlyMap<string, Organisation>,
  now: number,
  config: ScoringConfig = DEFAULT_SCORING,
): AudienceScores => {
  const input = scoringInput(r, f, orgs);
  return {
    public: scoreResource(input, 'public', now, config),
    members: scoreResource(input, 'members', now, config),
  };
};

/** Serialised frozen attribute objects (shared by many values, see the phone normaliser), by identity. */
const FROZEN_ATTRIBUTES_JSON = new WeakMap<Attributes, string>();
/** A value's attributes as stored; a frozen object cannot change, so its text is kept and reused. */
export const attributesJson = (a: Attributes): string => {
  if (!Object.isFrozen(a)) return JSON.stringify(a);
  let text = FROZEN_ATTRIBUTES_JSON.get(a);
  if (text === undefined) FROZEN_ATTRIBUTES_JSON.set(a, (text = JSON.stringify(a)));
  return text;
};

export const buildResourceWrite = (
  r: ResourceRecord,
  s: AudienceScores | undefined,
  now: number,
  reasonsJson?: string,
): ResourceWrite => ({
  type: r.type,
  normalized: r.normalized,
  display: r.display,
  attributes: attributesJson(r.attributes),
  status: r.status,
  first_seen: r.firstSeen,
  last_seen: r.lastSeen,
  pin_verdict: r.pin?.verdict ?? null,
  pin_reason: r.pin?.reason ?? null,
  pin_by: r.pin?.by ?? null,
  pin_at: r.pin?.at ?? null,
  pin_overrides_allow: r.pin?.overridesAllow ? 1 : 0,
  verdict_public: s?.public.verdict ?? r.verdictPublic,
  score_public: s?.public.score ?? r.scorePublic,
  verdict_members: s?.members.verdict ?? r.verdictMembers,
  score_members: s?.members.score ?? r.scoreMembers,
  fraud_type: s ? (s.members.fraudType ?? s.public.fraudType) : r.fraudType,
  reasons: reasonsJson ?? JSON.stringify(s?.members.reasons ?? r.reasons),
  scored_at: now,
  updated_at: now,
});

/** The record as stored after scoring, without reading it back. */
export const withScores = (r: ResourceRecord, s: AudienceScores, now: number): ResourceRecord => ({
  ...r,
  verdictPublic: s.public.verdict,
  scorePublic: s.public.score,
  verdictMembers: s.members.verdict,
  scoreMembers: s.members.score,
  fraudType: s.members.fraudType ?? s.public.fraudType,
  reasons: s.members.reasons,
  updatedAt: now,
});

/** A value's first scores and their stored reasons. */
export interface FreshScores {
  readonly scores: AudienceScores;
  /** `scores.members.reasons` as stored, serialised once. */
  readonly reasonsJson: string;
}

/**
 * Scores of values new to the library (status `reported`, no pin, no earlier claims or sightings), computed
 * once per distinct set of claims. Such a value's standing depends only on its type, its allow-list entry and
 * what its claims say; the batch's clock and organisations are fixed. A bulk import where most lines say the
 * same thing about different values therefore scores a handful of times, not once per value, and every value
 * gets exactly what `scoreAudiences` gives: the memo key holds every input the scorer reads.
 */
export const freshScorer = (
  orgs: ReadonlyMap<string, Organisation>,
  now: number,
  config: ScoringConfig = DEFAULT_SCORING,
) => {
  const memo = new Map<string, FreshScores>();
  // The previous call's inputs and answer: lines of a bulk file mostly repeat what the line before said, and
  // comparing the fields costs less than building and hashing the memo key.
  let last:
    | { type: string; allow: ScoringFacts['allow']; claims: readonly ClaimRecord[]; hit: FreshScores }
    | undefined;
  return (v: NormalizedValue, claims: readonly ClaimRecord[], allow: ScoringFacts['allow']): FreshScores => {
    if (last && last.type === v.type && last.allow === allow && sameScoringFields(last.claims, claims))
      return last.hit;
    let k = `${v.type}\u0001${allow === null ? '' : `${allow.label}\u0001${allow.reason}`}`;
    for (const c of claims)
      k += `\u0002${c.id}\u0000${c.orgId}\u0000${c.verdict}\u0000${c.fraudType}\u0000${c.confidence}\u0000${c.sharing}\u0000${c.validUntil}\u0000${c.updatedAt}\u0000${c.withdrawnAt}`;
    let hit = memo.get(k);
    if (hit === undefined) {
      const scores = scoreAudiences(
        freshRecord(v, v.attributes, undefined, now),
        { claims: [...claims], sightings: [], allow },
        orgs,
        now,
        config,
      );
      hit = { scores, reasonsJson: JSON.stringify(scores.members.reasons) };
      memo.set(k, hit);
    }
    last = { type: v.type, allow, claims, hit };
    return hit;
  };
};

/** Whether two lists of claims agree on every field the memo key of `freshScorer` holds. */
const sameScoringFields = (a: readonly ClaimRecord[], b: readonly ClaimRecord[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x === undefined ||
      y === undefined ||
      x.id !== y.id ||
      x.orgId !== y.orgId ||
      x.verdict !== y.verdict ||
      x.fraudType !== y.fraudType ||
      x.confidence !== y.confidence ||
      x.sharing !== y.sharing ||
      x.validUntil !== y.validUntil ||
      x.updatedAt !== y.updatedAt ||
      x.withdrawnAt !== y.withdrawnAt
    )
      return false;
  }
  return true;
};

/** The record of a value new to the library, with its first scores when it has them. */
export const freshRecord = (
  v: NormalizedValue,
  attributes: Attributes,
  s: AudienceScores | undefined,
  now: number,
): ResourceRecord => ({
  id: 0,
  type: v.type,
  normalized: v.normalized,
  display: v.display,
  attributes,
  status: 'reported',
  firstSeen: now,
  lastSeen: now,
  pin: null,
  verdictPublic: s?.public.verdict ?? 'unknown',
  scorePublic: s?.public.score ?? 0,
  verdictMembers: s?.members.verdict ?? 'unknown',
  scoreMembers: s?.members.score ?? 0,
  fraudType: s ? (s.members.fraudType ?? s.public.fraudType) : null,
  reasons: s?.members.reasons ?? [],
  updatedAt: now,
});
