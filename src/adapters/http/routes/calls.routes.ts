/** HTTP: ingest record batches, query alerts and per-number features, restore a 踢网 action after appeal. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { actorOf, requirePrincipal } from '../guards.ts';
import type { CallsService } from '../../../modules/detect/calls/calls.service.ts';

export interface CallsRoutesDeps {
  readonly calls: CallsService;
}

const Reason = Type.Object({
  code: Type.String(),
  message: Type.String(),
  value: Type.Optional(Type.Number()),
  threshold: Type.Optional(Type.Number()),
});
const Alert = Type.Object({
  id: Type.Number(),
  detector: Type.String(),
  subject: Type.String(),
  subjectType: Type.String(),
  verdict: Type.String(),
  score: Type.Number(),
  reasons: Type.Array(Reason),
  window: Type.Object({ from: Type.Number(), to: Type.Number() }),
  action: Type.String(),
  at: Type.Number(),
  related: Type.Optional(Type.Unknown()),
});

export const callsRoutes =
  (deps: CallsRoutesDeps) =>
  async (app: App): Promise<void> => {
    app.post(
      '/api/v1/calls/records',
      {
        // A full batch of 10,000 records is about 2.5 MB of JSON: above the server-wide default.
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags: ['calls'],
          summary:
            'Ingest a batch of call records (voice, sms, location, registration, app, user, preregistration)',
          body: Type.Object({
            records: Type.Array(Type.Unknown(), { maxItems: 10_000 }),
            flush: Type.Optional(Type.Boolean()),
          }),
          response: {
            200: Type.Object({
              accepted: Type.Integer(),
              duplicates: Type.Integer(),
              late: Type.Integer(),
              alerts: Type.Integer(),
              casesOpened: Type.Integer(),
              casesUpdated: Type.Integer(),
              casesSkipped: Type.Integer(),
            }),
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        return deps.calls.ingest(actorOf(p), request.body.records, { flush: request.body.flush === true });
      },
    );

    app.get(
      '/api/v1/calls/alerts',
      {
        schema: {
          tags: ['calls'],
          summary: 'Alerts of the call detectors, newest first',
          querystring: Type.Object({
            detector: Type.Optional(Type.String({ maxLength: 100 })),
            subject: Type.Optional(Type.String({ maxLength: 160 })),
            since: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: { 200: Type.Object({ alerts: Type.Array(Alert) }) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const alerts = await deps.calls.listAlerts(p.orgId, request.query);
        return {
          alerts: alerts.map((a) => ({
            ...a,
            reasons: a.reasons.map((r) => ({ ...r })),
            window: { ...a.window },
          })),
        };
      },
    );

    app.get(
      '/api/v1/calls/numbers/:phone',
      {
        schema: {
          tags: ['calls'],
          summary: "A number's window features (live and last stored) and its 踢网 actions",
          params: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 160 }) }),
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        return deps.calls.numberFeatures(p.orgId, request.params.phone);
      },
    );

    app.post(
      '/api/v1/calls/kicks/:id/restore',
      {
        schema: {
          tags: ['calls'],
          summary: 'Restore service after an upheld appeal (复机)',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        await deps.calls.restoreKick(actorOf(p), request.params.id, request.body.reason);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
