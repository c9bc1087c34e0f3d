import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Federation between instances: the peers this instance pulls from and pushes to (with the API key it
 * holds at each), where each pull and push resumes, and which instance and organisation stand behind an
 * organisation that only exists here because its claims came from a peer.
 */
export const federationPeers0018 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('federation_peers')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('api_key', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('collections', 'text', (c) => c.notNull())
      .addColumn('push_collection', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('last_sync_at', 'bigint')
      .addColumn('pulled', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('pushed', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('federation_checkpoints')
      .addColumn('peer', 'text', (c) => c.notNull().references('federation_peers.name').onDelete('cascade'))
      .addColumn('feed', 'text', (c) => c.notNull())
      .addColumn('added_after', 'bigint')
      .addColumn('next', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('federation_checkpoints_pk', ['peer', 'feed'])
      .execute();
    await db.schema
      .createTable('federation_origins')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('origin_org', 'text', (c) => c.notNull())
      .addUniqueConstraint('federation_origins_uq', ['instance', 'origin_org'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('federation_origins').execute();
    await db.schema.dropTable('federation_checkpoints').execute();
    await db.schema.dropTable('federation_peers').execute();
  },
});
