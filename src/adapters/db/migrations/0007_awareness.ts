import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * Situational awareness. `awareness_events` is the fact table: counted events with dimensions; `day`
 * (days since the epoch in China time) and `month` (yyyymm) are computed on write so every time bucket
 * is plain integer arithmetic on both dialects. `awareness_rollup` keeps, per kind, day and
 * organisation — and again per month (`grain` 'd' or 'm', `bucket` the day or yyyymm) — the sum for
 * each value of each dimension (`dim = 'time'` holds the total): a year is read as whole months plus
 * the days at its ends, a few thousand rows instead of a million events. Filters by province or fraud
 * type read the fact table through their own indexes.
 */
export const awareness0007 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('awareness_events')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('province', 'text')
      .addColumn('city', 'text')
      .addColumn('fraud_type', 'text')
      .addColumn('channel', 'text')
      .addColumn('age_group', 'text')
      .addColumn('hosting_country', 'text')
      .addColumn('org_id', 'text')
      .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(1))
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('awareness_kind_province_day_idx')
      .on('awareness_events')
      .columns(['kind', 'province', 'day'])
      .execute();
    await db.schema
      .createIndex('awareness_kind_fraud_type_day_idx')
      .on('awareness_events')
      .columns(['kind', 'fraud_type', 'day'])
      .execute();
    await db.schema.createIndex('awareness_at_idx').on('awareness_events').column('at').execute();
    await db.schema.createIndex('awareness_demo_idx').on('awareness_events').column('demo').execute();

    const rollup = db.schema
      .createTable('awareness_rollup')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('grain', 'text', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('awareness_rollup_pk', ['kind', 'dim', 'grain', 'bucket', 'org_id', 'key']);
    // Clustered on the key in SQLite: a chart's range is read in one pass without a lookup per row.
    await (d === 'sqlite' ? rollup.modifyEnd(sql`without rowid`) : rollup).execute();
  },
});
