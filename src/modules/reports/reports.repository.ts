/** The only file in reports that writes SQL: report rows and their evidence (the queue keeps the groups). */
import type { Selectable } from 'kysely';
import type { ReportsTable } from '../../adapters/db/schema.ts';
import type { Executor } from '../../adapters/db/database.ts';
import { isResourceType } from '../library/library.types.ts';
import type { EvidenceFile } from './reports.evidence.ts';
import type { ExtractedValue } from './reports.types.ts';

export interface StoredReport {
  readonly id: string;
  readonly receipt: string;
  readonly queueItemId: number;
  readonly channel: string;
  readonly text: string;
  readonly values: ExtractedValue[];
  readonly amountLost: number | null;
  readonly occurredAt: number | null;
  readonly contactSealed: string | null;
  readonly createdAt: number;
}

/** Our own JSON, still checked: a row edited by hand must not crash a view. */
export const parseValues = (json: string): ExtractedValue[] => {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown): ExtractedValue[] => {
    if (typeof x !== 'object' || x === null) return [];
    const { type, normalized, display, value, from } = x as Record<string, unknown>;
    if (!isResourceType(type) || typeof normalized !== 'string') return [];
    const shown = typeof display === 'string' ? display : normalized;
    return [
      {
        type,
        normalized,
        display: shown,
        value: typeof value === 'string' ? value : shown,
        from: from === 'given' ? 'given' : 'text',
      },
    ];
  });
};

export const reportRowToReport = (
  r: Pick<
    Selectable<ReportsTable>,
    | 'id'
    | 'receipt'
    | 'queue_item_id'
    | 'channel'
    | 'text'
    | 'values_json'
    | 'amount_lost'
    | 'occurred_at'
    | 'contact_sealed'
    | 'created_at'
  >,
): StoredReport => ({
  id: r.id,
  receipt: r.receipt,
  queueItemId: Number(r.queue_item_id),
  channel: r.channel,
  text: r.text,
  values: parseValues(r.values_json),
  amountLost: r.amount_lost,
  occurredAt: r.occurred_at,
  contactSealed: r.contact_sealed,
  createdAt: r.created_at,
});

export const reportsRepository = () => ({
  async insertReports(
    tx: Executor,
    rows: ReadonlyArray<{
      id: string;
      receipt: string;
      queueItemId: number;
      channel: string;
      text: string;
      values: readonly ExtractedValue[];
      amountLost: number | null;
      occurredAt: number | null;
      clientHash: string;
      contactSealed: string | null;
      createdAt: number;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insertInto('reports')
      .values(
        rows.map((r) => ({
          id: r.id,
          receipt: r.receipt,
          queue_item_id: r.queueItemId,
          channel: r.channel,
          text: r.text,
          values_json: JSON.stringify(r.values),
          amount_lost: r.amountLost,
          occurred_at: r.occurredAt,
          client_hash: r.clientHash,
          contact_sealed: r.contactSealed,
          created_at: r.createdAt,
        })),
      )
      .execute();
  },

  /** The ids of `ids` already stored. */
  async existingIds(tx: Executor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .selectFrom('reports')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async insertEvidence(tx: Executor, reportId: string, files: readonly EvidenceFile[]): Promise<void> {
    if (files.length === 0) return;
    await tx
      .insertInto('report_evidence')
      .values(
        files.map((f) => ({
          report_id: reportId,
          name: f.name,
          media_type: f.mediaType,
          size: f.size,
          sha256: f.sha256,
          content_base64: f.base64,
        })),
      )
      .execute();
  },

  async findByReceipt(tx: Executor, receipt: string): Promise<StoredReport | undefined> {
    const row = await tx.selectFrom('reports').selectAll().where('receipt', '=', receipt).executeTakeFirst();
    return row && reportRowToReport(row);
  },

  async reportsOfGroup(tx: Executor, queueItemId: number, limit: number): Promise<StoredReport[]> {
    const rows = await tx
      .selectFrom('reports')
      .selectAll()
      .where('queue_item_id', '=', queueItemId)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(reportRowToReport);
  },

  async evidenceOf(
    tx: Executor,
    reportId: string,
  ): Promise<Array<{ id: number; name: string; mediaType: string; size: number; sha256: string }>> {
    const rows = await tx
      .selectFrom('report_evidence')
      .select(['id', 'name', 'media_type', 'size', 'sha256'])
      .where('report_id', '=', reportId)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      mediaType: r.media_type,
      size: r.size,
      sha256: r.sha256,
    }));
  },

  /** Moves the reports of one queue item to another (a duplicate merged into the item it repeats). */
  async moveReports(tx: Executor, fromQueueItem: number, toQueueItem: number): Promise<void> {
    await tx
      .updateTable('reports')
      .set({ queue_item_id: toQueueItem })
      .where('queue_item_id', '=', fromQueueItem)
      .execute();
  },
});

export type ReportsRepository = ReturnType<typeof reportsRepository>;
