/**
 * SQL for the qualification queue (queue_items): the items analysts qualify, detector alerts, and the
 * report groups the report desk opens and grows (the `ReportQueue` port, inside the desk's transaction).
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { QueueItemsTable } from '../../adapters/db/schema.ts';
import type { NewReportGroup, ReportGroup, ReportQueue } from '../reports/reports.ports.ts';
import type { ListOrder, QueueItem, QueueValue } from './cases.types.ts';
import { queueRowToItem } from './cases.rows.ts';
import { pageById } from './keyset.ts';

const GROUP_COLUMNS = ['id', 'fingerprint', 'status', 'report_count', 'merged_into', 'last_at'] as const;

const groupOf = (row: Pick<Selectable<QueueItemsTable>, (typeof GROUP_COLUMNS)[number]>): ReportGroup => ({
  id: Number(row.id),
  status: row.status,
  reportCount: row.report_count,
  mergedInto: row.merged_into === null ? null : Number(row.merged_into),
  lastAt: row.last_at,
});

type OpenItem = Pick<
  QueueItemsTable,
  'kind' | 'fingerprint' | 'title' | 'channel' | 'fraud_type' | 'source' | 'report_count' | 'priority'
>;

/** A new, undecided queue row: open, first and last seen `now`, in no case, merged into nothing. */
const openRow = (item: OpenItem, values: readonly QueueValue[], now: number) => ({
  ...item,
  status: 'open',
  values_json: JSON.stringify(values),
  first_at: now,
  last_at: now,
  case_id: null,
  merged_into: null,
  decided_by: null,
  decided_at: null,
  reason: null,
});

/** Report groups: the queue items that public reports naming the same values join. */
export const reportQueue = (): ReportQueue => ({
  async findGroups(tx, fingerprints, since) {
    const out = new Map<string, ReportGroup>();
    if (fingerprints.length === 0) return out;
    const rows = await tx
      .selectFrom('queue_items')
      .select(GROUP_COLUMNS)
      .where('fingerprint', 'in', [...fingerprints])
      .where('last_at', '>=', since)
      .orderBy('last_at', 'desc')
      .execute();
    for (const row of rows)
      if (row.fingerprint !== null && !out.has(row.fingerprint)) out.set(row.fingerprint, groupOf(row));
    return out;
  },

  async findGroupById(tx, id) {
    const row = await tx
      .selectFrom('queue_items')
      .select(GROUP_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && groupOf(row);
  },

  async insertGroups(tx, groups: readonly NewReportGroup[]) {
    if (groups.length === 0) return new Map<string, number>();
    const rows = await tx
      .insertInto('queue_items')
      .values(
        groups.map((g) =>
          openRow(
            {
              kind: 'report',
              fingerprint: g.fingerprint,
              title: g.title,
              channel: g.channel,
              fraud_type: null,
              source: 'report',
              report_count: g.count,
              priority: g.count - 1,
            },
            g.values.map((v) => ({ type: v.type, normalized: v.normalized, display: v.display })),
            g.now,
          ),
        ),
      )
      .returning(['id', 'fingerprint'])
      .execute();
    return new Map(rows.map((r) => [r.fingerprint ?? '', Number(r.id)]));
  },

  async bumpGroup(tx, id, by, now) {
    await tx
      .updateTable('queue_items')
      .set((eb) => ({
        report_count: eb('report_count', '+', by),
        last_at: now,
        priority: eb('priority', '+', by),
      }))
      .where('id', '=', id)
      .execute();
  },
});

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
      .values(
        openRow(
          {
            kind: 'alert',
            fingerprint: null,
            title: a.title,
            channel: null,
            fraud_type: a.fraudType,
            source: a.source,
            report_count: 0,
            priority: a.priority,
          },
          a.values,
          a.now,
        ),
      )
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
