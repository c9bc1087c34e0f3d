import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * The feed of local overrides: one row for every organisation's local pin or allow entry set or
 * removed, whether or not the library holds the value. Every node follows it to keep its organisations'
 * views current, reading only what changed.
 */
export const overrideChanges0019 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('override_changes')
      .addColumn('seq', idType(d), (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('override_changes').execute();
  },
});
