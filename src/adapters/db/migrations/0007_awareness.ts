import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * The awareness fact table: counted events with dimensions. `day` (days since the epoch in China time)
 * and `month` (yyyymm) are computed on write so every time bucket is plain integer arithmetic on both
 * dialects, and each dashboard query is an index range scan on (kind, day).
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
    await db.schema.createIndex('awareness_kind_day_idx').on('awareness_events').columns(['kind', 'day']).execute();
    await db.schema.createIndex('awareness_at_idx').on('awareness_events').column('at').execute();
  },
});
