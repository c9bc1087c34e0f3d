/**
 * 实名不实人 (the registered person is not the user): one identity opening several SIMs that are then
 * used far from where they were opened, or a subscriber whose device, place and calling change at
 * once. The verdict is `suspicious` with the action `reverify` (二次实人核验): never a shutdown.
 */
import { Type } from '@sinclair/typebox';
import type { NumberFeatures } from '../features.ts';
import { scoreRules, type CallDetector, type Evaluation } from './detector.types.ts';

export const IdentityConfigSchema = Type.Object({
  minSimsOpened: Type.Number({ default: 3 }),
  openingWindowDays: Type.Number({ default: 30 }),
  minAwaySimShare: Type.Number({ default: 0.5 }),
  awayShare: Type.Number({ default: 0.6 }),
  calleeSurge: Type.Number({ default: 4 }),
  minBaselineDays: Type.Number({ default: 2 }),
  alertAt: Type.Number({ default: 0.6 }),
});

export interface IdentityInput {
  /** For the identity behind this number: SIMs opened in the opening window, and how many of them are used away from where they were opened. */
  readonly simsOpened: number;
  readonly simsUsedAway: number;
}

const reverify = (e: Evaluation): Evaluation => ({
  ...e,
  verdict: e.verdict === 'normal' ? 'normal' : 'suspicious',
});

export const identityDetector: CallDetector<IdentityInput, NumberFeatures, typeof IdentityConfigSchema> = {
  id: 'calls.identity-mismatch',
  version: '1.0.0',
  configSchema: IdentityConfigSchema,
  defaultConfig: {
    minSimsOpened: 3,
    openingWindowDays: 30,
    minAwaySimShare: 0.5,
    awayShare: 0.6,
    calleeSurge: 4,
    minBaselineDays: 2,
    alertAt: 0.6,
  },
  evaluate(input, f, c) {
    const awaySims = input.simsOpened > 0 ? input.simsUsedAway / input.simsOpened : 0;
    const profile = f.baselineDays >= c.minBaselineDays;
    return reverify(
      scoreRules(
        [
          {
            holds:
              input.simsOpened >= c.minSimsOpened &&
              awaySims >= c.minAwaySimShare &&
              f.awayShare >= c.awayShare,
            weight: 0.8,
            reason: {
              code: 'bulk_opened_used_away',
              message: `identity opened ${input.simsOpened} SIMs; ${input.simsUsedAway} used far from the opening place`,
              value: input.simsOpened,
              threshold: c.minSimsOpened,
            },
          },
          {
            holds: profile && f.recentAwayShare >= c.awayShare,
            weight: 0.3,
            reason: {
              code: 'moved_away',
              message: `${Math.round(f.recentAwayShare * 100)}% of recent activity away from home`,
              value: f.recentAwayShare,
              threshold: c.awayShare,
            },
          },
          {
            holds: profile && f.recentNewDevice,
            weight: 0.2,
            reason: { code: 'new_device', message: 'a device never seen before on this number' },
          },
          {
            holds: profile && f.recentCalleeSurge >= c.calleeSurge,
            weight: 0.3,
            reason: {
              code: 'callee_surge',
              message: `distinct callees per day ×${f.recentCalleeSurge.toFixed(1)}`,
              value: f.recentCalleeSurge,
              threshold: c.calleeSurge,
            },
          },
        ],
        c.alertAt,
        c.alertAt,
      ),
    );
  },
};
