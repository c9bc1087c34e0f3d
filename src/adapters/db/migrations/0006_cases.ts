/**
 * Reports, the qualification queue, cases, work orders and their routing, appeals, the joint-punishment
 * list and the webhook outbox. Indexes follow the queries: the queue pages by (status, id),
 * duplicates are found by (fingerprint, last_at), work orders are swept by (status, deadline_at).
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { idType } from './util.ts';

export const cases0006 = (d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const id = idType(d);
    await db.schema
      .createTable('queue_items')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('fraud_type', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('values_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('merged_into', 'bigint')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('reason', 'text')
      .execute();
    await db.schema
      .createIndex('queue_items_status_id')
      .on('queue_items')
      .columns(['status', 'id'])
      .execute();
    await db.schema
      .createIndex('queue_items_fingerprint')
      .on('queue_items')
      .columns(['fingerprint', 'last_at'])
      .execute();
    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('receipt', 'text', (c) => c.notNull().unique())
      .addColumn('queue_item_id', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('values_json', 'text', (c) => c.notNull())
      .addColumn('amount_lost', 'real')
      .addColumn('occurred_at', 'bigint')
      .addColumn('client_hash', 'text', (c) => c.notNull())
      .addColumn('contact_sealed', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_queue_item').on('reports').columns(['queue_item_id']).execute();
    await db.schema
      .createTable('report_evidence')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content_base64', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('report_evidence_report')
      .on('report_evidence')
      .columns(['report_id'])
      .execute();
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('fraud_type', 'text')
      .addColumn('assignee', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('deadline_at', 'bigint')
      .addColumn('merged_into', 'text')
      .execute();
    await db.schema.createIndex('cases_status_id').on('cases').columns(['status', 'id']).execute();
    await db.schema
      .createTable('case_values')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('added_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_values_pk', ['case_id', 'resource_id'])
      .execute();
    await db.schema.createIndex('case_values_resource').on('case_values').columns(['resource_id']).execute();
    await db.schema
      .createTable('case_events')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();
    await db.schema
      .createTable('responsibilities')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('responsibilities_pk', ['kind', 'key'])
      .execute();
    await db.schema
      .createTable('work_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('deadline_at', 'bigint', (c) => c.notNull())
      .addColumn('responded_at', 'bigint')
      .addColumn('acted_at', 'bigint')
      .addColumn('response_note', 'text')
      .execute();
    await db.schema
      .createIndex('work_orders_org')
      .on('work_orders')
      .columns(['org_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('work_orders_status_deadline')
      .on('work_orders')
      .columns(['status', 'deadline_at'])
      .execute();
    await db.schema.createIndex('work_orders_case').on('work_orders').columns(['case_id']).execute();
    await db.schema
      .createTable('appeals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('resource_id', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('against_org_id', 'text')
      .addColumn('filed_by', 'text', (c) => c.notNull())
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('checklist', 'text', (c) => c.notNull())
      .addColumn('previous_status', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .addColumn('decided_by', 'text')
      .addColumn('reason', 'text')
      .execute();
    await db.schema.createIndex('appeals_status_due').on('appeals').columns(['status', 'due_at']).execute();
    await db.schema
      .createTable('credit_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('subject_kind', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('lifted_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('credit_entries_subject').on('credit_entries').columns(['subject']).execute();
    await db.schema
      .createTable('webhook_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_outbox')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('dead_at', 'bigint')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createIndex('webhook_outbox_due')
      .on('webhook_outbox')
      .columns(['delivered_at', 'next_attempt_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of [
      'webhook_outbox',
      'webhook_subscriptions',
      'credit_entries',
      'appeals',
      'work_orders',
      'responsibilities',
      'case_events',
      'case_values',
      'cases',
      'report_evidence',
      'reports',
      'queue_items',
    ])
      await db.schema.dropTable(t).execute();
  },
});
