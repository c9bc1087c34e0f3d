/** Wangiri (响一声): one-ring calls to many distinct numbers, luring call-backs. */
import { Type } from '@sinclair/typebox';
import type { NumberFeatures } from '../features.ts';
import { scoreRules, type CallDetector } from './detector.types.ts';

export const WangiriConfigSchema = Type.Object({
  minOutCalls: Type.Number({ default: 50 }),
  oneRingShare: Type.Number({ default: 0.7 }),
  distinctShare: Type.Number({ default: 0.8 }),
  fraudAt: Type.Number({ default: 0.8 }),
  suspiciousAt: Type.Number({ default: 0.5 }),
});

export const wangiriDetector: CallDetector<
  Record<string, never>,
  NumberFeatures,
  typeof WangiriConfigSchema
> = {
  id: 'calls.wangiri',
  version: '1.0.0',
  configSchema: WangiriConfigSchema,
  defaultConfig: { minOutCalls: 50, oneRingShare: 0.7, distinctShare: 0.8, fraudAt: 0.8, suspiciousAt: 0.5 },
  evaluate(_input, f, c) {
    if (f.outCalls < c.minOutCalls) return { score: 0, verdict: 'normal', reasons: [] };
    const distinct = f.distinctCallees / f.outCalls;
    return scoreRules(
      [
        {
          holds: f.oneRingShare >= c.oneRingShare,
          weight: 0.6,
          reason: {
            code: 'one_ring_calls',
            message: `${Math.round(f.oneRingShare * 100)}% of ${f.outCalls} calls hang up within 3 s`,
            value: f.oneRingShare,
            threshold: c.oneRingShare,
          },
        },
        {
          holds: distinct >= c.distinctShare,
          weight: 0.3,
          reason: {
            code: 'distinct_callees',
            message: `${Math.round(f.distinctCallees)} distinct callees`,
            value: distinct,
            threshold: c.distinctShare,
          },
        },
        {
          holds: f.inCalls > 0 && f.callbackShare > 0,
          weight: 0.1,
          reason: { code: 'call_backs', message: `${f.inCalls} calls back in` },
        },
      ],
      c.fraudAt,
      c.suspiciousAt,
    );
  },
};
