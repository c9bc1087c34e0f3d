/**
 * The verdict thresholds: the score at and above which a value reads `fraud`, and `suspicious`. They are
 * the one part of scoring the regulator tunes at run time, so they live in the `settings` table (under
 * `THRESHOLDS_SETTING`) and the rest of `DEFAULT_SCORING` stays in code.
 */
import { invalidInput } from '../../shared/errors.ts';
import { DEFAULT_SCORING, type ScoringConfig } from './score.ts';
import type { Verdict } from './library.types.ts';

export const THRESHOLDS_SETTING = 'scoring.thresholds';

export interface VerdictThresholds {
  readonly fraud: number;
  readonly suspicious: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = {
  fraud: DEFAULT_SCORING.fraudThreshold,
  suspicious: DEFAULT_SCORING.suspiciousThreshold,
};

/** Both thresholds lie in (0, 1] and `suspicious` stays below `fraud`; else a 400 naming the field. */
export const checkThresholds = (t: VerdictThresholds): VerdictThresholds => {
  if (!(Number.isFinite(t.fraud) && t.fraud > 0 && t.fraud <= 1))
    throw invalidInput('fraud', 'fraud is a score above 0 and at most 1');
  if (!(Number.isFinite(t.suspicious) && t.suspicious > 0 && t.suspicious <= 1))
    throw invalidInput('suspicious', 'suspicious is a score above 0 and at most 1');
  if (t.suspicious >= t.fraud) throw invalidInput('suspicious', 'suspicious must be below fraud');
  return { fraud: t.fraud, suspicious: t.suspicious };
};

/** The stored setting, or the defaults when none (or an unreadable one) is stored. */
export const parseThresholds = (stored: string | undefined): VerdictThresholds => {
  if (stored === undefined) return DEFAULT_THRESHOLDS;
  try {
    const v = JSON.parse(stored) as Partial<VerdictThresholds>;
    return checkThresholds({ fraud: Number(v.fraud), suspicious: Number(v.suspicious) });
  } catch {
    return DEFAULT_THRESHOLDS;
  }
};

export const scoringWith = (t: VerdictThresholds): ScoringConfig => ({
  ...DEFAULT_SCORING,
  fraudThreshold: t.fraud,
  suspiciousThreshold: t.suspicious,
});

/** The verdict a score earns under these thresholds (what `scoreResource` does before lifecycle and pins). */
export const verdictOfScore = (score: number, t: VerdictThresholds): Verdict =>
  score >= t.fraud ? 'fraud' : score >= t.suspicious ? 'suspicious' : 'unknown';
