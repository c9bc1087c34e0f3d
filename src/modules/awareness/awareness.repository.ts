/**
 * The only file of the module that writes SQL. Unfiltered and organisation-filtered charts read the
 * rollup (a year is a few thousand rows); province and fraud-type filters read the fact table through
 * its (kind, province, day) and (kind, fraud_type, day) indexes. Buckets are integers computed on
 * write (migration 0007), so both dialects agree.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { Database } from '../../adapters/db/schema.ts';
import type { AwarenessRow, Dimension, EventKind, ScopeFilter, TimeBucket } from './awareness.types.ts';
import { rollupDeltas, splitByMonth, type RollupRanges } from './rollup.ts';

/** Filters on the fact table: days are inclusive, in China time. */
export interface RowFilter extends ScopeFilter {
  readonly kinds: readonly EventKind[];
  readonly fromDay: number;
  readonly toDay: number;
}

export interface Grouped {
  readonly key: string;
  readonly kind: string;
  readonly value: number;
}

// Under SQLite's 32,766 bound parameters (13 a fact row, 7 a rollup row); fewer, larger statements load faster.
const INSERT_BATCH = 2000;
const ROLLUP_BATCH = 4000;

const where =
  (f: RowFilter) =>
  (eb: ExpressionBuilder<Database, 'awareness_events'>): Expression<SqlBool> => {
    const parts: Array<Expression<SqlBool>> = [
      eb('kind', 'in', [...f.kinds]),
      eb('day', '>=', f.fromDay),
      eb('day', '<=', f.toDay),
    ];
    if (f.province) parts.push(eb('province', '=', f.province));
    if (f.fraudType) parts.push(eb('fraud_type', '=', f.fraudType));
    if (f.orgId) parts.push(eb('org_id', '=', f.orgId));
    return eb.and(parts);
  };

/** The rollup has no province or fraud-type columns: those filters read the fact table. */
const usesRollup = (f: RowFilter): boolean => !f.province && !f.fraudType;

/** Whole months at month grain and the days at the ends at day grain; day and week buckets read days only. */
const rollupWhere =
  (f: RowFilter, dim: Dimension | 'time', daysOnly = false) =>
  (eb: ExpressionBuilder<Database, 'awareness_rollup'>): Expression<SqlBool> => {
    const split: RollupRanges = daysOnly
      ? { months: null, days: [[f.fromDay, f.toDay]] }
      : splitByMonth(f.fromDay, f.toDay);
    const ranges: Array<Expression<SqlBool>> = split.days.map(([a, b]) =>
      eb.and([eb('grain', '=', 'd'), eb('bucket', '>=', a), eb('bucket', '<=', b)]),
    );
    if (split.months)
      ranges.push(
        eb.and([
          eb('grain', '=', 'm'),
          eb('bucket', '>=', split.months[0]),
          eb('bucket', '<=', split.months[1]),
        ]),
      );
    const parts: Array<Expression<SqlBool>> = [
      eb('kind', 'in', [...f.kinds]),
      eb('dim', '=', dim),
      ranges.length > 0 ? eb.or(ranges) : eb.lit(false),
    ];
    if (f.orgId) parts.push(eb('org_id', '=', f.orgId));
    return eb.and(parts);
  };

/** `day` names the day column: `day` in the fact table, `bucket` in the rollup's day grain. */
const bucketExpression = (bucket: TimeBucket, day: 'day' | 'bucket') => {
  const d = sql.ref(day);
  switch (bucket) {
    case 'day':
      return sql<number>`${d}`;
    // Weeks start on Monday: epoch day 0 (1970-01-01) was a Thursday.
    case 'week':
      return sql<number>`((${d} + 3) / 7) * 7 - 3`;
    case 'month':
      return sql<number>`month`;
  }
};

/** Writes rows in statements of at most `size` rows, one after another. */
const inBatches = async <T>(
  rows: readonly T[],
  size: number,
  write: (batch: readonly T[]) => Promise<unknown>,
): Promise<void> => {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
};

export const awarenessRepository = () => ({
  async insert(tx: Executor, rows: readonly AwarenessRow[]): Promise<void> {
    await inBatches(rows, INSERT_BATCH, (batch) =>
      tx
        .insertInto('awareness_events')
        .values(
          batch.map((r) => ({
            kind: r.kind,
            at: r.at,
            day: r.day,
            month: r.month,
            province: r.province,
            city: r.city,
            fraud_type: r.fraudType,
            channel: r.channel,
            age_group: r.ageGroup,
            hosting_country: r.hostingCountry,
            org_id: r.orgId,
            count: r.count,
            demo: r.demo ? 1 : 0,
          })),
        )
        .execute(),
    );
    const deltas = rollupDeltas(rows);
    await inBatches(deltas, ROLLUP_BATCH, (batch) =>
      tx
        .insertInto('awareness_rollup')
        .values(
          batch.map((d) => ({
            kind: d.kind,
            dim: d.dim,
            grain: d.grain,
            bucket: d.bucket,
            month: d.month,
            org_id: d.orgId,
            key: d.key,
            count: d.count,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['kind', 'dim', 'grain', 'bucket', 'org_id', 'key'])
            .doUpdateSet((eb) => ({ count: eb('awareness_rollup.count', '+', eb.ref('excluded.count')) })),
        )
        .execute(),
    );
  },

  async byTime(db: Executor, f: RowFilter, bucket: TimeBucket): Promise<Grouped[]> {
    let rows: Array<{ bucket: number; kind: string; value: number }>;
    if (usesRollup(f)) {
      const b = bucketExpression(bucket, 'bucket');
      rows = await db
        .selectFrom('awareness_rollup')
        .select([b.as('bucket'), 'kind', sql<number>`sum(count)`.as('value')])
        .where(rollupWhere(f, 'time', bucket !== 'month'))
        .groupBy([b, 'kind'])
        .orderBy(b)
        .execute();
    } else {
      const b = bucketExpression(bucket, 'day');
      rows = await db
        .selectFrom('awareness_events')
        .select([b.as('bucket'), 'kind', sql<number>`sum(count)`.as('value')])
        .where(where(f))
        .groupBy([b, 'kind'])
        .orderBy(b)
        .execute();
    }
    return rows.map((r) => ({ key: String(r.bucket), kind: r.kind, value: Number(r.value) }));
  },

  async byDimension(db: Executor, f: RowFilter, dimension: Dimension): Promise<Grouped[]> {
    if (usesRollup(f) && dimension !== 'org_id') {
      const rows = await db
        .selectFrom('awareness_rollup')
        .select(['key', 'kind', sql<number>`sum(count)`.as('value')])
        .where(rollupWhere(f, dimension))
        .groupBy(['key', 'kind'])
        .execute();
      return rows.map((r) => ({ key: r.key, kind: r.kind, value: Number(r.value) }));
    }
    const col = sql.ref<string | null>(dimension);
    const rows = await db
      .selectFrom('awareness_events')
      .select([col.as('key'), 'kind', sql<number>`sum(count)`.as('value')])
      .where(where(f))
      .where(col, 'is not', null)
      .groupBy([col, 'kind'])
      .execute();
    return rows.map((r) => ({ key: r.key ?? '', kind: r.kind, value: Number(r.value) }));
  },

  async total(db: Executor, f: RowFilter): Promise<number> {
    const row = usesRollup(f)
      ? await db
          .selectFrom('awareness_rollup')
          .select(sql<number | null>`sum(count)`.as('value'))
          .where(rollupWhere(f, 'time'))
          .executeTakeFirst()
      : await db
          .selectFrom('awareness_events')
          .select(sql<number | null>`sum(count)`.as('value'))
          .where(where(f))
          .executeTakeFirst();
    return Number(row?.value ?? 0);
  },

  /** Cheap on a million rows: min/max use the `at` index, the demo probe stops at the first row. */
  async span(db: Executor): Promise<{ firstAt: number | null; lastAt: number | null; demo: boolean }> {
    // Two queries: SQLite answers a lone min() or max() from the index end, but scans it for both at once.
    const first = await db
      .selectFrom('awareness_events')
      .select(sql<number | null>`min(at)`.as('at'))
      .executeTakeFirst();
    const last = await db
      .selectFrom('awareness_events')
      .select(sql<number | null>`max(at)`.as('at'))
      .executeTakeFirst();
    const demo = await db
      .selectFrom('awareness_events')
      .select('id')
      .where('demo', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return {
      firstAt: typeof first?.at === 'number' ? first.at : null,
      lastAt: typeof last?.at === 'number' ? last.at : null,
      demo: demo !== undefined,
    };
  },
});

export type AwarenessRepository = ReturnType<typeof awarenessRepository>;
