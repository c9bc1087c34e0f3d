import { describe, expect, it } from 'vitest';
import type { NumberFeatures } from '../features.ts';
import { simBoxDetector } from './simbox.detector.ts';
import { identityDetector } from './identity.detector.ts';
import { kickDetector } from './kick.detector.ts';
import { wangiriDetector } from './wangiri.detector.ts';
import { iotDetector } from './iot.detector.ts';

const quiet: NumberFeatures = {
  phone: '13800000001',
  window: { from: 0, to: 1 },
  activeDays: 7,
  outCalls: 20,
  inCalls: 18,
  forwarded: 0,
  outShortShare: 0.2,
  outNightShare: 0.02,
  outMeanDurationSec: 95,
  outMaxDurationSec: 900,
  oneRingShare: 0.01,
  smsOut: 5,
  smsIn: 6,
  locations: 30,
  distinctCallees: 9,
  distinctCallers: 8,
  callbackShare: 0.7,
  imeis: 1,
  cities: 1,
  cells: 3,
  awayShare: 0,
  gapCv: 1.4,
  gapMeanSec: 20_000,
  traffic: 3_000,
  arpu: 58,
  recentCalleeSurge: 1,
  recentAwayShare: 0,
  recentNewDevice: false,
  baselineDays: 5,
};
const box: NumberFeatures = {
  ...quiet,
  outCalls: 400,
  inCalls: 0,
  smsOut: 0,
  smsIn: 0,
  traffic: 0,
  cells: 1,
  gapCv: 0.03,
  gapMeanSec: 300,
  distinctCallees: 395,
  callbackShare: 0,
};

describe('call detectors', () => {
  it('flags a SIM-box SIM with its reasons and leaves an ordinary number alone', () => {
    const e = simBoxDetector.evaluate({ simsOnDevice: 16 }, box, simBoxDetector.defaultConfig);
    expect(e.verdict).toBe('fraud');
    expect(e.reasons.map((r) => r.code)).toEqual([
      'many_sims_one_imei',
      'outgoing_only',
      'fixed_cell',
      'machine_regular_gaps',
      'no_sms_no_data',
    ]);
    expect(simBoxDetector.evaluate({ simsOnDevice: 2 }, quiet, simBoxDetector.defaultConfig).verdict).toBe(
      'normal',
    );
  });

  it('reads its thresholds from the config, not the code', () => {
    const strict = { ...simBoxDetector.defaultConfig, minOutCalls: 1_000 };
    expect(simBoxDetector.evaluate({ simsOnDevice: 16 }, box, strict).verdict).toBe('normal');
  });

  it('sends 实名不实人 to re-verification, never to a fraud verdict', () => {
    const moved = {
      ...quiet,
      awayShare: 0.9,
      recentAwayShare: 1,
      recentNewDevice: true,
      recentCalleeSurge: 8,
    };
    const e = identityDetector.evaluate(
      { simsOpened: 6, simsUsedAway: 5 },
      moved,
      identityDetector.defaultConfig,
    );
    expect(e.verdict).toBe('suspicious');
    expect(e.score).toBeGreaterThanOrEqual(0.8);
    expect(
      identityDetector.evaluate({ simsOpened: 2, simsUsedAway: 0 }, quiet, identityDetector.defaultConfig)
        .verdict,
    ).toBe('normal');
  });

  it('never acts on a pre-registered number or a resident of the region', () => {
    const base = { region: 'puer', enteredAt: 0, resident: false, preRegistered: false };
    expect(kickDetector.evaluate(base, {}, kickDetector.defaultConfig).verdict).toBe('fraud');
    expect(
      kickDetector.evaluate({ ...base, preRegistered: true }, {}, kickDetector.defaultConfig).verdict,
    ).toBe('normal');
    expect(kickDetector.evaluate({ ...base, resident: true }, {}, kickDetector.defaultConfig).verdict).toBe(
      'normal',
    );
  });

  it('recognises one-ring Wangiri calling', () => {
    const w = { ...box, oneRingShare: 0.95, inCalls: 12, callbackShare: 0.03 };
    expect(wangiriDetector.evaluate({}, w, wangiriDetector.defaultConfig).verdict).toBe('fraud');
    expect(wangiriDetector.evaluate({}, quiet, wangiriDetector.defaultConfig).verdict).toBe('normal');
  });

  it('flags an IoT card used for voice or outside its bound area', () => {
    const input = { boundImei: '86000', boundArea: '成都' };
    const verdict = (voiceCalls: number, foreignPlaces: string[]) =>
      iotDetector.evaluate(
        input,
        { voiceCalls, sms: 0, foreignDevices: [], foreignPlaces },
        iotDetector.defaultConfig,
      ).verdict;
    expect(verdict(3, [])).toBe('fraud');
    expect(verdict(0, ['广州'])).toBe('fraud');
    expect(verdict(0, [])).toBe('normal');
  });
});
