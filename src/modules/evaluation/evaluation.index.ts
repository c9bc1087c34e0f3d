/**
 * The evaluation index (评价指数) of an organisation for a period, computed from facts (pure): reaction
 * time to work orders, share answered on time, appeals upheld against it (its false positives), and its
 * contribution of claims that were confirmed. Weights and scales are data.
 */
export interface EvaluationFacts {
  readonly orgId: string;
  readonly workOrders: number;
  readonly responded: number;
  readonly done: number;
  readonly refused: number;
  readonly onTime: number;
  /** Minutes from order to answer, one per answered order. */
  readonly reactionMinutes: readonly number[];
  readonly appealsUpheldAgainst: number;
  readonly confirmedClaims: number;
}

export const INDEX_CONFIG = {
  weights: { onTime: 0.4, reaction: 0.2, accuracy: 0.2, contribution: 0.2 },
  /** Reaction scores 1 at or under `goodMinutes`, falling linearly to 0 at `badMinutes`. */
  goodMinutes: 60,
  badMinutes: 24 * 60,
  /** Confirmed claims in the period that earn full contribution marks. */
  contributionTarget: 20,
} as const;

export interface EvaluationIndex {
  readonly orgId: string;
  readonly index: number;
  readonly components: {
    readonly onTime: number | null;
    readonly reaction: number | null;
    readonly accuracy: number | null;
    readonly contribution: number;
  };
  readonly medianReactionMinutes: number | null;
  readonly facts: EvaluationFacts;
}

export const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** Components without data (no work orders) are left out and the remaining weights rescaled. */
export const computeIndex = (f: EvaluationFacts, config = INDEX_CONFIG): EvaluationIndex => {
  const med = median(f.reactionMinutes);
  const onTime = f.workOrders > 0 ? f.onTime / f.workOrders : null;
  const reaction =
    med === null
      ? null
      : Math.max(0, Math.min(1, (config.badMinutes - med) / (config.badMinutes - config.goodMinutes)));
  const accuracy =
    f.done > 0 || f.appealsUpheldAgainst > 0
      ? Math.max(0, 1 - f.appealsUpheldAgainst / Math.max(1, f.done))
      : null;
  const contribution = Math.min(1, f.confirmedClaims / config.contributionTarget);
  const parts: Array<[number | null, number]> = [
    [onTime, config.weights.onTime],
    [reaction, config.weights.reaction],
    [accuracy, config.weights.accuracy],
    [contribution, config.weights.contribution],
  ];
  let sum = 0;
  let weight = 0;
  for (const [v, w] of parts) {
    if (v === null) continue;
    sum += v * w;
    weight += w;
  }
  return {
    orgId: f.orgId,
    index: weight > 0 ? round((100 * sum) / weight) : 0,
    components: {
      onTime: onTime === null ? null : round(onTime),
      reaction: reaction === null ? null : round(reaction),
      accuracy: accuracy === null ? null : round(accuracy),
      contribution: round(contribution),
    },
    medianReactionMinutes: med === null ? null : round(med),
    facts: f,
  };
};
