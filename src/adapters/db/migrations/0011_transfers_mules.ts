import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * The transaction stream (one row per transfer, unique per sending organisation and record id, so a
 * record sent twice is stored once) and the mule alerts (the latest verdict per account).
 */
export const transfersMules0011 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('transfers')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('payer', 'text', (c) => c.notNull())
      .addColumn('payee', 'text', (c) => c.notNull())
      .addColumn('amount', 'double precision', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('institution', 'text')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('transfers_record_uq', ['org_id', 'record_id'])
      .execute();
    await db.schema.createIndex('transfers_time_idx').on('transfers').column('time').execute();
    await db.schema
      .createTable('transfer_alerts')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull().unique())
      .addColumn('institution', 'text')
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('transfer_alerts').execute();
    await db.schema.dropTable('transfers').execute();
  },
});
