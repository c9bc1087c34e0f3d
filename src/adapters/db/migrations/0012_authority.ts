import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * Authority over national verdicts: scopes the regulator delegates to another organisation (an
 * operator's number blocks, a brand owner's domains and brand record), and the local overrides every
 * organisation may keep for its own views (a pin or an allow entry that changes nobody else's answer).
 */
export const authority0012 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('authority_grants')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('pattern', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('authority_grants_org').on('authority_grants').column('org_id').execute();
    await db.schema
      .createTable('local_overrides')
      .addColumn('id', idType(d), (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('overrides_allow', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('local_overrides_one', ['org_id', 'type', 'normalized', 'kind'])
      .execute();
    await db.schema
      .createIndex('local_overrides_value')
      .on('local_overrides')
      .columns(['type', 'normalized'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('local_overrides').execute();
    await db.schema.dropTable('authority_grants').execute();
  },
});
