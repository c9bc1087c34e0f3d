/**
 * Situational awareness (态势感知): other modules record counted events inside their own transaction
 * (`recordEvents`); the dashboards read them back as the report's figures, filtered by period,
 * province, fraud type and organisation.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { FRAUD_TYPE_CODES } from '../taxonomy/fraud-types.data.ts';
import type { AwarenessRepository, RowFilter } from './awareness.repository.ts';
import { type AwarenessRow } from './awareness.types.ts';
import {
  isEventKind,
  type AwarenessEvent,
  type AwarenessFilter,
  type AwarenessSummary,
  type ChartData,
  type ChartDefinition,
  type ChartPoint,
  type TimeBucket,
} from './awareness.types.ts';
import { CHARTS, chartById } from './charts.data.ts';
import { generateDemoActivity } from './demo-activity.ts';

const DAY_MS = 86_400_000;
/** Buckets follow the calendar of the people reading the dashboards (China Standard Time, UTC+8). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const MAX_COUNT = 1e12;
const MAX_DIMENSION_LENGTH = 128;

export const dayOf = (at: number): number => Math.floor((at + CHINA_OFFSET_MS) / DAY_MS);
export const monthOf = (at: number): number => {
  const d = new Date(at + CHINA_OFFSET_MS);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};
export const dayLabel = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthLabel = (month: number): string =>
  `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}`;

const dimension = (v: string | null | undefined, field: string): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > MAX_DIMENSION_LENGTH)
    throw invalidInput(field, `must be a string of at most ${MAX_DIMENSION_LENGTH} characters`);
  return v;
};

/** Validates one event and computes its buckets; the field at fault is named (`events[3].count`). */
export const toRow = (e: AwarenessEvent, i: number): AwarenessRow => {
  const at = `events[${i}]`;
  if (!isEventKind(e.kind)) throw invalidInput(`${at}.kind`, `unknown event kind ${String(e.kind)}`);
  if (!Number.isFinite(e.at) || e.at < 0) throw invalidInput(`${at}.at`, 'must be epoch milliseconds');
  const count = e.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    throw invalidInput(`${at}.count`, 'must be a positive integer');
  const fraudType = dimension(e.fraudType, `${at}.fraudType`);
  if (fraudType !== null && !FRAUD_TYPE_CODES.has(fraudType))
    throw invalidInput(`${at}.fraudType`, `unknown fraud type ${fraudType}`);
  return {
    kind: e.kind,
    at: Math.floor(e.at),
    day: dayOf(e.at),
    month: monthOf(e.at),
    province: dimension(e.province, `${at}.province`),
    city: dimension(e.city, `${at}.city`),
    fraudType,
    channel: dimension(e.channel, `${at}.channel`),
    ageGroup: dimension(e.ageGroup, `${at}.ageGroup`),
    hostingCountry: dimension(e.hostingCountry, `${at}.hostingCountry`),
    orgId: dimension(e.orgId, `${at}.orgId`),
    count,
    demo: e.demo === true,
  };
};

/** Records events inside the caller's transaction: e.g. a case module counting a victim case. */
export const recordEvents = async (
  repo: AwarenessRepository,
  tx: Executor,
  events: readonly AwarenessEvent[],
): Promise<number> => {
  const rows = events.map(toRow);
  await repo.insert(tx, rows);
  return rows.length;
};

/** Day buckets up to two months, weeks up to about half a year, months beyond. */
export const bucketFor = (from: number, to: number): TimeBucket => {
  const days = (to - from) / DAY_MS;
  return days <= 62 ? 'day' : days <= 200 ? 'week' : 'month';
};

export interface AwarenessDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly repo: AwarenessRepository;
}

export const createAwarenessService = (deps: AwarenessDeps) => {
  const repo = deps.repo;
  const rowFilter = (f: AwarenessFilter, kinds: ChartDefinition['kinds']): RowFilter => ({
    kinds,
    fromDay: dayOf(f.from),
    toDay: dayOf(f.to),
    province: f.province,
    fraudType: f.fraudType,
    orgId: f.orgId,
  });

  /** The default period: the year up to now. */
  const defaultFilter = (partial: Partial<AwarenessFilter>): AwarenessFilter => {
    const to = partial.to ?? deps.clock.now().getTime();
    const from = partial.from ?? to - 365 * DAY_MS;
    if (from > to) throw invalidInput('from', 'must be before `to`');
    return { ...partial, from, to };
  };

  const chart = async (
    def: ChartDefinition,
    f: AwarenessFilter,
    bucketAsked?: TimeBucket,
  ): Promise<ChartData> => {
    const started = performance.now();
    const filter = rowFilter(f, def.kinds);
    const head = {
      id: def.id,
      figure: def.figure,
      titleZh: def.titleZh,
      titleEn: def.titleEn,
      display: def.display,
    };
    if ('time' in def.groupBy) {
      const bucket = bucketAsked ?? bucketFor(f.from, f.to);
      const rows = await repo.byTime(deps.db, filter, bucket);
      const label =
        bucket === 'month' ? (k: string) => monthLabel(Number(k)) : (k: string) => dayLabel(Number(k));
      const points: ChartPoint[] = rows.map((r) => ({ key: label(r.key), series: r.kind, value: r.value }));
      const total = points.reduce((s, p) => s + p.value, 0);
      return { ...head, bucket, points, total, elapsedMs: performance.now() - started };
    }
    const rows = await repo.byDimension(deps.db, filter, def.groupBy.dimension);
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.key, (sums.get(r.key) ?? 0) + r.value);
    const sorted = [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const points = sorted
      .slice(0, def.limit ?? sorted.length)
      .map(([key, value]) => ({ key, series: def.kinds[0] ?? '', value }));
    const total = sorted.reduce((s, [, v]) => s + v, 0);
    const shareBase = def.shareOf
      ? await repo.total(deps.db, { ...filter, kinds: [def.shareOf] })
      : undefined;
    return {
      ...head,
      points,
      total,
      ...(shareBase !== undefined ? { shareBase } : {}),
      elapsedMs: performance.now() - started,
    };
  };

  return {
    charts: (): readonly ChartDefinition[] => CHARTS,

    async chart(id: string, partial: Partial<AwarenessFilter>, bucket?: TimeBucket): Promise<ChartData> {
      const def = chartById(id);
      if (!def) throw notFound(`chart ${id}`, 'id');
      return chart(def, defaultFilter(partial), bucket);
    },

    /** Every chart for one filter: the dashboard's first load in one round trip. */
    async dashboard(
      partial: Partial<AwarenessFilter>,
    ): Promise<{ filter: AwarenessFilter; summary: AwarenessSummary; charts: ChartData[] }> {
      const f = defaultFilter(partial);
      const charts: ChartData[] = [];
      // Sequential on purpose: SQLite has one connection, and PostgreSQL's pool is shared with writers.
      for (const def of CHARTS) charts.push(await chart(def, f));
      return { filter: f, summary: await this.summary(), charts };
    },

    async summary(): Promise<AwarenessSummary> {
      const s = await repo.span(deps.db);
      return { firstEventAt: s.firstAt, lastEventAt: s.lastAt, demo: s.demo };
    },

    recordEvents: (tx: Executor, events: readonly AwarenessEvent[]) => recordEvents(repo, tx, events),

    /** Writes the demo's year of activity up to today, once (a restart does not double it). */
    async loadDemoActivity(): Promise<number> {
      if ((await repo.span(deps.db)).demo) return 0;
      const events = generateDemoActivity({ end: deps.clock.now().getTime() });
      return deps.db.transaction().execute((tx) => recordEvents(repo, tx, events));
    },
  };
};

export type AwarenessService = ReturnType<typeof createAwarenessService>;
