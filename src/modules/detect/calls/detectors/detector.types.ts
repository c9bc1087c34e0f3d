/**
 * What every call detector is: `id@version`, a config schema with thresholds as data,
 * and a pure `evaluate(input, features, config)` that returns a score, a verdict and its reasons.
 */
import type { TSchema, Static } from '@sinclair/typebox';

export const CALL_VERDICTS = ['fraud', 'suspicious', 'normal'] as const;
export type CallVerdict = (typeof CALL_VERDICTS)[number];

export interface Reason {
  readonly code: string;
  readonly message: string;
  readonly value?: number;
  readonly threshold?: number;
}

export interface Evaluation {
  readonly score: number;
  readonly verdict: CallVerdict;
  readonly reasons: readonly Reason[];
}

export interface CallDetector<Input, Features, Schema extends TSchema> {
  readonly id: string;
  readonly version: string;
  readonly configSchema: Schema;
  readonly defaultConfig: Static<Schema>;
  evaluate(input: Input, features: Features, config: Static<Schema>): Evaluation;
}

export const detectorName = (d: { id: string; version: string }): string => `${d.id}@${d.version}`;

/** A weighted rule list: each rule that holds adds its weight and its reason. Shared by the rule detectors. */
export const scoreRules = (
  rules: ReadonlyArray<{ holds: boolean; weight: number; reason: Reason }>,
  fraudAt: number,
  suspiciousAt: number,
): Evaluation => {
  let score = 0;
  const reasons: Reason[] = [];
  for (const r of rules)
    if (r.holds) {
      score += r.weight;
      reasons.push(r.reason);
    }
  score = Math.min(1, Math.round(score * 1000) / 1000);
  const verdict: CallVerdict = score >= fraudAt ? 'fraud' : score >= suspiciousAt ? 'suspicious' : 'normal';
  return { score, verdict, reasons };
};
