import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.ts';
import { awarenessRepository } from './awareness.repository.ts';
import { DomainError } from '../../shared/errors.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import {
  createAwarenessService,
  bucketFor,
  dayLabel,
  dayOf,
  recordEvents,
  type AwarenessService,
} from './awareness.service.ts';
import type { ChartData } from './awareness.types.ts';
import { generateDemoActivity } from './demo-activity.ts';
import { AGE_SHARES, CHANNEL_USE_PERCENT, FRAUD_TYPE_SHARES } from './demo-shares.data.ts';

const T0 = Date.parse('2026-03-01T04:00:00Z');
const DAY = 86_400_000;
const valueOf = (c: ChartData, key: string, series?: string): number =>
  c.points
    .filter((p) => p.key === key && (series === undefined || p.series === series))
    .reduce((s, p) => s + p.value, 0);

describe('awareness buckets', () => {
  it('puts an event on the China calendar day (UTC+8)', () => {
    // 2026-03-01 20:00 UTC is 2026-03-02 04:00 in Beijing.
    expect(dayLabel(dayOf(Date.parse('2026-03-01T20:00:00Z')))).toBe('2026-03-02');
    expect(dayLabel(dayOf(Date.parse('2026-03-01T10:00:00Z')))).toBe('2026-03-01');
  });
  it('chooses day, week or month buckets by the length of the period', () => {
    expect(bucketFor(0, 30 * DAY)).toBe('day');
    expect(bucketFor(0, 120 * DAY)).toBe('week');
    expect(bucketFor(0, 365 * DAY)).toBe('month');
  });
});

describe('demo activity', () => {
  const events = generateDemoActivity({ end: T0, days: 365 });
  const sum = (pred: (e: (typeof events)[number]) => boolean) =>
    events.filter(pred).reduce((s, e) => s + (e.count ?? 1), 0);

  it('is reproducible from its seed and differs with another seed', () => {
    expect(generateDemoActivity({ end: T0, days: 20 })).toEqual(generateDemoActivity({ end: T0, days: 20 }));
    expect(generateDemoActivity({ end: T0, days: 20, seed: 7 })).not.toEqual(
      generateDemoActivity({ end: T0, days: 20 }),
    );
  });

  it('follows the published age shares within two points', () => {
    const victims = sum((e) => e.kind === 'victim_case');
    for (const [age, percent] of AGE_SHARES) {
      expect(
        Math.abs((100 * sum((e) => e.kind === 'victim_case' && e.ageGroup === age)) / victims - percent),
      ).toBeLessThan(2);
    }
  });

  it('follows the fraud-type group shares and the channel-use percentages', () => {
    const victims = sum((e) => e.kind === 'victim_case');
    const taskRebate = FRAUD_TYPE_SHARES.find(([k]) => k === 'task_rebate')?.[1] ?? 0;
    expect(
      Math.abs(
        (100 * sum((e) => e.kind === 'victim_case' && e.fraudType === 'task_rebate')) / victims - taskRebate,
      ),
    ).toBeLessThan(2);
    for (const [channel, percent] of CHANNEL_USE_PERCENT) {
      expect(
        Math.abs((100 * sum((e) => e.kind === 'channel_used' && e.channel === channel)) / victims - percent),
      ).toBeLessThan(1);
    }
  });

  it("puts Yunnan first among origin provinces and Pu'er among its cities", () => {
    const byProvince = new Map<string, number>();
    for (const e of events)
      if (e.kind === 'call_intercepted' && e.province)
        byProvince.set(e.province, (byProvince.get(e.province) ?? 0) + (e.count ?? 1));
    const top = [...byProvince.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(top?.[0]).toBe('Yunnan');
    expect(events.some((e) => e.city === "Pu'er")).toBe(true);
  });
});

describeEachDatabase('awareness fact table', (dialect) => {
  let db: TestDatabase;
  let awareness: AwarenessService;
  const clock = new ManualClock(new Date(T0));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    awareness = createAwarenessService({ db: db.handle.db, clock, repo: awarenessRepository() });
    await db.handle.db.transaction().execute((tx) =>
      recordEvents(awarenessRepository(), tx, [
        {
          kind: 'call_intercepted',
          at: T0 - 2 * DAY,
          province: 'Yunnan',
          city: "Pu'er",
          count: 500,
          orgId: 'org_cmcc',
        },
        { kind: 'call_intercepted', at: T0 - 2 * DAY, province: 'Guangdong', count: 200, orgId: 'org_cucc' },
        { kind: 'sms_intercepted', at: T0 - DAY, province: 'Yunnan', count: 7000 },
        {
          kind: 'victim_case',
          at: T0 - DAY,
          province: 'Jiangsu',
          fraudType: 'task_rebate',
          ageGroup: '18-40',
          count: 3,
        },
        {
          kind: 'victim_case',
          at: T0 - 400 * DAY,
          province: 'Jiangsu',
          fraudType: 'task_rebate',
          count: 1000,
        },
        { kind: 'channel_used', at: T0 - DAY, channel: 'qq', count: 2 },
      ]),
    );
  });
  afterAll(async () => db.drop());

  it('sums interceptions per day and kind for the period', async () => {
    const c = await awareness.chart('interceptions', { from: T0 - 10 * DAY, to: T0 });
    expect(c.bucket).toBe('day');
    expect(valueOf(c, dayLabel(dayOf(T0 - 2 * DAY)), 'call_intercepted')).toBe(700);
    expect(valueOf(c, dayLabel(dayOf(T0 - DAY)), 'sms_intercepted')).toBe(7000);
    expect(c.total).toBe(7700);
  });

  it('groups by a dimension, most first, and filters by province and organisation', async () => {
    const all = await awareness.chart('origin_provinces', {});
    expect(all.points.map((p) => [p.key, p.value])).toEqual([
      ['Yunnan', 500],
      ['Guangdong', 200],
    ]);
    const cmcc = await awareness.chart('origin_provinces', { orgId: 'org_cmcc' });
    expect(cmcc.total).toBe(500);
    const gd = await awareness.chart('interceptions', { province: 'Guangdong' });
    expect(gd.total).toBe(200);
  });

  it('leaves events outside the period out (the default period is the last year)', async () => {
    const c = await awareness.chart('fraud_types', {});
    expect(c.total).toBe(3);
  });

  it('gives channel use as a share of victim cases', async () => {
    const c = await awareness.chart('fraud_channels', {});
    expect(c.shareBase).toBe(3);
    expect(valueOf(c, 'qq')).toBe(2);
  });

  it('answers every chart in one dashboard call', async () => {
    const d = await awareness.dashboard({});
    expect(d.charts.map((c) => c.id)).toContain('victim_provinces');
    expect(d.summary.demo).toBe(false);
  });

  it('refuses an unknown kind, a bad count and an unknown fraud type, naming the field', async () => {
    const bad = [
      [{ kind: 'nonsense' as 'victim_case', at: T0 }, 'events[0].kind'],
      [{ kind: 'victim_case' as const, at: T0, count: 0 }, 'events[0].count'],
      [{ kind: 'victim_case' as const, at: T0, fraudType: 'unknown_type' }, 'events[0].fraudType'],
    ] as const;
    for (const [event, field] of bad) {
      const err = await recordEvents(awarenessRepository(), db.handle.db, [event]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).field).toBe(field);
    }
    await expect(awareness.chart('no_such_chart', {})).rejects.toThrow(/not found/);
  });

  it('loads the demo year once and marks it as demo', async () => {
    const n = await awareness.loadDemoActivity();
    expect(n).toBeGreaterThan(8_000);
    expect(await awareness.loadDemoActivity()).toBe(0);
    expect((await awareness.summary()).demo).toBe(true);
    const ages = await awareness.chart('victim_ages', {});
    expect(ages.points[0]?.key).toBe('18-40');
  });

  it('answers from the rollup exactly what the fact table holds', async () => {
    const from = dayOf(T0 - 365 * DAY);
    const raw = await db.handle.db
      .selectFrom('awareness_events')
      .select(['province', (eb) => eb.fn.sum<number>('count').as('value')])
      .where('kind', '=', 'victim_case')
      .where('day', '>=', from)
      .where('day', '<=', dayOf(T0))
      .where('province', 'is not', null)
      .groupBy('province')
      .execute();
    const fromRollup = await awareness.chart('victim_provinces', {});
    expect(new Map(fromRollup.points.map((p) => [p.key, p.value]))).toEqual(
      new Map(raw.map((r) => [r.province ?? '', Number(r.value)])),
    );
    // A fraud-type filter reads the fact table; the rollup's total for the same period must contain it.
    const filtered = await awareness.chart('victim_provinces', { fraudType: 'task_rebate' });
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(fromRollup.total);
  });
});

describe('rollup deltas', () => {
  it('merges a batch into one row per kind, dimension, day, organisation and value', async () => {
    const { rollupDeltas } = await import('./rollup.ts');
    const { toRow } = await import('./awareness.service.ts');
    const rows = [
      {
        kind: 'victim_case' as const,
        at: T0,
        province: 'Jiangsu',
        ageGroup: '18-40',
        orgId: 'org_police',
        count: 2,
      },
      {
        kind: 'victim_case' as const,
        at: T0 + 1000,
        province: 'Jiangsu',
        ageGroup: '41-50',
        orgId: 'org_police',
        count: 3,
      },
    ].map(toRow);
    const deltas = rollupDeltas(rows);
    const find = (dim: string, key: string) =>
      deltas.filter((d) => d.dim === dim && d.key === key && d.grain === 'd');
    expect(find('time', '')).toEqual([
      expect.objectContaining({ count: 5, orgId: 'org_police', bucket: dayOf(T0) }),
    ]);
    expect(deltas.filter((d) => d.dim === 'time' && d.grain === 'm')).toEqual([
      expect.objectContaining({ count: 5, bucket: 202603 }),
    ]);
    expect(find('province', 'Jiangsu')[0]?.count).toBe(5);
    expect(find('age_group', '18-40')[0]?.count).toBe(2);
    expect(deltas.some((d) => d.dim === 'city')).toBe(false);
  });
});

describe('reading a period from the rollup', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
  it('reads whole months at month grain and the ends by day', async () => {
    const { splitByMonth } = await import('./rollup.ts');
    expect(splitByMonth(day('2026-01-15'), day('2026-04-10'))).toEqual({
      months: [202602, 202603],
      days: [
        [day('2026-01-15'), day('2026-01-31')],
        [day('2026-04-01'), day('2026-04-10')],
      ],
    });
    expect(splitByMonth(day('2026-02-01'), day('2026-02-28'))).toEqual({
      months: [202602, 202602],
      days: [],
    });
    expect(splitByMonth(day('2026-02-03'), day('2026-02-20'))).toEqual({
      months: null,
      days: [[day('2026-02-03'), day('2026-02-20')]],
    });
    expect(splitByMonth(day('2025-12-31'), day('2026-01-01'))).toEqual({
      months: null,
      days: [[day('2025-12-31'), day('2026-01-01')]],
    });
  });
});
