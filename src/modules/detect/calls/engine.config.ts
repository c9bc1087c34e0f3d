/** The engine's configuration: windows, lateness and every detector's thresholds, as data. */
import { Type, type Static } from '@sinclair/typebox';
import { KEY_REGIONS, type KeyRegion } from './regions.data.ts';
import { simBoxDetector } from './detectors/simbox.detector.ts';
import { identityDetector } from './detectors/identity.detector.ts';
import { wangiriDetector } from './detectors/wangiri.detector.ts';
import { iotDetector } from './detectors/iot.detector.ts';
import type { kickDetector } from './detectors/kick.detector.ts';

export const EngineWindowSchema = Type.Object({
  /** Sliding window length in days; detectors read the last `windowDays` days at each day's close. */
  windowDays: Type.Integer({ minimum: 2, maximum: 30 }),
  /** How late (event time behind the newest event seen) a record may arrive and still count. */
  allowedLatenessMs: Type.Integer({ minimum: 0, maximum: 86_400_000 }),
  /** Local midnight offset from UTC (Beijing: 8 h), so days and night hours are local. */
  utcOffsetMs: Type.Integer(),
  shortCallSec: Type.Integer({ minimum: 1 }),
  oneRingSec: Type.Integer({ minimum: 0 }),
  nightFromHour: Type.Integer({ minimum: 0, maximum: 23 }),
  nightToHour: Type.Integer({ minimum: 0, maximum: 23 }),
  /** A number needs this many calls in the window before the fraud-number model scores it. */
  fraudModelMinCalls: Type.Integer({ minimum: 1 }),
  /**
   * The model learnt month aggregates of one province's users; on other populations its alerts are only
   * raised where the behaviour corroborates: many distinct callees a day and few call-backs.
   */
  fraudModelMinCalleesPerDay: Type.Number({ minimum: 0 }),
  fraudModelMaxCallbackShare: Type.Number({ minimum: 0, maximum: 1 }),
});
export type EngineWindow = Static<typeof EngineWindowSchema>;

export interface EngineConfig {
  readonly window: EngineWindow;
  readonly keyRegions: readonly KeyRegion[];
  readonly simBox: Static<typeof simBoxDetector.configSchema>;
  readonly identity: Static<typeof identityDetector.configSchema>;
  readonly wangiri: Static<typeof wangiriDetector.configSchema>;
  readonly iot: Static<typeof iotDetector.configSchema>;
  readonly kick: Static<typeof kickDetector.configSchema>;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  window: {
    windowDays: 7,
    allowedLatenessMs: 300_000,
    utcOffsetMs: 8 * 3_600_000,
    shortCallSec: 15,
    oneRingSec: 3,
    nightFromHour: 0,
    nightToHour: 6,
    fraudModelMinCalls: 20,
    fraudModelMinCalleesPerDay: 15,
    fraudModelMaxCallbackShare: 0.3,
  },
  keyRegions: KEY_REGIONS,
  simBox: simBoxDetector.defaultConfig,
  identity: identityDetector.defaultConfig,
  wangiri: wangiriDetector.defaultConfig,
  iot: iotDetector.defaultConfig,
  kick: { decisionDelayMs: 300_000 },
};
