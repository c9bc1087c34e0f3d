import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Protected brands: one row per brand, its lists (official domains, tokens, names, packages,
 * certificate fingerprints) as JSON text because they are only ever read and written whole.
 */
export const brands0004 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('brands')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('brands').execute();
  },
});
