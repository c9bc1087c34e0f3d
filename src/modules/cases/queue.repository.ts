/** SQL for the qualification queue (queue_items) and the reports it groups. */
import type { Executor } from '../../adapters/db/database.ts';
import type { QueueItemsTable } from '../../adapters/db/schema.ts';
import type { ListOrder, QueueItem, QueueValue } from './cases.types.ts';
import { queueRowToItem } from './cases.rows.ts';
import { pageById } from './keyset.ts';

export const queueRepository = () => ({
  // ---- qualification queue ------------------------------------------------------------------------
  /** Keyset paging on (status, id): constant cost per page however deep the queue is. */
  async listQueue(
    tx: Executor,
    o: {
      status: string;
      kind?: string | undefined;
      afterId?: number | undefined;
      order?: ListOrder | undefined;
      limit: number;
    },
  ): Promise<QueueItem[]> {
    let q = tx.selectFrom('queue_items').selectAll().where('status', '=', o.status);
    if (o.kind) q = q.where('kind', '=', o.kind);
    return (await pageById(q, o)).map(queueRowToItem);
  },
  async getQueueItem(tx: Executor, id: number): Promise<QueueItem | undefined> {
    const r = await tx.selectFrom('queue_items').selectAll().where('id', '=', id).executeTakeFirst();
    return r && queueRowToItem(r);
  },
  async updateQueueItem(
    tx: Executor,
    id: number,
    patch: Partial<
      Pick<
        QueueItemsTable,
        | 'status'
        | 'case_id'
        | 'merged_into'
        | 'decided_by'
        | 'decided_at'
        | 'reason'
        | 'priority'
        | 'report_count'
        | 'values_json'
        | 'fraud_type'
      >
    >,
  ): Promise<void> {
    await tx.updateTable('queue_items').set(patch).where('id', '=', id).execute();
  },
  async insertAlert(
    tx: Executor,
    a: {
      title: string;
      source: string;
      fraudType: string | null;
      values: readonly QueueValue[];
      priority: number;
      now: number;
    },
  ): Promise<number> {
    const r = await tx
      .insertInto('queue_items')
      .values({
        kind: 'alert',
        fingerprint: null,
        status: 'open',
        title: a.title,
        channel: null,
        fraud_type: a.fraudType,
        source: a.source,
        values_json: JSON.stringify(a.values),
        report_count: 0,
        priority: a.priority,
        first_at: a.now,
        last_at: a.now,
        case_id: null,
        merged_into: null,
        decided_by: null,
        decided_at: null,
        reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  },
  async queueItemsOfCase(tx: Executor, caseId: string): Promise<QueueItem[]> {
    return (
      await tx.selectFrom('queue_items').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
    ).map(queueRowToItem);
  },
});
