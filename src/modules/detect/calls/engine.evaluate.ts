/**
 * What the engine does at each day's close: window features for every number active in the window,
 * then every detector, per number, per device (SIM-box grouping) and per identity (实名不实人); the
 * last two from the engine's own maps, or forwarded to the shared stage when the engine holds one
 * partition's subscribers (engine.shared.ts).
 */
import { numberFeatures, type NumberFeatures } from './features.ts';
import type { EngineConfig } from './engine.config.ts';
import type { CallAlert } from './engine.types.ts';
import type { NumberState, SeenList } from './state.ts';
import { wangiriDetector } from './detectors/wangiri.detector.ts';
import { iotDetector } from './detectors/iot.detector.ts';
import { detectorName } from './detectors/detector.types.ts';
import { sichuanRowOf } from './engine.sichuan.ts';
import type { SichuanRow } from './sichuan.features.ts';
import {
  decidedAt,
  identityAlert,
  openedFrom,
  simBoxDeviceAlert,
  simBoxOn,
  simBoxPhoneAlert,
  usedAway,
  type SharedSightings,
} from './engine.shared.ts';

/** What a day's close reads of the engine: its configuration, its state, and where alerts go. */
export interface DayState {
  readonly config: EngineConfig;
  readonly numbers: ReadonlyMap<string, NumberState>;
  readonly devices: ReadonlyMap<string, SeenList>;
  readonly identities: ReadonlyMap<string, SeenList>;
  /** Partitioned by subscriber: where the SIM-box and 实名不实人 evidence goes instead of being evaluated here. */
  readonly shared?: SharedSightings | undefined;
  emit(alert: CallAlert): void;
}

export interface DayContext {
  readonly engine: DayState;
  /** The fraud-number model, when loaded: scores rows, returns fraud probabilities and the threshold. */
  readonly scoreFraud:
    | ((
        items: ReadonlyArray<{ phone: string; row: SichuanRow }>,
      ) => Array<{ phone: string; score: number; verdict: 'fraud' | 'normal' }>)
    | undefined;
}

export const evaluateDay = (ctx: DayContext, day: number): void => {
  const e = ctx.engine;
  const w = e.config.window;
  const features = new Map<string, NumberFeatures>();
  for (const s of e.numbers.values()) {
    let active = false;
    for (const d of s.slotDay) if (d <= day && d > day - w.windowDays) active = true;
    if (active) features.set(s.phone, numberFeatures(s, day, w.windowDays, w.utcOffsetMs));
  }
  const at = decidedAt(e.config, day);
  const flaggedOnDevice = new Map<string, string[]>();
  const shared = e.shared;
  const fraudCandidates: Array<{ phone: string; row: SichuanRow; f: NumberFeatures }> = [];
  for (const f of features.values()) {
    const s = e.numbers.get(f.phone);
    if (!s) continue;
    // SIM-box per SIM, on each device it used in the window: flagged on a device when its evaluation
    // with that device's SIM count is; its alert names the most crowded device.
    const devices = s.imeis.valuesIn(f.window.from, f.window.to);
    if (shared && devices.length > 0) {
      const couldBeBox = f.outCalls >= e.config.simBox.minOutCalls;
      for (const imei of devices) {
        const i = s.imeis.values.indexOf(imei);
        shared.device(
          day,
          imei,
          f.phone,
          s.imeis.first[i] ?? 0,
          s.imeis.last[i] ?? 0,
          couldBeBox ? f : undefined,
        );
      }
    } else {
      let simsOnDevice = 0;
      let device: string | undefined;
      const counts = devices.map((imei) => e.devices.get(imei)?.countIn(f.window.from, f.window.to) ?? 0);
      counts.forEach((n, i) => {
        if (n > simsOnDevice) {
          simsOnDevice = n;
          device = devices[i];
        }
      });
      const box = simBoxOn(e.config, f, simsOnDevice);
      if (box.verdict !== 'normal') {
        e.emit(simBoxPhoneAlert(f, box, device, at));
        devices.forEach((imei, i) => {
          if (simBoxOn(e.config, f, counts[i] ?? 0).verdict !== 'normal')
            flaggedOnDevice.set(imei, [...(flaggedOnDevice.get(imei) ?? []), f.phone]);
        });
      }
    }
    const wangiri = wangiriDetector.evaluate({}, f, e.config.wangiri);
    if (wangiri.verdict !== 'normal')
      e.emit({
        detector: detectorName(wangiriDetector),
        subject: f.phone,
        subjectType: 'phone',
        ...wangiri,
        window: f.window,
        action: 'review',
        at,
      });
    // 实名不实人: the identity behind this number and its other SIMs. A SIM used away from home counts
    // for its identity and may be flagged by the identity's count: partitioned, the identity's stage
    // decides those; the rest is decided here (the identity's counts cannot flag them).
    const reg = s.registration;
    const away = usedAway(e.config, f);
    if (shared && reg && away) shared.away(day, reg.identity, f.phone, reg.iot ? undefined : f);
    else if (reg && !reg.iot) {
      let simsOpened = 0;
      let simsUsedAway = 0;
      if (!shared)
        for (const phone of e.identities
          .get(reg.identity)
          ?.valuesIn(openedFrom(e.config, f.window.to), f.window.to) ?? []) {
          simsOpened++;
          if (usedAway(e.config, features.get(phone))) simsUsedAway++;
        }
      const id = identityAlert(e.config, f, reg.identity, { simsOpened, simsUsedAway }, at);
      if (id) e.emit(id);
    }
    if (reg?.iot) {
      const devices = s.imeis.valuesIn(f.window.from, f.window.to).filter((d) => d !== reg.boundImei);
      const places = s.cities.valuesIn(f.window.from, f.window.to).filter((c) => c !== reg.boundArea);
      const iot = iotDetector.evaluate(
        { boundImei: reg.boundImei, boundArea: reg.boundArea },
        {
          voiceCalls: f.outCalls + f.inCalls + f.forwarded,
          sms: f.smsIn + f.smsOut,
          foreignDevices: reg.boundImei ? devices : [],
          foreignPlaces: reg.boundArea ? places : [],
        },
        e.config.iot,
      );
      if (iot.verdict !== 'normal')
        e.emit({
          detector: detectorName(iotDetector),
          subject: f.phone,
          subjectType: 'phone',
          ...iot,
          window: f.window,
          action: 'review',
          at,
        });
    }
    const corroborated =
      f.distinctCallees / Math.max(1, f.activeDays) >= w.fraudModelMinCalleesPerDay &&
      f.callbackShare <= w.fraudModelMaxCallbackShare;
    if (ctx.scoreFraud && corroborated && f.outCalls + f.inCalls >= w.fraudModelMinCalls)
      fraudCandidates.push({ phone: f.phone, row: sichuanRowOf(f, w.windowDays), f });
  }
  // A box: a device on which enough SIMs are flagged one by one.
  for (const [imei, phones] of flaggedOnDevice) {
    const box = simBoxDeviceAlert(e.config, imei, phones, day);
    if (box) e.emit(box);
  }
  if (ctx.scoreFraud && fraudCandidates.length > 0) {
    const scored = ctx.scoreFraud(fraudCandidates);
    scored.forEach((r, i) => {
      const c = fraudCandidates[i];
      if (!c || r.verdict !== 'fraud') return;
      e.emit({
        detector: 'calls.fraud-number@1.1.0',
        subject: r.phone,
        subjectType: 'phone',
        verdict: 'fraud',
        score: r.score,
        reasons: [
          {
            code: 'model_score',
            message: `fraud-number model score ${r.score.toFixed(3)} (boosted trees + additive logistic)`,
            value: r.score,
          },
          {
            code: 'callees',
            message: `${Math.round(c.f.distinctCallees)} distinct callees, ${Math.round(c.f.callbackShare * 100)}% call back`,
            value: c.f.distinctCallees,
          },
        ],
        window: c.f.window,
        action: 'review',
        at,
      });
    });
  }
};
