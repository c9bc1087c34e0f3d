/** The only file in the edge module that writes SQL: warning rows (outbox and accuracy record) and the webhook setting. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { EdgeWarningsTable } from '../../adapters/db/schema.ts';

/** What a warning says and to whom, as decided and as stored. */
interface WarningFields {
  readonly subscriber: string;
  readonly group: string;
  readonly trigger: string;
  readonly deliveries: readonly string[];
  readonly verdict: string;
  readonly fraudType: string | null;
  readonly counterpart: string | null;
  readonly reason: string;
  readonly observedAt: number;
  readonly createdAt: number;
}

export interface WarningRecord extends WarningFields {
  readonly id: number;
  readonly status: string;
  readonly attempts: number;
  readonly deliveredAt: number | null;
  readonly lastError: string | null;
  readonly feedback: string | null;
}

export interface NewWarning extends WarningFields {
  readonly dedupKey: string;
  readonly status: 'pending' | 'suppressed';
}

/** A stored warning as the repository reads it (the outbox scheduling columns stay inside the repository). */
type WarningRow = Omit<Selectable<EdgeWarningsTable>, 'dedup_key' | 'next_attempt_at' | 'feedback_at'>;

const warningRowToRecord = (r: WarningRow): WarningRecord => ({
  id: Number(r.id),
  subscriber: r.subscriber,
  group: r.subscriber_group,
  trigger: r.trigger,
  deliveries: r.deliveries.split(',').filter(Boolean),
  verdict: r.verdict,
  fraudType: r.fraud_type,
  counterpart: r.counterpart,
  reason: r.reason,
  observedAt: Number(r.observed_at),
  createdAt: Number(r.created_at),
  status: r.status,
  attempts: Number(r.attempts),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  lastError: r.last_error,
  feedback: r.feedback,
});

const WEBHOOK_SETTING = 'edge_warning_webhook';
const COLUMNS = [
  'id',
  'subscriber',
  'subscriber_group',
  'trigger',
  'deliveries',
  'verdict',
  'fraud_type',
  'counterpart',
  'reason',
  'observed_at',
  'created_at',
  'status',
  'attempts',
  'delivered_at',
  'last_error',
  'feedback',
] as const;

export const edgeRepository = () => ({
  /** Inserts unless a warning with the same dedup key exists; true when a row was added. */
  async insertWarning(tx: Executor, w: NewWarning): Promise<boolean> {
    const r = await tx
      .insertInto('edge_warnings')
      .values({
        dedup_key: w.dedupKey,
        subscriber: w.subscriber,
        subscriber_group: w.group,
        trigger: w.trigger,
        deliveries: w.deliveries.join(','),
        verdict: w.verdict,
        fraud_type: w.fraudType,
        counterpart: w.counterpart,
        reason: w.reason,
        observed_at: w.observedAt,
        created_at: w.createdAt,
        status: w.status,
        attempts: 0,
        next_attempt_at: w.createdAt,
      })
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async countSentSince(tx: Executor, subscriber: string, since: number): Promise<number> {
    const r = await tx
      .selectFrom('edge_warnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subscriber', '=', subscriber)
      .where('created_at', '>=', since)
      .where('status', '!=', 'suppressed')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  async due(tx: Executor, now: number, limit: number): Promise<WarningRecord[]> {
    const rows = await tx
      .selectFrom('edge_warnings')
      .select(COLUMNS)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(warningRowToRecord);
  },

  async markDelivered(tx: Executor, id: number, now: number): Promise<void> {
    await tx
      .updateTable('edge_warnings')
      .set((eb) => ({
        status: 'delivered',
        delivered_at: now,
        attempts: eb('attempts', '+', 1),
        last_error: null,
      }))
      .where('id', '=', id)
      .execute();
  },

  async markFailedAttempt(tx: Executor, id: number, error: string, next: number | undefined): Promise<void> {
    await tx
      .updateTable('edge_warnings')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 500),
        ...(next === undefined ? { status: 'failed' } : { next_attempt_at: next }),
      }))
      .where('id', '=', id)
      .execute();
  },

  async setFeedback(
    tx: Executor,
    id: number,
    feedback: 'accurate' | 'inaccurate',
    now: number,
  ): Promise<boolean> {
    const r = await tx
      .updateTable('edge_warnings')
      .set({ feedback, feedback_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async list(
    tx: Executor,
    opts: { subscriber?: string | undefined; status?: string | undefined; limit: number },
  ): Promise<WarningRecord[]> {
    let q = tx.selectFrom('edge_warnings').select(COLUMNS).orderBy('id', 'desc').limit(opts.limit);
    if (opts.subscriber) q = q.where('subscriber', '=', opts.subscriber);
    if (opts.status) q = q.where('status', '=', opts.status);
    return (await q.execute()).map(warningRowToRecord);
  },

  /** Counts by status and feedback since a time: the inputs of the warning-accuracy figure (预警准确率). */
  async tally(
    tx: Executor,
    since: number,
  ): Promise<Array<{ status: string; feedback: string | null; n: number }>> {
    const rows = await tx
      .selectFrom('edge_warnings')
      .select(['status', 'feedback', (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>=', since)
      .groupBy(['status', 'feedback'])
      .execute();
    return rows.map((r) => ({ status: r.status, feedback: r.feedback, n: Number(r.n) }));
  },

  async webhookSetting(tx: Executor): Promise<string | undefined> {
    const r = await tx
      .selectFrom('settings')
      .select('value')
      .where('key', '=', WEBHOOK_SETTING)
      .executeTakeFirst();
    return r?.value;
  },

  async saveWebhookSetting(tx: Executor, value: string): Promise<void> {
    await tx
      .insertInto('settings')
      .values({ key: WEBHOOK_SETTING, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },
});

export type EdgeRepository = ReturnType<typeof edgeRepository>;
