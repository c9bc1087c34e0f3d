import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * Edge warnings (用户防诈骗智能提醒): one row per warning event, which is also its durable outbox entry
 * (status, attempts, next attempt) and the record the warning-accuracy figure is computed from.
 */
export const edge0008 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('edge_warnings')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
      .addColumn('subscriber', 'text', (c) => c.notNull())
      .addColumn('subscriber_group', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('deliveries', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('counterpart', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('observed_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('feedback', 'text')
      .addColumn('feedback_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('edge_warnings_due')
      .on('edge_warnings')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('edge_warnings_subscriber')
      .on('edge_warnings')
      .columns(['subscriber', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('edge_warnings').execute();
  },
});
