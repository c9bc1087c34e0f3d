/**
 * 踢网: a number entering a key region (regions.data.ts) without a 报备 pre-registration covering the
 * time is cut from the network (action `kick`), with a restore path after appeal (复机). Residents of
 * the region and pre-registered travellers are never acted on.
 */
import { Type } from '@sinclair/typebox';
import type { CallDetector } from './detector.types.ts';

export const KickConfigSchema = Type.Object({
  /** Wait this long after entry before acting, so a pre-registration or a residence record can arrive. */
  decisionDelayMs: Type.Integer({ default: 600_000 }),
});

export interface KickInput {
  readonly region: string;
  readonly enteredAt: number;
  readonly resident: boolean;
  readonly preRegistered: boolean;
}

export const kickDetector: CallDetector<KickInput, Record<string, never>, typeof KickConfigSchema> = {
  id: 'calls.key-region',
  version: '1.0.0',
  configSchema: KickConfigSchema,
  defaultConfig: { decisionDelayMs: 600_000 },
  evaluate(input) {
    if (input.resident)
      return {
        score: 0,
        verdict: 'normal',
        reasons: [{ code: 'resident', message: `lives in ${input.region}` }],
      };
    if (input.preRegistered)
      return {
        score: 0,
        verdict: 'normal',
        reasons: [{ code: 'pre_registered', message: `报备 pre-registration covers ${input.region}` }],
      };
    return {
      score: 0.9,
      verdict: 'fraud',
      reasons: [
        {
          code: 'entered_key_region',
          message: `entered key region ${input.region} without pre-registration`,
        },
      ],
    };
  },
};
