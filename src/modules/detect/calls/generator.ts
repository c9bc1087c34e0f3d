/**
 * The seeded call-record generator: ordinary subscribers with daily rhythms and social circles, and
 * injected behaviour with ground truth (parameters in generator.params.ts). Deterministic: one PRNG,
 * consumed in a fixed order. Records come out sorted by event time, as an operator's export would be.
 */
import { mulberry32, type Random } from './prng.ts';
import { FAR_CITIES, HOME_CITIES, KEY_REGIONS } from './regions.data.ts';
import { eventTime, type CallRecord, type RegistrationRecord } from './records.schema.ts';
import type { GeneratorParams, GroundTruth } from './generator.params.ts';
import { injectAbuse } from './generator.abuse.ts';
import type { Generated, Subscriber } from './generator.types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Relative call volume per hour of day for people (quiet at night, peaks late morning and evening). */
const DIURNAL = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1.5, 4, 7, 9, 10, 10, 8, 8, 9, 9, 9, 8, 9, 10, 10, 8, 5, 2.5];
const DIURNAL_SUM = DIURNAL.reduce((a, b) => a + b, 0);

export const generateCallRecords = (p: GeneratorParams): Generated => {
  const rnd: Random = mulberry32(p.seed);
  const records: CallRecord[] = [];
  const used = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const v = make();
      if (!used.has(v)) {
        used.add(v);
        return v;
      }
    }
  };
  const digits = (n: number): string => Array.from({ length: n }, () => String(rnd.int(0, 10))).join('');
  const newPhone = (): string => unique(() => `1${rnd.pick(['3', '5', '7', '8', '9'])}${digits(9)}`);
  const newImei = (): string => unique(() => `86${digits(13)}`);
  const newImsi = (): string => unique(() => `46011${digits(10)}`);
  const newIdentity = (): string => unique(() => `id_${digits(12)}`);
  const hourOfDay = (): number => {
    let x = rnd.next() * DIURNAL_SUM;
    for (let h = 0; h < 24; h++) {
      x -= DIURNAL[h] ?? 0;
      if (x <= 0) return h;
    }
    return 23;
  };
  const poisson = (mean: number): number => {
    let n = 0;
    let t = rnd.exponential(1);
    while (t < mean) {
      n++;
      t += rnd.exponential(1);
    }
    return n;
  };
  const dayStart = (d: number): number => p.start + d * DAY;
  const lognormalSec = (median: number, sigma: number): number =>
    Math.max(1, Math.round(median * Math.exp(rnd.normal(0, sigma))));
  const registration = (s: Subscriber, time: number, extra: Partial<RegistrationRecord> = {}): void => {
    const r: RegistrationRecord = {
      kind: 'registration',
      phone: s.phone,
      imsi: s.imsi,
      identity: s.identity,
      channel: rnd.pick(['store', 'agent', 'online']),
      time,
      place: s.city,
      iot: false,
      ...extra,
    };
    records.push(r);
  };
  const bySubscriberPhone = new Map<string, Subscriber>();
  /** One call: the caller's outgoing record and, when the callee is ours, the callee's incoming one. */
  const call = (
    from: Subscriber | { phone: string; imei: string; imsi: string; city: string; cell: string },
    to: string,
    start: number,
    durationSec: number,
  ): void => {
    records.push({
      kind: 'voice',
      phone: from.phone,
      opposite: to,
      callType: 1,
      start,
      durationSec,
      city: from.city,
      county: `${from.city}-1`,
      imei: from.imei,
      imsi: from.imsi,
      cellId: from.cell,
      roaming: false,
    });
    const callee = bySubscriberPhone.get(to);
    if (callee)
      records.push({
        kind: 'voice',
        phone: callee.phone,
        opposite: from.phone,
        callType: 2,
        start,
        durationSec,
        city: callee.city,
        county: `${callee.city}-1`,
        imei: callee.imei,
        imsi: callee.imsi,
        cellId: callee.cell,
        roaming: false,
      });
  };
  const month = new Date(p.start + 8 * HOUR).toISOString().slice(0, 7);

  // Ordinary subscribers.
  const people: Subscriber[] = [];
  /** A new subscriber of `city`: its numbers drawn first, then the rest (the draws keep this order). */
  const addSubscriber = (city: string, rest: () => Pick<Subscriber, 'cell' | 'circle' | 'rate'>): void => {
    const s: Subscriber = {
      phone: newPhone(),
      imsi: newImsi(),
      imei: newImei(),
      identity: newIdentity(),
      city,
      ...rest(),
    };
    people.push(s);
    bySubscriberPhone.set(s.phone, s);
  };
  for (let i = 0; i < p.subscribers; i++) {
    const city = rnd.pick(HOME_CITIES);
    addSubscriber(city, () => ({
      cell: `${city}-c${rnd.int(1, 400)}`,
      circle: [],
      rate: rnd.chance(p.heavyCallerShare) ? rnd.int(25, 60) : 0.5 + rnd.next() * 5,
    }));
  }
  const externals = Array.from({ length: Math.max(50, p.subscribers) }, () => newPhone());
  for (const s of people) {
    const size = rnd.int(5, 25);
    for (let k = 0; k < size; k++)
      s.circle.push(rnd.chance(0.6) ? rnd.pick(people).phone : rnd.pick(externals));
  }
  // Family identities (2–3 SIMs on one identity, all used at home) and dual-SIM devices.
  for (let i = 0; i + 2 < people.length; i += 3) {
    const a = people[i];
    const b = people[i + 1];
    if (a && b && rnd.chance(p.familyIdentityShare)) b.identity = a.identity;
    if (a && b && rnd.chance(p.dualSimShare)) b.imei = a.imei;
  }
  const travelling = new Map<string, { from: number; to: number; city: string }>();
  for (const s of people) {
    if (rnd.chance(p.travellerShare)) {
      const from = rnd.int(0, p.days);
      travelling.set(s.phone, { from, to: from + rnd.int(2, 5), city: rnd.pick(FAR_CITIES) });
    }
  }
  const truth: GroundTruth = {
    params: p,
    fraudNumbers: [],
    simBoxes: [],
    identityHandovers: [],
    keyRegionEntries: [],
    iotMisuse: [],
    wangiri: [],
  };

  // Injected behaviours change some ordinary subscribers from a given time on (kept in `override`).
  const override = new Map<string, { from: number; city: string; imei: string; stranger: boolean }>();
  for (let i = 0; i < p.identityProfileChanges; i++) {
    const s = rnd.pick(people);
    if (override.has(s.phone) || travelling.has(s.phone)) continue;
    const at = dayStart(rnd.int(Math.min(4, p.days - 1), p.days)) + rnd.int(8, 20) * HOUR;
    override.set(s.phone, { from: at, city: rnd.pick(FAR_CITIES), imei: newImei(), stranger: true });
    truth.identityHandovers.push({
      kind: 'profile_change',
      identity: s.identity,
      phones: [s.phone],
      handoverAt: at,
    });
  }
  const regionTrips = new Map<string, { at: number; city: string }>();
  for (let i = 0; i < p.keyRegionTravellers; i++) {
    const s = rnd.pick(people);
    if (override.has(s.phone) || regionTrips.has(s.phone) || travelling.has(s.phone)) continue;
    const region = rnd.pick(KEY_REGIONS);
    const at = dayStart(rnd.int(1, Math.max(2, p.days - 1))) + rnd.int(0, DAY);
    const preRegistered = rnd.chance(p.preRegisteredShare);
    const city = region.cities[0] ?? region.code;
    regionTrips.set(s.phone, { at, city });
    // Entering a new area triggers a location update at once: that is when the network knows.
    records.push({
      kind: 'location',
      phone: s.phone,
      imsi: s.imsi,
      imei: s.imei,
      cellId: `${city}-c1`,
      city,
      time: at,
    });
    if (preRegistered)
      records.push({
        kind: 'preregistration',
        phone: s.phone,
        region: region.code,
        from: at - 2 * DAY,
        until: at + 10 * DAY,
      });
    truth.keyRegionEntries.push({
      phone: s.phone,
      region: region.code,
      enteredAt: at,
      preRegistered,
      legit: preRegistered || rnd.chance(p.legitUnregisteredShare),
    });
  }
  for (let i = 0; i < p.keyRegionResidents; i++) {
    const region = rnd.pick(KEY_REGIONS);
    const city = region.cities[0] ?? region.code;
    addSubscriber(city, () => ({
      cell: `${city}-c1`,
      circle: [rnd.pick(externals), rnd.pick(people).phone],
      rate: 2,
    }));
  }

  // Ordinary days.
  for (const s of people) {
    registration(s, p.start - rnd.int(30, 900) * DAY);
    records.push({
      kind: 'user',
      phone: s.phone,
      city: s.city,
      county: `${s.city}-1`,
      idcardCount: 1,
      arpu: Math.round(rnd.normal(60, 20) * 100) / 100,
      month,
    });
    records.push({
      kind: 'app',
      phone: s.phone,
      app: rnd.pick(['wechat', 'douyin', 'taobao', 'alipay']),
      traffic: Math.round(rnd.exponential(3000)),
      month,
    });
    for (let d = 0; d < p.days; d++) {
      const trip = travelling.get(s.phone);
      const change = override.get(s.phone);
      const region = regionTrips.get(s.phone);
      for (let k = 0, n = poisson(4); k < n; k++) {
        const t = dayStart(d) + rnd.int(6, 23) * HOUR + rnd.int(0, HOUR);
        let city = trip && d >= trip.from && d < trip.to ? trip.city : s.city;
        if (region && t >= region.at) city = region.city;
        if (change && t >= change.from) city = change.city;
        records.push({
          kind: 'location',
          phone: s.phone,
          imsi: s.imsi,
          imei: change && t >= change.from ? change.imei : s.imei,
          cellId: `${city}-c${rnd.int(1, 50)}`,
          city,
          time: t,
        });
      }
      const calls = poisson(s.rate);
      for (let k = 0; k < calls; k++) {
        const t = dayStart(d) + hourOfDay() * HOUR + rnd.int(0, HOUR);
        const trip2 = trip && d >= trip.from && d < trip.to ? trip.city : undefined;
        const where = region && t >= region.at ? region.city : trip2;
        if (change && t >= change.from) {
          const changed = { ...s, city: change.city, imei: change.imei, cell: `${change.city}-c9` };
          for (let b = 0; b < 6; b++)
            call(
              changed,
              rnd.pick(externals) + String(rnd.int(0, 9)),
              t + b * 240_000,
              lognormalSec(25, 0.8),
            );
          continue;
        }
        const from = where ? { ...s, city: where, cell: `${where}-c${rnd.int(1, 50)}` } : s;
        call(from, rnd.chance(0.85) ? rnd.pick(s.circle) : rnd.pick(externals), t, lognormalSec(90, 1));
      }
      for (let k = 0, n = poisson(1.2); k < n; k++)
        records.push({
          kind: 'sms',
          phone: s.phone,
          opposite: rnd.pick(s.circle),
          type: rnd.chance(0.5) ? 1 : 2,
          time: dayStart(d) + hourOfDay() * HOUR + rnd.int(0, HOUR),
        });
      for (let k = 0, n = poisson(0.4); k < n; k++)
        records.push({
          kind: 'voice',
          phone: s.phone,
          opposite: rnd.pick(externals),
          callType: 2,
          start: dayStart(d) + hourOfDay() * HOUR + rnd.int(0, HOUR),
          durationSec: lognormalSec(60, 1),
          city: s.city,
          county: `${s.city}-1`,
          imei: s.imei,
          imsi: s.imsi,
          cellId: s.cell,
          roaming: false,
        });
    }
  }

  injectAbuse({
    p,
    rnd,
    records,
    truth,
    people,
    externals,
    newPhone,
    newImei,
    newImsi,
    newIdentity,
    call,
    registration,
    dayStart,
    lognormalSec,
    poisson,
    hourOfDay,
  });
  records.sort((a, b) => eventTime(a) - eventTime(b));
  return { records, truth };
};
