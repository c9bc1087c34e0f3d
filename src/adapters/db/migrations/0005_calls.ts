/**
 * The call-records engine's tables: alerts, per-number feature snapshots, 报备 pre-registrations and
 * 踢网 actions with their restore path. Only src/modules/detect/calls/calls.repository.ts queries them.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

export const calls0005 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const id = idType(d);
    await db.schema
      .createTable('calls_alerts')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('detector', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('window_from', 'bigint', (c) => c.notNull())
      .addColumn('window_to', 'bigint', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('related', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('calls_alerts_subject_uq', ['org_id', 'detector', 'subject_type', 'subject'])
      .execute();
    await db.schema.createIndex('calls_alerts_at_idx').on('calls_alerts').columns(['org_id', 'at']).execute();
    await db.schema
      .createTable('calls_number_features')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('window_to', 'bigint', (c) => c.notNull())
      .addColumn('features', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('calls_number_features_pk', ['org_id', 'phone'])
      .execute();
    await db.schema
      .createTable('calls_preregistrations')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'bigint', (c) => c.notNull())
      .addColumn('valid_until', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('calls_preregistrations_uq', ['org_id', 'phone', 'region', 'valid_from'])
      .execute();
    await db.schema
      .createTable('calls_kick_actions')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('acted_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('appeal_reason', 'text')
      .addColumn('restored_at', 'bigint')
      .addColumn('restored_by', 'text')
      .addUniqueConstraint('calls_kick_actions_uq', ['org_id', 'phone', 'region', 'acted_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['calls_kick_actions', 'calls_preregistrations', 'calls_number_features', 'calls_alerts'])
      await db.schema.dropTable(t).execute();
  },
});
