/**
 * The two detectors that read other subscribers' state: SIM-box grouping (the SIMs seen on a device)
 * and 实名不实人 (the SIMs opened on an identity). The single engine evaluates them from its own maps;
 * partitioned by subscriber, an engine forwards what they need (SharedSightings) to a second stage
 * keyed by device and by identity (calls.shared.stream.ts), which evaluates them with the same
 * functions. Both decide from counts that only grow with what they see (SIMs on a device, SIMs of an
 * identity), so a SIM evaluated on each of its devices separately is flagged exactly when it is on
 * the most crowded one.
 */
import { DAY_MS, type NumberFeatures } from './features.ts';
import type { EngineConfig } from './engine.config.ts';
import type { CallAlert } from './engine.types.ts';
import { simBoxDetector } from './detectors/simbox.detector.ts';
import { identityDetector } from './detectors/identity.detector.ts';
import { detectorName, type Evaluation } from './detectors/detector.types.ts';

/** What a partition's engine sends to the second stage (keyed by device, by identity). */
export interface SharedSightings {
  /** A SIM registered on an identity, at `time` (the identity's list of SIMs). */
  registration(identity: string, phone: string, time: number): void;
  /**
   * A SIM seen on a device within day `day`'s window, first and last there; `features` when the SIM
   * could be a box SIM (enough outgoing calls), so the device's stage evaluates it.
   */
  device(
    day: number,
    imei: string,
    phone: string,
    first: number,
    last: number,
    features?: NumberFeatures,
  ): void;
  /**
   * A SIM of `identity` used away from home in day `day`'s window (it counts towards the identity's SIMs
   * used away); `features` when its own 实名不实人 evaluation is the identity stage's.
   */
  away(day: number, identity: string, phone: string, features?: NumberFeatures): void;
  /** Every day up to `day` (Infinity: all, the end of input) is evaluated in this engine. */
  closed(day: number): void;
}

/** A day's window, the same for every number. */
export const dayWindow = (config: EngineConfig, day: number): { from: number; to: number } => {
  const w = config.window;
  return {
    from: Math.max(0, day - w.windowDays + 1) * DAY_MS - w.utcOffsetMs,
    to: (day + 1) * DAY_MS - w.utcOffsetMs - 1,
  };
};

/** When a day's alerts could be decided (its end plus the allowed lateness). */
export const decidedAt = (config: EngineConfig, day: number): number =>
  (day + 1) * DAY_MS - config.window.utcOffsetMs + config.window.allowedLatenessMs;

/** The SIM-box evaluation of one SIM on a device holding `simsOnDevice` SIMs in the window. */
export const simBoxOn = (config: EngineConfig, f: NumberFeatures, simsOnDevice: number): Evaluation =>
  simBoxDetector.evaluate({ simsOnDevice }, f, config.simBox);

export const simBoxPhoneAlert = (
  f: NumberFeatures,
  box: Evaluation,
  device: string | undefined,
  at: number,
): CallAlert => ({
  detector: detectorName(simBoxDetector),
  subject: f.phone,
  subjectType: 'phone',
  ...box,
  window: f.window,
  action: 'review',
  at,
  ...(device ? { related: { imei: device } } : {}),
});

/**
 * A box: a device on which at least `minSimsPerImei` SIMs are flagged, each evaluated with this
 * device's SIM count. Undefined when fewer are.
 */
export const simBoxDeviceAlert = (
  config: EngineConfig,
  imei: string,
  flagged: readonly string[],
  day: number,
): CallAlert | undefined => {
  if (flagged.length < config.simBox.minSimsPerImei) return undefined;
  return {
    detector: detectorName(simBoxDetector),
    subject: imei,
    subjectType: 'device',
    verdict: 'fraud',
    score: 1,
    reasons: [
      {
        code: 'sim_box_device',
        message: `${flagged.length} SIMs on this device behave as a SIM-box`,
        value: flagged.length,
      },
    ],
    window: dayWindow(config, day),
    action: 'review',
    at: decidedAt(config, day),
    related: { phones: [...flagged].sort() },
  };
};

/** Whether a SIM counts as used away from where its identity opened it. */
export const usedAway = (config: EngineConfig, f: NumberFeatures | undefined): boolean =>
  (f?.awayShare ?? 0) >= config.identity.awayShare;

/** 实名不实人 for one SIM of `identity`, given the identity's SIMs opened and used away; undefined when normal. */
export const identityAlert = (
  config: EngineConfig,
  f: NumberFeatures,
  identity: string,
  counts: { simsOpened: number; simsUsedAway: number },
  at: number,
): CallAlert | undefined => {
  const id = identityDetector.evaluate(counts, f, config.identity);
  if (id.verdict === 'normal') return undefined;
  return {
    detector: detectorName(identityDetector),
    subject: f.phone,
    subjectType: 'phone',
    ...id,
    window: f.window,
    action: 'reverify',
    at,
    related: { identity },
  };
};

/** The start of the identity's opening window for a day's evaluation. */
export const openedFrom = (config: EngineConfig, to: number): number =>
  to - config.identity.openingWindowDays * DAY_MS;
