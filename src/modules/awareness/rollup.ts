/**
 * The rollup a batch of events adds (pure): per kind, dimension, day (and month) and organisation, the
 * sum of each dimension value, with `dim = 'time'` carrying the total. Deltas are merged here so one batch
 * touches each rollup row once (PostgreSQL refuses to update a row twice in one upsert).
 */
import { DIMENSIONS, type AwarenessRow, type Dimension } from './awareness.types.ts';

export interface RollupDelta {
  readonly kind: string;
  readonly dim: Dimension | 'time';
  readonly grain: 'd' | 'm';
  /** The day number for grain 'd', yyyymm for grain 'm'. */
  readonly bucket: number;
  readonly month: number;
  readonly orgId: string;
  readonly key: string;
  readonly count: number;
}

/** Dimensions the rollup keeps; the organisation is a column of every rollup row instead. */
export const ROLLUP_DIMENSIONS = DIMENSIONS.filter((d): d is Exclude<Dimension, 'org_id'> => d !== 'org_id');

const valueOf = (r: AwarenessRow, dim: (typeof ROLLUP_DIMENSIONS)[number]): string | null => {
  switch (dim) {
    case 'province':
      return r.province;
    case 'city':
      return r.city;
    case 'fraud_type':
      return r.fraudType;
    case 'channel':
      return r.channel;
    case 'age_group':
      return r.ageGroup;
    case 'hosting_country':
      return r.hostingCountry;
  }
};

export const rollupDeltas = (rows: readonly AwarenessRow[]): RollupDelta[] => {
  const merged = new Map<string, RollupDelta>();
  const add = (r: AwarenessRow, dim: RollupDelta['dim'], key: string) => {
    const orgId = r.orgId ?? '';
    for (const [grain, bucket] of [['d', r.day] as const, ['m', r.month] as const]) {
      const id = `${r.kind}\u0000${dim}\u0000${grain}${bucket}\u0000${orgId}\u0000${key}`;
      const prior = merged.get(id);
      merged.set(id, {
        kind: r.kind,
        dim,
        grain,
        bucket,
        month: r.month,
        orgId,
        key,
        count: (prior?.count ?? 0) + r.count,
      });
    }
  };
  for (const r of rows) {
    add(r, 'time', '');
    for (const dim of ROLLUP_DIMENSIONS) {
      const v = valueOf(r, dim);
      if (v !== null) add(r, dim, v);
    }
  }
  return [...merged.values()];
};

const DAY_MS = 86_400_000;
const monthOfDay = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};
const firstDayOfMonth = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
};
const firstDayOfNextMonth = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
};

/** How a day range [fromDay, toDay] reads from the rollup: whole months at month grain, the ends by day. */
export interface RollupRanges {
  /** yyyymm of the first and last whole month, or null when the range holds none. */
  readonly months: readonly [number, number] | null;
  /** Inclusive day ranges outside the whole months (at most two). */
  readonly days: ReadonlyArray<readonly [number, number]>;
}

export const splitByMonth = (fromDay: number, toDay: number): RollupRanges => {
  if (toDay < fromDay) return { months: null, days: [] };
  const firstWhole = fromDay === firstDayOfMonth(fromDay) ? fromDay : firstDayOfNextMonth(fromDay);
  const endExclusive = firstDayOfNextMonth(toDay) - 1 === toDay ? toDay + 1 : firstDayOfMonth(toDay);
  if (firstWhole >= endExclusive) return { months: null, days: [[fromDay, toDay]] };
  const days: Array<readonly [number, number]> = [];
  if (fromDay < firstWhole) days.push([fromDay, firstWhole - 1]);
  if (endExclusive <= toDay) days.push([endExclusive, toDay]);
  return { months: [monthOfDay(firstWhole), monthOfDay(endExclusive - 1)], days };
};
