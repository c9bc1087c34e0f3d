import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The TAXII server's status resources (one per POST of a bundle, read back by the client that posted
 * it), and the order TAXII pages claims in: by the time they last changed, then by id.
 */
export const federationTaxii0013 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('taxii_status')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await sql`create index claims_federation_changed_idx on claims (updated_at, id)`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop index claims_federation_changed_idx`.execute(db);
    await db.schema.dropTable('taxii_status').execute();
  },
});
