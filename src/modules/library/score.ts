/**
 * Scoring of one value from its claims (交叉核验). Pure: everything it needs is passed in.
 *
 * - Each live claim weighs reliability(org) × confidence × decay; `suspicious` claims count at
 *   `suspiciousWeight`. Decay halves the weight every `halfLifeDays[type]` since the claim was last
 *   refreshed or the value last re-sighted.
 * - Claims of one organisation are one source: only its strongest counts. Independent organisations
 *   combine as a noisy-or, 1 − Π(1 − wᵢ): two sources at 0.6 give 0.84, one source twice stays 0.6.
 * - Benign claims (evidence against fraud) combine the same way and scale the score down; each false-
 *   positive sighting since the last fraud evidence halves it.
 * - Lifecycle and analysts have the last word: a pin sets the verdict; an allow-list entry wins over any
 *   block unless the pin overrides it; `confirmed`/`disposed` values are at least fraud; `released` and
 *   `expired` ones are not blocked.
 */
import type { ClaimVerdict, LifecycleState, ResourceType, Sharing, Verdict } from './library.types.ts';

export interface ScoringClaim {
  readonly id: number;
  readonly orgId: string;
  readonly reliability: number;
  readonly verdict: ClaimVerdict;
  readonly fraudType: string | null;
  readonly confidence: number;
  readonly sharing: Sharing;
  readonly updatedAt: number;
  readonly validUntil: number | null;
  readonly withdrawnAt: number | null;
}

export interface ScoringInput {
  readonly type: ResourceType;
  readonly status: LifecycleState;
  readonly claims: readonly ScoringClaim[];
  /** Time of the latest `seen` sighting, if any. */
  readonly lastSeenAt: number | null;
  /** False-positive sightings recorded after the newest fraud evidence. */
  readonly falsePositives: number;
  readonly pin: {
    readonly verdict: Verdict;
    readonly reason: string;
    readonly overridesAllow: boolean;
  } | null;
  readonly allowListed: { readonly label: string } | null;
}

export interface ScoringConfig {
  readonly halfLifeDays: Readonly<Record<ResourceType, number>>;
  readonly fraudThreshold: number;
  readonly suspiciousThreshold: number;
  readonly suspiciousWeight: number;
  readonly confirmedFloor: number;
}

/** Numbers and accounts get recycled fast; SMS templates and apps live longer; subjects are long-term. */
export const DEFAULT_SCORING: ScoringConfig = {
  halfLifeDays: {
    phone: 90,
    sms: 180,
    url: 30,
    domain: 120,
    ip: 14,
    app: 365,
    account: 180,
    bank: 180,
    device: 180,
    subject: 1825,
  },
  fraudThreshold: 0.75,
  suspiciousThreshold: 0.4,
  suspiciousWeight: 0.6,
  confirmedFloor: 0.9,
};

export interface Contribution {
  readonly claimId: number;
  readonly orgId: string;
  readonly verdict: ClaimVerdict;
  readonly reliability: number;
  readonly confidence: number;
  readonly decay: number;
  readonly weight: number;
  /** False when a stronger claim of the same organisation already counts. */
  readonly counted: boolean;
}

export interface ScoreResult {
  readonly score: number;
  readonly verdict: Verdict;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
  readonly sources: number;
  readonly contributions: readonly Contribution[];
}

const DAY = 86_400_000;

export type Audience = 'public' | 'members' | { readonly orgId: string };

export const visibleTo = (claim: { sharing: Sharing; orgId: string }, audience: Audience): boolean => {
  if (claim.sharing === 'public') return true;
  if (audience === 'public') return false;
  if (claim.sharing === 'members') return true;
  return audience !== 'members' && audience.orgId === claim.orgId;
};

export const scoreResource = (
  input: ScoringInput,
  audience: Audience,
  now: number,
  config: ScoringConfig = DEFAULT_SCORING,
): ScoreResult => {
  const halfLife = config.halfLifeDays[input.type] * DAY;
  const contributions: Contribution[] = [];
  const bestPositive = new Map<string, number>();
  const bestBenign = new Map<string, number>();
  const typeVotes = new Map<string, number>();
  const countedPositive = new Map<string, number>();
  const countedBenign = new Map<string, number>();
  for (const c of input.claims) {
    if (c.withdrawnAt !== null || (c.validUntil !== null && c.validUntil <= now) || !visibleTo(c, audience))
      continue;
    const refreshed = Math.max(c.updatedAt, input.lastSeenAt ?? 0);
    const decay = Math.pow(0.5, Math.max(0, now - refreshed) / halfLife);
    const factor = c.verdict === 'suspicious' ? config.suspiciousWeight : 1;
    const weight = clamp01(c.reliability) * clamp01(c.confidence) * decay * factor;
    const best = c.verdict === 'benign' ? bestBenign : bestPositive;
    const counter = c.verdict === 'benign' ? countedBenign : countedPositive;
    if (weight > (best.get(c.orgId) ?? 0)) {
      best.set(c.orgId, weight);
      counter.set(c.orgId, c.id);
    }
    contributions.push({
      claimId: c.id,
      orgId: c.orgId,
      verdict: c.verdict,
      reliability: c.reliability,
      confidence: c.confidence,
      decay,
      weight,
      counted: false,
    });
    if (c.verdict !== 'benign' && c.fraudType)
      typeVotes.set(c.fraudType, (typeVotes.get(c.fraudType) ?? 0) + weight);
  }
  // Only the strongest claim per organisation counts: mark it, once.
  const final = contributions.map((k) => ({
    ...k,
    counted: (k.verdict === 'benign' ? countedBenign : countedPositive).get(k.orgId) === k.claimId,
  }));
  const positive = noisyOr(bestPositive.values());
  const benign = noisyOr(bestBenign.values());
  let score = positive * (1 - benign) * Math.pow(0.5, input.falsePositives);
  const reasons: string[] = [];
  const sources = bestPositive.size;
  if (sources > 0)
    reasons.push(
      sources === 1 ? 'reported by 1 organisation' : `cross-verified by ${sources} independent organisations`,
    );
  if (bestBenign.size > 0) reasons.push(`${bestBenign.size} organisation(s) vouch for it`);
  if (input.falsePositives > 0) reasons.push(`${input.falsePositives} false-positive sighting(s)`);

  let verdict: Verdict =
    score >= config.fraudThreshold ? 'fraud' : score >= config.suspiciousThreshold ? 'suspicious' : 'unknown';
  switch (input.status) {
    case 'confirmed':
    case 'disposed':
    case 'appealed':
      score = Math.max(score, config.confirmedFloor);
      verdict = 'fraud';
      reasons.push(`lifecycle: ${input.status}`);
      break;
    case 'released':
      verdict = 'allowed';
      reasons.push('released after review or appeal');
      break;
    case 'expired':
      verdict = 'unknown';
      reasons.push('expired');
      break;
    case 'reported':
    case 'under_review':
      break;
  }
  if (input.allowListed && !(input.pin?.overridesAllow ?? false)) {
    verdict = 'allowed';
    reasons.unshift(`allow-listed: ${input.allowListed.label}`);
  } else if (input.pin) {
    verdict = input.pin.verdict;
    if (verdict === 'fraud') score = Math.max(score, config.confirmedFloor);
    reasons.unshift(`pinned by analyst: ${input.pin.reason}`);
  }
  let fraudType: string | null = null;
  let bestVote = 0;
  for (const [t, v] of typeVotes) if (v > bestVote) [fraudType, bestVote] = [t, v];
  return { score: round3(score), verdict, fraudType, reasons, sources, contributions: final };
};

const noisyOr = (weights: Iterable<number>): number => {
  let miss = 1;
  for (const w of weights) miss *= 1 - w;
  return 1 - miss;
};
const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
const round3 = (v: number): number => Math.round(v * 1000) / 1000;
