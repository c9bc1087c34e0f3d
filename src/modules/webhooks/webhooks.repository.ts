/** The only file in webhooks that writes SQL: subscriptions and the durable outbox. */
import type { Selectable } from 'kysely';
import type { WebhookOutboxTable, WebhookSubscriptionsTable } from '../../adapters/db/schema.ts';
import type { Executor } from '../../adapters/db/database.ts';
import { parseStringArray } from '../../shared/parse.ts';

export interface Subscription {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly secret: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly createdAt: number;
}

export interface OutboxItem {
  readonly id: number;
  readonly subscriptionId: string;
  readonly event: string;
  readonly payload: string;
  readonly attempts: number;
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly deliveredAt: number | null;
  readonly deadAt: number | null;
  readonly lastError: string | null;
}

const subRowToSubscription = (
  r: Pick<
    Selectable<WebhookSubscriptionsTable>,
    'id' | 'org_id' | 'url' | 'secret' | 'events' | 'active' | 'created_at'
  >,
): Subscription => ({
  id: r.id,
  orgId: r.org_id,
  url: r.url,
  secret: r.secret,
  events: parseStringArray(r.events),
  active: r.active === 1,
  createdAt: r.created_at,
});

const outboxRowToItem = (
  r: Pick<
    Selectable<WebhookOutboxTable>,
    | 'id'
    | 'subscription_id'
    | 'event'
    | 'payload'
    | 'attempts'
    | 'created_at'
    | 'next_attempt_at'
    | 'delivered_at'
    | 'dead_at'
    | 'last_error'
  >,
): OutboxItem => ({
  id: Number(r.id),
  subscriptionId: r.subscription_id,
  event: r.event,
  payload: r.payload,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  deliveredAt: r.delivered_at,
  deadAt: r.dead_at,
  lastError: r.last_error,
});

export const webhooksRepository = () => ({
  async insertSubscription(tx: Executor, s: Subscription): Promise<void> {
    await tx
      .insertInto('webhook_subscriptions')
      .values({
        id: s.id,
        org_id: s.orgId,
        url: s.url,
        secret: s.secret,
        events: JSON.stringify(s.events),
        active: s.active ? 1 : 0,
        created_at: s.createdAt,
      })
      .execute();
  },
  async deactivate(tx: Executor, id: string): Promise<number> {
    const r = await tx
      .updateTable('webhook_subscriptions')
      .set({ active: 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async findSubscription(tx: Executor, id: string): Promise<Subscription | undefined> {
    const r = await tx
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && subRowToSubscription(r);
  },
  async subscriptionsOf(tx: Executor, orgIds: readonly string[]): Promise<Subscription[]> {
    if (orgIds.length === 0) return [];
    const rows = await tx
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('org_id', 'in', [...orgIds])
      .where('active', '=', 1)
      .execute();
    return rows.map(subRowToSubscription);
  },
  async listSubscriptions(tx: Executor, orgId: string | undefined): Promise<Subscription[]> {
    let q = tx.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at');
    if (orgId) q = q.where('org_id', '=', orgId);
    return (await q.execute()).map(subRowToSubscription);
  },
  async enqueue(
    tx: Executor,
    rows: ReadonlyArray<{ subscriptionId: string; event: string; payload: string; at: number }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insertInto('webhook_outbox')
      .values(
        rows.map((r) => ({
          subscription_id: r.subscriptionId,
          event: r.event,
          payload: r.payload,
          created_at: r.at,
          attempts: 0,
          next_attempt_at: r.at,
          delivered_at: null,
          dead_at: null,
          last_error: null,
        })),
      )
      .execute();
  },
  async due(tx: Executor, now: number, limit: number): Promise<OutboxItem[]> {
    const rows = await tx
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('dead_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(outboxRowToItem);
  },
  async markDelivered(tx: Executor, id: number, at: number): Promise<void> {
    await tx
      .updateTable('webhook_outbox')
      .set((eb) => ({ delivered_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .execute();
  },
  async markFailed(
    tx: Executor,
    id: number,
    attempts: number,
    nextAt: number,
    deadAt: number | null,
    error: string,
  ): Promise<void> {
    await tx
      .updateTable('webhook_outbox')
      .set({ attempts, next_attempt_at: nextAt, dead_at: deadAt, last_error: error.slice(0, 500) })
      .where('id', '=', id)
      .execute();
  },
  /** Due again now: one undelivered item of this subscription (another subscription's item is left alone). */
  async revive(tx: Executor, id: number, subscriptionId: string, at: number): Promise<number> {
    const r = await tx
      .updateTable('webhook_outbox')
      .set({ dead_at: null, next_attempt_at: at })
      .where('id', '=', id)
      .where('subscription_id', '=', subscriptionId)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async listOutbox(tx: Executor, subscriptionIds: readonly string[], limit: number): Promise<OutboxItem[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = await tx
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('subscription_id', 'in', [...subscriptionIds])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(outboxRowToItem);
  },
});

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
