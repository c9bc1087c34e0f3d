/** The only file in reports that writes SQL: report rows, evidence, and the report side of the queue. */
import type { Selectable } from 'kysely';
import type { ReportsTable } from '../../adapters/db/schema.ts';
import type { Executor } from '../../adapters/db/database.ts';
import { isResourceType } from '../library/library.types.ts';
import type { EvidenceFile } from './reports.evidence.ts';
import type { ExtractedValue } from './reports.types.ts';

export interface ReportGroup {
  readonly id: number;
  readonly status: string;
  readonly reportCount: number;
  readonly mergedInto: number | null;
  readonly lastAt: number;
}

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
  async findGroup(tx: Executor, fingerprint: string, since: number): Promise<ReportGroup | undefined> {
    const row = await tx
      .selectFrom('queue_items')
      .select(['id', 'status', 'report_count', 'merged_into', 'last_at'])
      .where('fingerprint', '=', fingerprint)
      .where('last_at', '>=', since)
      .orderBy('last_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return (
      row && {
        id: Number(row.id),
        status: row.status,
        reportCount: row.report_count,
        mergedInto: row.merged_into === null ? null : Number(row.merged_into),
        lastAt: row.last_at,
      }
    );
  },

  /** The latest group per fingerprint within the window (one query for a whole batch). */
  async findGroups(
    tx: Executor,
    fingerprints: readonly string[],
    since: number,
  ): Promise<Map<string, ReportGroup>> {
    const out = new Map<string, ReportGroup>();
    if (fingerprints.length === 0) return out;
    const rows = await tx
      .selectFrom('queue_items')
      .select(['id', 'fingerprint', 'status', 'report_count', 'merged_into', 'last_at'])
      .where('fingerprint', 'in', [...fingerprints])
      .where('last_at', '>=', since)
      .orderBy('last_at', 'desc')
      .execute();
    for (const row of rows) {
      if (row.fingerprint === null || out.has(row.fingerprint)) continue;
      out.set(row.fingerprint, {
        id: Number(row.id),
        status: row.status,
        reportCount: row.report_count,
        mergedInto: row.merged_into === null ? null : Number(row.merged_into),
        lastAt: row.last_at,
      });
    }
    return out;
  },

  async findGroupById(tx: Executor, id: number): Promise<ReportGroup | undefined> {
    const row = await tx
      .selectFrom('queue_items')
      .select(['id', 'status', 'report_count', 'merged_into', 'last_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        id: Number(row.id),
        status: row.status,
        reportCount: row.report_count,
        mergedInto: row.merged_into === null ? null : Number(row.merged_into),
        lastAt: row.last_at,
      }
    );
  },

  /** New groups for a batch; returns fingerprint → id. */
  async insertGroups(
    tx: Executor,
    groups: ReadonlyArray<{
      fingerprint: string;
      title: string;
      channel: string;
      values: readonly ExtractedValue[];
      count: number;
      now: number;
    }>,
  ): Promise<Map<string, number>> {
    if (groups.length === 0) return new Map();
    const rows = await tx
      .insertInto('queue_items')
      .values(
        groups.map((g) => ({
          kind: 'report',
          fingerprint: g.fingerprint,
          status: 'open',
          title: g.title,
          channel: g.channel,
          fraud_type: null,
          source: 'report',
          values_json: JSON.stringify(
            g.values.map((v) => ({ type: v.type, normalized: v.normalized, display: v.display })),
          ),
          report_count: g.count,
          priority: g.count - 1,
          first_at: g.now,
          last_at: g.now,
          case_id: null,
          merged_into: null,
          decided_by: null,
          decided_at: null,
          reason: null,
        })),
      )
      .returning(['id', 'fingerprint'])
      .execute();
    return new Map(rows.map((r) => [r.fingerprint ?? '', Number(r.id)]));
  },

  async bumpGroup(tx: Executor, id: number, by: number, now: number): Promise<void> {
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
