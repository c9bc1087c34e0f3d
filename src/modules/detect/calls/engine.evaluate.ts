/**
 * What the engine does at each day's close: window features for every number active in the window,
 * then every detector, per number, per device (SIM-box grouping) and per identity (实名不实人).
 */
import { numberFeatures, type NumberFeatures } from './features.ts';
import type { EngineConfig } from './engine.config.ts';
import type { CallAlert } from './engine.types.ts';
import type { NumberState, SeenList } from './state.ts';
import { simBoxDetector } from './detectors/simbox.detector.ts';
import { identityDetector } from './detectors/identity.detector.ts';
import { wangiriDetector } from './detectors/wangiri.detector.ts';
import { iotDetector } from './detectors/iot.detector.ts';
import { detectorName } from './detectors/detector.types.ts';
import { sichuanRowOf } from './engine.sichuan.ts';
import type { SichuanRow } from './sichuan.features.ts';
import { DAY_MS } from './features.ts';

/** What a day's close reads of the engine: its configuration, its state, and where alerts go. */
export interface DayState {
  readonly config: EngineConfig;
  readonly numbers: ReadonlyMap<string, NumberState>;
  readonly devices: ReadonlyMap<string, SeenList>;
  readonly identities: ReadonlyMap<string, SeenList>;
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
  const at = (day + 1) * DAY_MS - w.utcOffsetMs + w.allowedLatenessMs;
  const flaggedOnDevice = new Map<string, string[]>();
  const fraudCandidates: Array<{ phone: string; row: SichuanRow; f: NumberFeatures }> = [];
  for (const f of features.values()) {
    const s = e.numbers.get(f.phone);
    if (!s) continue;
    // SIM-box per SIM: the most crowded device this SIM used in the window.
    let simsOnDevice = 0;
    let device: string | undefined;
    for (const imei of s.imeis.valuesIn(f.window.from, f.window.to)) {
      const n = e.devices.get(imei)?.countIn(f.window.from, f.window.to) ?? 0;
      if (n > simsOnDevice) {
        simsOnDevice = n;
        device = imei;
      }
    }
    const box = simBoxDetector.evaluate({ simsOnDevice }, f, e.config.simBox);
    if (box.verdict !== 'normal') {
      e.emit({
        detector: detectorName(simBoxDetector),
        subject: f.phone,
        subjectType: 'phone',
        ...box,
        window: f.window,
        action: 'review',
        at,
        ...(device ? { related: { imei: device } } : {}),
      });
      if (device) flaggedOnDevice.set(device, [...(flaggedOnDevice.get(device) ?? []), f.phone]);
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
    // 实名不实人: the identity behind this number and its other SIMs.
    const reg = s.registration;
    let simsOpened = 0;
    let simsUsedAway = 0;
    if (reg && !reg.iot) {
      const openedFrom = f.window.to - e.config.identity.openingWindowDays * DAY_MS;
      for (const phone of e.identities.get(reg.identity)?.valuesIn(openedFrom, f.window.to) ?? []) {
        simsOpened++;
        if ((features.get(phone)?.awayShare ?? 0) >= e.config.identity.awayShare) simsUsedAway++;
      }
      const id = identityDetector.evaluate({ simsOpened, simsUsedAway }, f, e.config.identity);
      if (id.verdict !== 'normal')
        e.emit({
          detector: detectorName(identityDetector),
          subject: f.phone,
          subjectType: 'phone',
          ...id,
          window: f.window,
          action: 'reverify',
          at,
          related: { identity: reg.identity },
        });
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
  // A box: a device most of whose SIMs are flagged one by one.
  for (const [imei, phones] of flaggedOnDevice) {
    if (phones.length < e.config.simBox.minSimsPerImei) continue;
    e.emit({
      detector: detectorName(simBoxDetector),
      subject: imei,
      subjectType: 'device',
      verdict: 'fraud',
      score: 1,
      reasons: [
        {
          code: 'sim_box_device',
          message: `${phones.length} SIMs on this device behave as a SIM-box`,
          value: phones.length,
        },
      ],
      window: {
        from: (day - w.windowDays + 1) * DAY_MS - w.utcOffsetMs,
        to: (day + 1) * DAY_MS - w.utcOffsetMs - 1,
      },
      action: 'review',
      at,
      related: { phones: [...phones].sort() },
    });
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
