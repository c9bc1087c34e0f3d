/** Glue between stored facts and the pure scorer: the two audiences the hot index serves, and the row to store. */
import type { Organisation } from '../access/access.types.ts';
import type { ClaimRecord, ResourceRecord, ResourceWrite, SightingRecord } from './library.repository.ts';
import { scoreResource, type ScoreResult, type ScoringInput } from './score.ts';

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
): AudienceScores => {
  const input = scoringInput(r, f, orgs);
  return { public: scoreResource(input, 'public', now), members: scoreResource(input, 'members', now) };
};

export const buildResourceWrite = (
  r: ResourceRecord,
  s: AudienceScores | undefined,
  now: number,
): ResourceWrite => ({
  type: r.type,
  normalized: r.normalized,
  display: r.display,
  attributes: JSON.stringify(r.attributes),
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
  reasons: JSON.stringify(s?.members.reasons ?? r.reasons),
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
