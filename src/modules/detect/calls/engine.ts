/**
 * Incremental processing of call records. Records arrive out of order and more than once: each is
 * keyed (recordKey) and counted once; windows are by event time with an allowed lateness; a day is
 * evaluated only once the watermark (newest event time minus the lateness) has passed its end, so
 * the alerts are the same whatever the arrival order within the lateness. Per-key state is compact
 * and bounded (state.ts); the de-duplication keys are kept only for the lateness horizon.
 */
import { eventTime, recordKey, type CallRecord } from './records.schema.ts';
import { DAY_MS, numberFeatures, type NumberFeatures } from './features.ts';
import {
  C,
  COUNTERS,
  BITMAP_WORDS,
  hash32,
  NumberState,
  SeenList,
  setBit,
  stateBytesPerNumber,
} from './state.ts';
import { keyRegionOfCity } from './regions.data.ts';
import type { EngineConfig } from './engine.config.ts';
import { evaluateDay, type DayContext } from './engine.evaluate.ts';
import type { CallAlert, EngineState, EngineStats, IngestOutcome } from './engine.types.ts';

export type { CallAlert, EngineState, EngineStats, IngestOutcome } from './engine.types.ts';
import { kickDetector } from './detectors/kick.detector.ts';
import type { SharedSightings } from './engine.shared.ts';

export class CallsEngine {
  readonly numbers = new Map<string, NumberState>();
  readonly devices = new Map<string, SeenList>();
  readonly identities = new Map<string, SeenList>();
  readonly preRegistrations = new Map<string, Array<{ region: string; from: number; until: number }>>();
  private readonly pendingEntries = new Map<string, { region: string; enteredAt: number }>();
  private readonly decidedEntries = new Set<string>();
  /**
   * Keys of windowed records in two generations of `allowedLatenessMs` of watermark each: a record and
   * its duplicate both arrive while the watermark is within the lateness of its event time, so the
   * first delivery is always in one of the two; older keys drop with their generation (no scan).
   */
  private currentKeys = new Set<string>();
  private previousKeys = new Set<string>();
  private generationStart = -Infinity;
  /** Keys of subscriber-level records (registration, monthly rows, 报备): a handful per subscriber. */
  private readonly subscriberKeys = new Set<string>();
  private readonly alerted = new Set<string>();
  private readonly regionOf: ReadonlyMap<string, string>;
  private readonly ring: number;
  private watermark = -Infinity;
  private nextDay: number | undefined;
  private finishDay: number | undefined;
  private minDay = Infinity;
  readonly stats: EngineStats = { accepted: 0, duplicates: 0, late: 0, numbers: 0, evaluatedDays: 0 };

  constructor(
    readonly config: EngineConfig,
    private readonly onAlert: (alert: CallAlert) => void,
    private readonly scoreFraud?: DayContext['scoreFraud'],
    /** Set when this engine holds one partition's subscribers: see engine.shared.ts. */
    readonly shared?: SharedSightings,
  ) {
    this.regionOf = keyRegionOfCity(config.keyRegions);
    this.ring = config.window.windowDays + Math.ceil(config.window.allowedLatenessMs / DAY_MS) + 1;
  }

  dayOf(t: number): number {
    return Math.floor((t + this.config.window.utcOffsetMs) / DAY_MS);
  }

  /** Bytes of typed-array state per active number (the bounded part; see RECORDS.md). */
  get bytesPerNumber(): number {
    return stateBytesPerNumber(this.ring);
  }

  ingest(r: CallRecord): IngestOutcome {
    const t = eventTime(r);
    const lateness = this.config.window.allowedLatenessMs;
    // Monthly and registration rows describe the subscriber, not a windowed event: never late.
    const timeless =
      r.kind === 'registration' || r.kind === 'user' || r.kind === 'app' || r.kind === 'preregistration';
    if (!timeless && t < this.watermark - lateness) {
      this.stats.late++;
      return 'late';
    }
    const key = recordKey(r);
    if (timeless ? this.subscriberKeys.has(key) : this.currentKeys.has(key) || this.previousKeys.has(key)) {
      this.stats.duplicates++;
      return 'duplicate';
    }
    if (timeless) this.subscriberKeys.add(key);
    else this.currentKeys.add(key);
    this.stats.accepted++;
    this.apply(r, t);
    if (!timeless && t > this.watermark) {
      this.watermark = t;
      this.advance(this.watermark - lateness);
    }
    return 'accepted';
  }

  /**
   * End of input: every day with data is evaluated and pending decisions are taken. `newest`, the
   * export's newest event time, makes an engine holding part of the subscribers evaluate the days up
   * to it as well, as one engine holding all of them would (its numbers are still in those windows).
   */
  finish(newest?: number): void {
    this.finishDay = newest === undefined ? undefined : this.dayOf(newest);
    this.advance(Infinity);
  }

  featuresOf(phone: string): NumberFeatures | undefined {
    const s = this.numbers.get(phone);
    if (!s || this.nextDay === undefined) return undefined;
    return numberFeatures(s, this.nextDay - 1, this.config.window.windowDays, this.config.window.utcOffsetMs);
  }

  private number(phone: string): NumberState {
    let s = this.numbers.get(phone);
    if (!s) {
      s = new NumberState(phone, this.ring);
      this.numbers.set(phone, s);
      this.stats.numbers++;
    }
    return s;
  }

  private seen(map: Map<string, SeenList>, key: string, value: string, t: number, cap: number): void {
    let l = map.get(key);
    if (!l) {
      l = new SeenList(cap);
      map.set(key, l);
    }
    l.add(value, t);
  }

  private home(s: NumberState): string | undefined {
    return s.registration?.place ?? s.userCity;
  }

  private place(
    s: NumberState,
    slot: number,
    city: string | undefined,
    imei: string | undefined,
    cell: string | undefined,
    t: number,
  ): void {
    if (city !== undefined) {
      s.cities.add(city, t);
      const home = this.home(s);
      if (home !== undefined && city !== home)
        s.counts[slot * COUNTERS + C.awayEvents] = (s.counts[slot * COUNTERS + C.awayEvents] ?? 0) + 1;
      // Most events happen where the previous one did: remember the last city's region.
      if (city !== s.lastCity) {
        s.lastCity = city;
        s.lastRegion = this.regionOf.get(city);
      }
      const region = s.lastRegion;
      if (region !== undefined && !this.decidedEntries.has(`${s.phone}|${region}`)) {
        const p = this.pendingEntries.get(`${s.phone}|${region}`);
        if (!p || t < p.enteredAt) this.pendingEntries.set(`${s.phone}|${region}`, { region, enteredAt: t });
      }
    }
    if (imei !== undefined) {
      s.imeis.add(imei, t);
      this.seen(this.devices, imei, s.phone, t, 128);
    }
    if (cell !== undefined) s.cells.add(cell, t);
  }

  private apply(r: CallRecord, t: number): void {
    const w = this.config.window;
    const s = this.number(r.phone);
    switch (r.kind) {
      case 'registration':
        s.registration = {
          identity: r.identity,
          place: r.place,
          time: r.time,
          iot: r.iot === true,
          boundImei: r.boundImei,
          boundArea: r.boundArea,
        };
        this.seen(this.identities, r.identity, r.phone, r.time, 64);
        this.shared?.registration(r.identity, r.phone, r.time);
        return;
      case 'user':
        s.userCity = r.city ?? s.userCity;
        if (r.arpu !== undefined) s.arpu = r.arpu;
        return;
      case 'app':
        s.traffic += r.traffic;
        return;
      case 'preregistration': {
        const list = this.preRegistrations.get(r.phone) ?? [];
        list.push({ region: r.region, from: r.from, until: r.until });
        this.preRegistrations.set(r.phone, list);
        return;
      }
      case 'voice':
      case 'sms':
      case 'location':
        break;
    }
    const day = this.dayOf(t);
    if (day < this.minDay) this.minDay = day;
    const slot = s.slot(day);
    if (slot === undefined) return;
    const base = slot * COUNTERS;
    const k = s.counts;
    // Plain indexed adds: this is the hot path (no closure per record).
    k[base + C.events] = (k[base + C.events] ?? 0) + 1;
    if (r.kind === 'sms') {
      const c = base + (r.type === 1 ? C.smsOut : C.smsIn);
      k[c] = (k[c] ?? 0) + 1;
      return;
    }
    if (r.kind === 'location') {
      k[base + C.locations] = (k[base + C.locations] ?? 0) + 1;
      this.place(s, slot, r.city, r.imei, r.cellId, t);
      return;
    }
    const bitsBase = slot * BITMAP_WORDS * 2;
    const dur = r.durationSec;
    if (r.callType === 1) {
      k[base + C.outCalls] = (k[base + C.outCalls] ?? 0) + 1;
      k[base + C.outDuration] = (k[base + C.outDuration] ?? 0) + dur;
      if (dur > (k[base + C.outDurationMax] ?? 0)) k[base + C.outDurationMax] = dur;
      if (dur <= w.shortCallSec) k[base + C.outShort] = (k[base + C.outShort] ?? 0) + 1;
      if (dur <= w.oneRingSec) k[base + C.oneRing] = (k[base + C.oneRing] ?? 0) + 1;
      const hour = Math.floor(((t + w.utcOffsetMs) % DAY_MS) / 3_600_000);
      if (hour >= w.nightFromHour && hour < w.nightToHour)
        k[base + C.outNight] = (k[base + C.outNight] ?? 0) + 1;
      setBit(s.bits, bitsBase, hash32(r.opposite));
      s.addGap(t);
    } else if (r.callType === 2) {
      k[base + C.inCalls] = (k[base + C.inCalls] ?? 0) + 1;
      k[base + C.inDuration] = (k[base + C.inDuration] ?? 0) + dur;
      setBit(s.bits, bitsBase + BITMAP_WORDS, hash32(r.opposite));
    } else k[base + C.forwarded] = (k[base + C.forwarded] ?? 0) + 1;
    this.place(s, slot, r.city, r.imei, r.cellId, t);
  }

  /** Evaluates every day whose end the (watermarked) time has passed, and takes due 踢网 decisions. */
  private advance(until: number): void {
    const before = this.nextDay;
    this.evaluateDays(until);
    if (until === Infinity) this.shared?.closed(Infinity);
    else if (this.nextDay !== undefined && this.nextDay !== before) this.shared?.closed(this.nextDay - 1);
  }

  private evaluateDays(until: number): void {
    this.decideEntries(until);
    const lastDay =
      until === Infinity ? Math.max(this.maxDay(), this.finishDay ?? -1) : this.dayOf(until) - 1;
    // The first day is known for sure only once the watermark has passed it (earlier records are late).
    if (this.nextDay === undefined) {
      if (this.minDay > lastDay) return;
      this.nextDay = this.minDay;
    }
    while (this.nextDay <= lastDay) {
      evaluateDay(this.dayContext(), this.nextDay);
      this.stats.evaluatedDays++;
      this.nextDay++;
    }
    if (until !== Infinity && until - this.generationStart > this.config.window.allowedLatenessMs) {
      this.previousKeys = this.currentKeys;
      this.currentKeys = new Set<string>();
      this.generationStart = until;
    }
  }

  private maxDay(): number {
    let max = -1;
    for (const s of this.numbers.values()) for (const d of s.slotDay) if (d > max) max = d;
    return max;
  }

  private decideEntries(until: number): void {
    const delay = this.config.kick.decisionDelayMs;
    for (const [key, p] of this.pendingEntries) {
      if (until !== Infinity && p.enteredAt + delay > until) continue;
      this.pendingEntries.delete(key);
      this.decidedEntries.add(key);
      const phone = key.slice(0, key.lastIndexOf('|'));
      const s = this.numbers.get(phone);
      const home = s ? this.home(s) : undefined;
      const resident = home !== undefined && this.regionOf.get(home) === p.region;
      const preRegistered = (this.preRegistrations.get(phone) ?? []).some(
        (x) => x.region === p.region && x.from <= p.enteredAt && p.enteredAt <= x.until,
      );
      // The watermark passes enteredAt + delay once events up to enteredAt + delay + lateness have been seen.
      const at = p.enteredAt + delay + this.config.window.allowedLatenessMs;
      this.emitKick(phone, p, resident, preRegistered, at);
    }
  }

  private emitKick(
    phone: string,
    p: { region: string; enteredAt: number },
    resident: boolean,
    preRegistered: boolean,
    at: number,
  ): void {
    const e = kickEvaluate(
      { region: p.region, enteredAt: p.enteredAt, resident, preRegistered },
      this.config,
    );
    if (e.verdict === 'normal') return;
    this.emit({
      detector: 'calls.key-region@1.0.0',
      subject: phone,
      subjectType: 'phone',
      verdict: e.verdict,
      score: e.score,
      reasons: e.reasons,
      window: { from: p.enteredAt, to: at },
      action: 'kick',
      at,
      related: { region: p.region },
    });
  }

  /** Everything the engine holds, for a checkpoint (engine.checkpoint.ts). */
  exportState(): EngineState {
    return {
      numbers: this.numbers,
      devices: this.devices,
      identities: this.identities,
      preRegistrations: this.preRegistrations,
      pendingEntries: this.pendingEntries,
      decidedEntries: this.decidedEntries,
      currentKeys: this.currentKeys,
      previousKeys: this.previousKeys,
      generationStart: this.generationStart,
      subscriberKeys: this.subscriberKeys,
      alerted: this.alerted,
      watermark: this.watermark,
      nextDay: this.nextDay,
      minDay: this.minDay,
      stats: { ...this.stats },
    };
  }

  /** Continues from an exported state, as if this engine had ingested what that one had. */
  importState(s: EngineState): void {
    const refill = <K, V>(into: Map<K, V>, from: ReadonlyMap<K, V>): void => {
      into.clear();
      for (const [k, v] of from) into.set(k, v);
    };
    refill(this.numbers, s.numbers);
    refill(this.devices, s.devices);
    refill(this.identities, s.identities);
    refill(this.preRegistrations, s.preRegistrations);
    refill(this.pendingEntries, s.pendingEntries);
    this.decidedEntries.clear();
    for (const k of s.decidedEntries) this.decidedEntries.add(k);
    this.subscriberKeys.clear();
    for (const k of s.subscriberKeys) this.subscriberKeys.add(k);
    this.alerted.clear();
    for (const k of s.alerted) this.alerted.add(k);
    this.currentKeys = new Set(s.currentKeys);
    this.previousKeys = new Set(s.previousKeys);
    this.generationStart = s.generationStart;
    this.watermark = s.watermark;
    this.nextDay = s.nextDay;
    this.minDay = s.minDay;
    Object.assign(this.stats, s.stats);
  }

  /** Emits an alert once per (detector, subject). */
  emit(a: CallAlert): void {
    const key = `${a.detector}|${a.subjectType}|${a.subject}`;
    if (this.alerted.has(key)) return;
    this.alerted.add(key);
    this.onAlert(a);
  }

  private dayContext(): DayContext {
    return { engine: this, scoreFraud: this.scoreFraud };
  }
}

const kickEvaluate = (
  input: Parameters<typeof kickDetector.evaluate>[0],
  config: EngineConfig,
): ReturnType<typeof kickDetector.evaluate> => kickDetector.evaluate(input, {}, config.kick);
