/**
 * The demo's year of activity (`fanzha serve --demo`): seeded, so the same seed and end day give the
 * same events, and shaped by demo-shares.data.ts. Each day gets a few rows per kind, each row a
 * count with its dimensions drawn from the published shares, so a year of rows (~10,000) reproduces
 * the shares within a point or two while loading in well under a second.
 */
import type { AwarenessEvent, EventKind } from './awareness.types.ts';
import {
  AGE_SHARES,
  ANNUAL_TOTALS,
  CHANNEL_USE_PERCENT,
  FRAUD_TYPE_SHARES,
  HOSTING_SHARES,
  ORGS_BY_KIND,
  ORIGIN_CITIES,
  ORIGIN_PROVINCE_SHARES,
  REPORT_CHANNEL_SHARES,
  VICTIM_PROVINCE_SHARES,
  type Shares,
} from './demo-shares.data.ts';
import { seededRandom } from '../../shared/random.ts';

const DAY_MS = 86_400_000;
export const DEMO_SEED = 20201231;

const pick = (shares: Shares, r: number): string => {
  const total = shares.reduce((s, [, p]) => s + p, 0);
  let x = r * total;
  for (const [key, p] of shares) {
    x -= p;
    if (x < 0) return key;
  }
  return shares[shares.length - 1]?.[0] ?? '';
};

export interface DemoActivityOptions {
  /** The last day generated (epoch ms); the year ends here. */
  readonly end: number;
  /** Default: back to the first of the month eleven months earlier (twelve calendar months). */
  readonly days?: number;
  readonly seed?: number;
}

/** Rows per day and kind: more rows where more dimensions must follow their shares. */
const ROWS_PER_DAY: Readonly<Record<Exclude<EventKind, 'channel_used'>, number>> = {
  call_intercepted: 6,
  sms_intercepted: 3,
  account_closed: 2,
  domain_disposed: 2,
  report_received: 4,
  victim_case: 10,
};

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Days from the first of the month eleven months before `end` (China time) through `end`: whole months on the charts. */
export const daysSinceYearStart = (end: number): number => {
  const local = new Date(end + CHINA_OFFSET_MS);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1);
  return Math.floor((local.getTime() - start) / DAY_MS) + 1;
};

export const generateDemoActivity = (opts: DemoActivityOptions): AwarenessEvent[] => {
  const days = opts.days ?? daysSinceYearStart(opts.end);
  const random = seededRandom(opts.seed ?? DEMO_SEED);
  // Day starts at China midnight, so an event's `at` falls on the intended calendar day.
  const lastDay = Math.floor((opts.end + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const events: AwarenessEvent[] = [];

  for (let i = 0; i < days; i++) {
    const dayStart = lastDay - (days - 1 - i) * DAY_MS;
    const weekday = new Date(dayStart + CHINA_OFFSET_MS).getUTCDay();
    // Activity grows over the year (more capability, more interceptions), dips at weekends, and jitters.
    const factor =
      (0.75 + (0.5 * i) / days) * (weekday === 0 || weekday === 6 ? 0.85 : 1.05) * (0.9 + 0.2 * random());
    const at = () => dayStart + Math.floor(random() * DAY_MS);
    const orgOf = (kind: EventKind) => pick(ORGS_BY_KIND[kind] ?? [], random());

    for (const [kind, perDay] of Object.entries(ROWS_PER_DAY) as Array<[keyof typeof ROWS_PER_DAY, number]>) {
      const daily = (ANNUAL_TOTALS[kind] / days) * factor;
      let victimsToday = 0;
      for (let k = 0; k < perDay; k++) {
        const count = Math.max(1, Math.round((daily / perDay) * (0.8 + 0.4 * random())));
        const base = { kind, at: at(), count, orgId: orgOf(kind), demo: true } as const;
        switch (kind) {
          case 'call_intercepted':
          case 'sms_intercepted': {
            const province = pick(ORIGIN_PROVINCE_SHARES, random());
            const cities = ORIGIN_CITIES[province];
            events.push({
              ...base,
              province,
              city: cities ? pick(cities, random()) : null,
              fraudType: pick(FRAUD_TYPE_SHARES, random()),
            });
            break;
          }
          case 'account_closed':
            events.push({
              ...base,
              channel: pick(
                [
                  ['qq', 60],
                  ['wechat', 40],
                ],
                random(),
              ),
              fraudType: pick(FRAUD_TYPE_SHARES, random()),
            });
            break;
          case 'domain_disposed':
            events.push({
              ...base,
              hostingCountry: pick(HOSTING_SHARES, random()),
              fraudType: pick(FRAUD_TYPE_SHARES, random()),
            });
            break;
          case 'report_received':
            events.push({
              ...base,
              channel: pick(REPORT_CHANNEL_SHARES, random()),
              province: pick(VICTIM_PROVINCE_SHARES, random()),
            });
            break;
          case 'victim_case':
            victimsToday += count;
            events.push({
              ...base,
              province: pick(VICTIM_PROVINCE_SHARES, random()),
              fraudType: pick(FRAUD_TYPE_SHARES, random()),
              ageGroup: pick(AGE_SHARES, random()),
            });
            break;
        }
      }
      if (kind === 'victim_case') {
        // Channels are shares of the day's cases, not a partition of them (one case may use QQ and Alipay).
        for (const [channel, percent] of CHANNEL_USE_PERCENT) {
          const count = Math.max(1, Math.round((victimsToday * percent * (0.95 + 0.1 * random())) / 100));
          events.push({
            kind: 'channel_used',
            at: at(),
            count,
            channel,
            province: pick(VICTIM_PROVINCE_SHARES, random()),
            fraudType: pick(FRAUD_TYPE_SHARES, random()),
            orgId: orgOf('channel_used'),
            demo: true,
          });
        }
      }
    }
  }
  return events;
};
