/**
 * The injected behaviours of the generator, each with its ground truth: fraud numbers, SIM-boxes,
 * 实名不实人 bulk openings, IoT-card misuse and Wangiri lures. Why each shape: see RECORDS.md.
 */
import type { AbuseContext, Subscriber } from './generator.types.ts';
import { FAR_CITIES, HOME_CITIES } from './regions.data.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const injectAbuse = (c: AbuseContext): void => {
  const { p, rnd, records, truth } = c;
  const subscriber = (city: string, identity = c.newIdentity()): Subscriber => ({
    phone: c.newPhone(),
    imsi: c.newImsi(),
    imei: c.newImei(),
    identity,
    city,
    cell: `${city}-c${rnd.int(1, 400)}`,
    circle: [],
    rate: 0,
  });
  const victim = (): string => `1${rnd.pick(['3', '5', '8'])}${String(rnd.int(0, 1e9)).padStart(9, '0')}`;

  // Fraud numbers: dozens of distinct strangers a day, short calls, night bursts, IMEI churn.
  for (let i = 0; i < p.fraudNumbers; i++) {
    const s = subscriber(rnd.pick(HOME_CITIES));
    c.registration(s, p.start - rnd.int(3, 60) * DAY);
    truth.fraudNumbers.push(s.phone);
    const accomplices = [c.newPhone(), c.newPhone()];
    for (let d = 0; d < p.days; d++) {
      if (rnd.chance(0.4)) s.imei = c.newImei();
      const n = c.poisson(rnd.int(40, 120));
      for (let k = 0; k < n; k++) {
        const t = c.dayStart(d) + rnd.int(9, 22) * HOUR + rnd.int(0, HOUR);
        const to = rnd.chance(0.05) ? rnd.pick(accomplices) : victim();
        c.call(s, to, t, rnd.chance(0.5) ? rnd.int(1, 15) : c.lognormalSec(40, 0.9));
        if (rnd.chance(0.03))
          records.push({
            kind: 'voice',
            phone: s.phone,
            opposite: to,
            callType: 2,
            start: t + rnd.int(1, 48) * HOUR,
            durationSec: c.lognormalSec(30, 1),
            city: s.city,
            imei: s.imei,
            imsi: s.imsi,
            cellId: s.cell,
          });
      }
      if (rnd.chance(0.25))
        for (let k = 0; k < 30; k++)
          c.call(s, victim(), c.dayStart(d) + rnd.int(0, 5) * HOUR + rnd.int(0, HOUR), rnd.int(1, 20));
    }
  }

  // SIM-boxes: one IMEI, many SIMs on many identities, a fixed cell, outgoing only, regular gaps.
  for (let b = 0; b < p.simBoxes; b++) {
    const city = rnd.pick(HOME_CITIES);
    const imei = c.newImei();
    const cell = `${city}-c${rnd.int(400, 500)}`;
    const sims = rnd.int(p.simsPerBoxMin, p.simsPerBoxMax + 1);
    const box = { imei, cellId: cell, phones: [] as string[] };
    const gapSec = rnd.int(150, 600);
    for (let k = 0; k < sims; k++) {
      const s: Subscriber = { ...subscriber(city), imei, cell };
      c.registration(s, p.start - rnd.int(5, 120) * DAY);
      box.phones.push(s.phone);
      for (let d = 0; d < p.days; d++) {
        let t = c.dayStart(d) + 9 * HOUR + rnd.int(0, 600_000) + k * 7_000;
        const end = c.dayStart(d) + 21 * HOUR;
        while (t < end) {
          c.call(s, victim(), t, c.lognormalSec(35, 0.6));
          t += Math.round((gapSec + rnd.normal(0, gapSec * 0.03)) * 1000);
        }
      }
    }
    truth.simBoxes.push(box);
  }

  // 实名不实人, bulk openings: one identity opens several SIMs in a day, then they are used far away.
  for (let i = 0; i < p.identityBulkOpenings; i++) {
    const identity = c.newIdentity();
    const home = rnd.pick(HOME_CITIES);
    const far = rnd.pick(FAR_CITIES);
    const openDay = rnd.int(0, Math.max(1, Math.min(3, p.days - 1)));
    const handoverAt = c.dayStart(Math.min(p.days - 1, openDay + rnd.int(1, 3))) + rnd.int(8, 20) * HOUR;
    const phones: string[] = [];
    for (let k = 0, n = rnd.int(4, 9); k < n; k++) {
      const s = subscriber(home, identity);
      c.registration(s, c.dayStart(openDay) + rnd.int(9, 18) * HOUR);
      phones.push(s.phone);
      const there: Subscriber = { ...s, city: far, cell: `${far}-c${rnd.int(1, 50)}` };
      for (let t = handoverAt + rnd.int(0, 6) * HOUR; t < c.dayStart(p.days); t += rnd.int(1, 6) * HOUR) {
        records.push({
          kind: 'location',
          phone: s.phone,
          imsi: s.imsi,
          imei: s.imei,
          cellId: there.cell,
          city: far,
          time: t,
        });
        for (let b = 0, n2 = rnd.int(1, 8); b < n2; b++)
          c.call(there, victim(), t + b * 180_000, c.lognormalSec(30, 0.8));
      }
    }
    truth.identityHandovers.push({ kind: 'bulk_opening', identity, phones, handoverAt });
  }

  // IoT cards: data only on the bound device in the bound area; some misused.
  const iot = (misuse: 'voice' | 'device' | 'area' | undefined): void => {
    const city = rnd.pick(HOME_CITIES);
    const s = subscriber(city);
    c.registration(s, p.start - rnd.int(30, 400) * DAY, {
      iot: true,
      boundImei: s.imei,
      boundArea: city,
      channel: 'enterprise',
    });
    const at = c.dayStart(rnd.int(0, p.days)) + rnd.int(0, DAY);
    for (let d = 0; d < p.days; d++)
      for (let k = 0; k < 4; k++) {
        const t = c.dayStart(d) + k * 6 * HOUR + rnd.int(0, HOUR);
        const moved = misuse === 'area' && t >= at;
        const swapped = misuse === 'device' && t >= at;
        const where = moved ? rnd.pick(FAR_CITIES) : city;
        records.push({
          kind: 'location',
          phone: s.phone,
          imsi: s.imsi,
          imei: swapped ? `${s.imei.slice(0, 10)}99999` : s.imei,
          cellId: `${where}-c1`,
          city: where,
          time: t,
        });
      }
    if (misuse === 'voice')
      for (let k = 0; k < 5; k++) c.call(s, victim(), at + k * 600_000, c.lognormalSec(40, 0.5));
    if (misuse) truth.iotMisuse.push({ phone: s.phone, how: misuse, at });
  };
  for (let i = 0; i < p.iotCards; i++) iot(undefined);
  for (let i = 0; i < p.iotMisuse; i++) iot(rnd.pick(['voice', 'device', 'area'] as const));

  // Wangiri: one-ring calls (0–2 s) to many numbers, a few of whom call back.
  for (let i = 0; i < p.wangiriNumbers; i++) {
    const s = subscriber(rnd.pick(HOME_CITIES));
    c.registration(s, p.start - rnd.int(1, 20) * DAY);
    truth.wangiri.push(s.phone);
    for (let d = 0; d < p.days; d++)
      for (let k = 0, n = c.poisson(150); k < n; k++) {
        const to = victim();
        const t = c.dayStart(d) + c.hourOfDay() * HOUR + rnd.int(0, HOUR);
        c.call(s, to, t, rnd.int(0, 3));
        if (rnd.chance(0.06))
          records.push({
            kind: 'voice',
            phone: s.phone,
            opposite: to,
            callType: 2,
            start: t + rnd.int(60_000, 2 * HOUR),
            durationSec: c.lognormalSec(80, 0.6),
            city: s.city,
            imei: s.imei,
            imsi: s.imsi,
            cellId: s.cell,
          });
      }
  }
};
