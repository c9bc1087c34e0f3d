import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

/**
 * The SMS engine's tables: mined templates (campaigns) with their MinHash signature, the
 * ingested messages with their verdicts and extracted values, and the shadow-mode decisions a
 * candidate detector version would have made. JSON columns are text; times are epoch ms.
 */
export const sms0003 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const id = idType(d);
    await db.schema
      .createTable('sms_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pattern', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('message_count', 'integer', (c) => c.notNull())
      .addColumn('fraud_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('spam_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('fraud_types', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('samples', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('resources', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('detector_version', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sms_templates_last_seen_idx')
      .on('sms_templates')
      .column('last_seen')
      .execute();
    await db.schema
      .createIndex('sms_templates_fraud_type_idx')
      .on('sms_templates')
      .column('fraud_type')
      .execute();
    await db.schema
      .createTable('sms_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('sender', 'text', (c) => c.notNull())
      .addColumn('receiver', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('normalized_text', 'text', (c) => c.notNull())
      .addColumn('template_id', 'text', (c) => c.notNull().references('sms_templates.id'))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('indicators', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('detector_version', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sms_messages_template_idx')
      .on('sms_messages')
      .column('template_id')
      .execute();
    await db.schema
      .createIndex('sms_messages_sent_at_idx')
      .on('sms_messages')
      .columns(['org_id', 'sent_at'])
      .execute();
    await db.schema
      .createTable('sms_shadow_decisions')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('sms_messages.id'))
      .addColumn('active_version', 'text', (c) => c.notNull())
      .addColumn('shadow_version', 'text', (c) => c.notNull())
      .addColumn('active_verdict', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sms_shadow_version_idx')
      .on('sms_shadow_decisions')
      .columns(['shadow_version', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sms_shadow_decisions').execute();
    await db.schema.dropTable('sms_messages').execute();
    await db.schema.dropTable('sms_templates').execute();
  },
});
