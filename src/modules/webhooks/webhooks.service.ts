/**
 * Webhooks to member systems (new work orders, decisions): events are written to a durable outbox in
 * the same transaction as the change that caused them, so an acknowledged change never loses its event;
 * a worker delivers them signed and retries with exponential back-off; after the last attempt an item
 * is parked as dead (kept, and re-deliverable), never deleted.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import { may, recordsOf } from '../../shared/policy.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../../shared/actor.ts';
import type { OutboxItem, Subscription, WebhooksRepository } from './webhooks.repository.ts';
import { RETRY, SIGNATURE_HEADER, nextDelay, signPayload } from './webhooks.signing.ts';

export const WEBHOOK_EVENTS = [
  'workorder.created',
  'workorder.escalated',
  'workorder.feedback',
  'appeal.filed',
  'appeal.decided',
  'case.confirmed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a delivery needs from the network; passed in so tests use a real local receiver. */
export type Poster = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number }>;

export const fetchPoster: Poster = async (url, body, headers) => {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers,
    signal: AbortSignal.timeout(5_000),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return { status: res.status };
};

export interface WebhooksDeps {
  readonly db: Db;
  readonly repo: WebhooksRepository;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly post?: Poster;
}

/** The port other modules use: enqueue inside their own transaction. */
export interface WebhookOutbox {
  enqueueIn(
    tx: Executor,
    event: WebhookEvent,
    orgIds: readonly string[],
    payload: Record<string, unknown>,
  ): Promise<void>;
}

const subscriptionView = (s: Subscription) => ({
  id: s.id,
  orgId: s.orgId,
  url: s.url,
  events: [...s.events],
  active: s.active,
  createdAt: s.createdAt,
});

export const createWebhooksService = (deps: WebhooksDeps) => {
  const { db, repo, clock } = deps;
  const post = deps.post ?? fetchPoster;
  const canManage = (actor: Actor, orgId: string): boolean =>
    may(actor, 'webhooks.manage', { ownerOrgId: orgId });

  const deliver = async (item: OutboxItem, sub: Subscription | undefined): Promise<boolean> => {
    const now = clock.now().getTime();
    let error: string;
    if (!sub || !sub.active) {
      error = 'subscription removed';
    } else {
      const body = JSON.stringify({
        id: item.id,
        event: item.event,
        createdAt: item.createdAt,
        data: JSON.parse(item.payload) as unknown,
      });
      try {
        const res = await post(sub.url, body, {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(sub.secret, body, now),
          'x-fanzha-event': item.event,
          'x-fanzha-delivery': String(item.id),
        });
        if (res.status >= 200 && res.status < 300) {
          await repo.markDelivered(db, item.id, now);
          return true;
        }
        error = `HTTP ${res.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    const attempts = item.attempts + 1;
    const dead = attempts >= RETRY.maxAttempts || !sub?.active;
    await repo.markFailed(db, item.id, attempts, now + nextDelay(attempts), dead ? now : null, error);
    return false;
  };

  /** The audit entry of an administrator's change to a subscription. */
  const audited = (
    tx: Executor,
    actor: Actor,
    change: 'subscribe' | 'unsubscribe',
    id: string,
    data?: Record<string, unknown>,
  ) =>
    deps.audit.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action: `webhook.${change}`,
      entityType: 'webhook',
      entityId: id,
      data,
    });

  const service = {
    async subscribe(
      actor: Actor,
      input: { orgId?: string | undefined; url: string; events: readonly WebhookEvent[] },
    ) {
      const orgId = input.orgId ?? actor.orgId;
      if (!canManage(actor, orgId))
        throw forbidden('only an administrator of this organisation manages its webhooks');
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw invalidInput('url', 'not a URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw invalidInput('url', 'webhooks are http(s)');
      if (input.events.length === 0) throw invalidInput('events', 'subscribe to at least one event');
      const sub: Subscription = {
        id: deps.ids.next('whk'),
        orgId,
        url: url.toString(),
        secret: randomBytes(24).toString('base64url'),
        events: [...new Set(input.events)],
        active: true,
        createdAt: clock.now().getTime(),
      };
      await db.transaction().execute(async (tx) => {
        await repo.insertSubscription(tx, sub);
        await audited(tx, actor, 'subscribe', sub.id, { orgId, url: sub.url, events: sub.events });
      });
      // The secret is shown once, like an API key.
      return { ...subscriptionView(sub), secret: sub.secret };
    },

    async unsubscribe(actor: Actor, id: string): Promise<void> {
      const sub = await repo.findSubscription(db, id);
      if (!sub || !canManage(actor, sub.orgId)) throw notFound('webhook', 'id');
      await db.transaction().execute(async (tx) => {
        await repo.deactivate(tx, id);
        await audited(tx, actor, 'unsubscribe', id);
      });
    },

    async list(actor: Actor) {
      if (!may(actor, 'webhooks.manage')) throw forbidden('only administrators see webhooks');
      const subs = await repo.listSubscriptions(db, recordsOf(actor, 'webhooks.manage'));
      return subs.map(subscriptionView);
    },

    async deliveries(actor: Actor, id: string, limit = 50) {
      const sub = await repo.findSubscription(db, id);
      if (!sub || !canManage(actor, sub.orgId)) throw notFound('webhook', 'id');
      return repo.listOutbox(db, [id], limit);
    },

    async redeliver(actor: Actor, outboxId: number, subscriptionId: string): Promise<void> {
      const sub = await repo.findSubscription(db, subscriptionId);
      if (!sub || !canManage(actor, sub.orgId)) throw notFound('webhook', 'id');
      if ((await repo.revive(db, outboxId, subscriptionId, clock.now().getTime())) === 0)
        throw notFound('delivery', 'deliveryId');
    },

    async enqueueIn(
      tx: Executor,
      event: WebhookEvent,
      orgIds: readonly string[],
      payload: Record<string, unknown>,
    ): Promise<void> {
      const subs = (await repo.subscriptionsOf(tx, [...new Set(orgIds)])).filter((s) =>
        s.events.includes(event),
      );
      const at = clock.now().getTime();
      await repo.enqueue(
        tx,
        subs.map((s) => ({ subscriptionId: s.id, event, payload: JSON.stringify(payload), at })),
      );
    },

    /** One pass of the worker: delivers what is due; returns how many were delivered and failed. */
    async tick(limit = 50): Promise<{ delivered: number; failed: number }> {
      const items = await repo.due(db, clock.now().getTime(), limit);
      const subs = new Map<string, Subscription | undefined>();
      let delivered = 0;
      for (const item of items) {
        if (!subs.has(item.subscriptionId))
          subs.set(item.subscriptionId, await repo.findSubscription(db, item.subscriptionId));
        if (await deliver(item, subs.get(item.subscriptionId))) delivered++;
      }
      return { delivered, failed: items.length - delivered };
    },
  };
  return service;
};

export type WebhooksService = ReturnType<typeof createWebhooksService>;
