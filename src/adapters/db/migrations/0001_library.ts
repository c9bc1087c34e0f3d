import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

export const library0001 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const id = idType(d);
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('region', 'text')
      .addColumn('reliability', 'real', (c) => c.notNull().defaultTo(0.6))
      .addColumn('parent_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('fraud_types')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('group_code', 'text', (c) => c.notNull())
      .addColumn('group_zh', 'text', (c) => c.notNull())
      .addColumn('group_en', 'text', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('resources')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addColumn('pin_verdict', 'text')
      .addColumn('pin_reason', 'text')
      .addColumn('pin_by', 'text')
      .addColumn('pin_at', 'bigint')
      .addColumn('pin_overrides_allow', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('verdict_public', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('score_public', 'real', (c) => c.notNull().defaultTo(0))
      .addColumn('verdict_members', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('score_members', 'real', (c) => c.notNull().defaultTo(0))
      .addColumn('fraud_type', 'text')
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('scored_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('resources_type_normalized_uq', ['type', 'normalized'])
      .execute();
    // Partial: a value still `reported` (every value a feed or import brings in) stays out of it, so bulk imports
    // do not pay for it; lists of values under review, confirmed, released … read it (the repository's search
    // repeats the condition so that SQLite sees the index applies).
    await sql`create index resources_status_idx on resources (status, type) where status <> 'reported'`.execute(
      db,
    );
    await db.schema
      .createTable('claims')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('resource_id', 'bigint', (c) => c.notNull().references('resources.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('confidence', 'real', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('sharing', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('valid_until', 'bigint')
      .addColumn('withdrawn_at', 'bigint')
      .addUniqueConstraint('claims_resource_org_source_uq', ['resource_id', 'org_id', 'source'])
      .execute();
    // Per organisation and period (the evaluation index). No index on created_at alone: no query reads claims by
    // time across organisations, and every index costs each imported claim another B-tree insert.
    await db.schema.createIndex('claims_org_idx').on('claims').columns(['org_id', 'created_at']).execute();
    await db.schema
      .createTable('sightings')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('resource_id', 'bigint', (c) => c.notNull().references('resources.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema
      .createIndex('sightings_resource_idx')
      .on('sightings')
      .columns(['resource_id', 'at'])
      .execute();
    await db.schema
      .createTable('allow_entries')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('allow_type_normalized_uq', ['type', 'normalized'])
      .execute();
    await db.schema
      .createTable('links')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('from_id', 'bigint', (c) => c.notNull().references('resources.id'))
      .addColumn('to_id', 'bigint', (c) => c.notNull().references('resources.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('links_uq', ['from_id', 'to_id', 'kind'])
      .execute();
    await db.schema.createIndex('links_to_idx').on('links').column('to_id').execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', id, (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('org_id', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_entity_idx')
      .on('audit_log')
      .columns(['entity_type', 'entity_id'])
      .execute();
    await db.schema
      .createTable('changes')
      .addColumn('seq', id, (c) => c.primaryKey())
      .addColumn('resource_id', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    // The audit log is append-only: the database itself refuses updates and deletes.
    if (d === 'sqlite') {
      await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit log is append-only'); end`.execute(
        db,
      );
      await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit log is append-only'); end`.execute(
        db,
      );
    } else {
      await sql`create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit log is append-only'; end $$`.execute(
        db,
      );
      await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
        db,
      );
    }
  },
});
