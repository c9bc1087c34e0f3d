/**
 * SIM-box / GOIP (多卡宝) per SIM: a box's SIMs call out only, from one cell, at machine-regular
 * gaps, never send SMS or use data, and share one IMEI with many other SIMs (per-box grouping is in
 * the engine: the IMEI's SIMs). Thresholds are data.
 */
import { Type } from '@sinclair/typebox';
import type { NumberFeatures } from '../features.ts';
import { scoreRules, type CallDetector } from './detector.types.ts';

export const SimBoxConfigSchema = Type.Object({
  minOutCalls: Type.Number({ default: 60 }),
  maxInShare: Type.Number({ default: 0.05 }),
  maxCells: Type.Number({ default: 2 }),
  maxGapCv: Type.Number({ default: 0.25 }),
  minSimsPerImei: Type.Number({ default: 4 }),
  fraudAt: Type.Number({ default: 0.7 }),
  suspiciousAt: Type.Number({ default: 0.5 }),
});

export interface SimBoxInput {
  /** SIMs (distinct phones) seen on this number's device in the window. */
  readonly simsOnDevice: number;
}

export const simBoxDetector: CallDetector<SimBoxInput, NumberFeatures, typeof SimBoxConfigSchema> = {
  id: 'calls.simbox',
  version: '1.0.0',
  configSchema: SimBoxConfigSchema,
  defaultConfig: {
    minOutCalls: 60,
    maxInShare: 0.05,
    maxCells: 2,
    maxGapCv: 0.25,
    minSimsPerImei: 4,
    fraudAt: 0.7,
    suspiciousAt: 0.5,
  },
  evaluate(input, f, c) {
    if (f.outCalls < c.minOutCalls) return { score: 0, verdict: 'normal', reasons: [] };
    const inShare = f.inCalls / (f.inCalls + f.outCalls);
    return scoreRules(
      [
        {
          holds: input.simsOnDevice >= c.minSimsPerImei,
          weight: 0.4,
          reason: {
            code: 'many_sims_one_imei',
            message: `${input.simsOnDevice} SIMs on one device`,
            value: input.simsOnDevice,
            threshold: c.minSimsPerImei,
          },
        },
        {
          holds: inShare <= c.maxInShare,
          weight: 0.2,
          reason: {
            code: 'outgoing_only',
            message: `only ${(inShare * 100).toFixed(1)}% incoming`,
            value: inShare,
            threshold: c.maxInShare,
          },
        },
        {
          holds: f.cells <= c.maxCells,
          weight: 0.1,
          reason: {
            code: 'fixed_cell',
            message: `${f.cells} cell(s)`,
            value: f.cells,
            threshold: c.maxCells,
          },
        },
        {
          holds: f.gapCv > 0 && f.gapCv <= c.maxGapCv,
          weight: 0.2,
          reason: {
            code: 'machine_regular_gaps',
            message: `gap variation ${f.gapCv.toFixed(3)} around ${Math.round(f.gapMeanSec)} s`,
            value: f.gapCv,
            threshold: c.maxGapCv,
          },
        },
        {
          holds: f.smsOut + f.smsIn === 0 && f.traffic === 0,
          weight: 0.1,
          reason: { code: 'no_sms_no_data', message: 'no SMS and no data use' },
        },
      ],
      c.fraudAt,
      c.suspiciousAt,
    );
  },
};
