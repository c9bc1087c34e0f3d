/** HTTP API for webhook subscriptions and their deliveries. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { StringEnum } from '../../../shared/schemas.ts';
import { WEBHOOK_EVENTS, type WebhooksService } from '../../../modules/webhooks/webhooks.service.ts';

export const webhooksRoutes = (deps: { webhooks: WebhooksService }) => async (app: App) => {
  const { webhooks } = deps;
  const tags = ['webhooks'];
  const actor = requireActor;
  const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

  app.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the signing secret is shown once',
        body: Type.Object({
          url: Type.String({ minLength: 8, maxLength: 2000 }),
          events: Type.Array(StringEnum(WEBHOOK_EVENTS), { minItems: 1, maxItems: 10 }),
          orgId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.subscribe(actor(request), request.body)),
  );
  app.get(
    '/api/v1/webhooks',
    { schema: { tags, summary: 'Your organisation’s subscriptions (administrators)' } },
    async (request) => webhooks.list(actor(request)),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    { schema: { tags, summary: 'Unsubscribe', params: Id } },
    async (request, reply) => {
      await webhooks.unsubscribe(actor(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: { tags, summary: 'Recent deliveries of a subscription, with attempts and errors', params: Id },
    },
    async (request) => webhooks.deliveries(actor(request), request.params.id),
  );
  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        summary: 'Deliver a dead item again',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), deliveryId: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      await webhooks.redeliver(actor(request), request.params.deliveryId, request.params.id);
      return reply.status(204).send();
    },
  );
};
