import type { Kysely, Migration } from 'kysely';

/**
 * Failed logins per account name, shared by every API node on the database: a lock-out after repeated
 * failures holds whichever node the guesses reach.
 */
export const loginFailures0014 = (): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('login_failures')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_updated').on('login_failures').column('updated_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('login_failures').execute();
  },
});
