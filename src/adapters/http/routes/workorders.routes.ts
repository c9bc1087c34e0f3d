/** HTTP API for work orders, their routing table, the escalation sweep, and appeals. */
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { invalidInput } from '../../../shared/errors.ts';
import type { AppealsService } from '../../../modules/cases/appeals.service.ts';
import {
  AppealBody,
  AppealDecisionBody,
  AppealQuery,
  FeedbackBody,
  RerouteBody,
  RoutingBody,
  TextId,
  WorkOrderQuery,
} from '../../../modules/cases/cases.schema.ts';
import type { WorkOrdersService } from '../../../modules/cases/workorders.service.ts';

export const workOrdersRoutes =
  (deps: { workOrders: WorkOrdersService; appeals: AppealsService }) => async (app: App) => {
    const { workOrders: cases, appeals } = deps;
    const actor = requireActor;
    const tags = ['workorders'];

    app.get(
      '/api/v1/workorders',
      {
        schema: {
          tags,
          summary: 'Work orders (the regulator sees all; others the ones addressed to them)',
          querystring: WorkOrderQuery,
        },
      },
      async (request) => cases.listWorkOrders(actor(request), request.query),
    );
    app.get(
      '/api/v1/workorders/:id',
      { schema: { tags, summary: 'One work order', params: TextId } },
      async (request) => cases.getWorkOrder(actor(request), request.params.id),
    );
    app.post(
      '/api/v1/workorders/:id/feedback',
      {
        schema: {
          tags,
          summary: 'Answer a work order: done (with when) or refused (with why)',
          params: TextId,
          body: FeedbackBody,
        },
      },
      async (request) => {
        let actedAt: number | undefined;
        if (request.body.actedAt !== undefined) {
          actedAt = Date.parse(request.body.actedAt);
          if (Number.isNaN(actedAt)) throw invalidInput('actedAt', 'not a date-time');
        }
        return cases.feedback(actor(request), request.params.id, {
          outcome: request.body.outcome,
          note: request.body.note,
          actedAt,
        });
      },
    );
    app.post(
      '/api/v1/workorders/:id/route',
      {
        schema: {
          tags,
          summary: 'Re-route a work order to another acting organisation (the regulator), with a reason',
          params: TextId,
          body: RerouteBody,
        },
      },
      async (request) => cases.reroute(actor(request), request.params.id, request.body),
    );
    app.post(
      '/api/v1/workorders/sweep',
      {
        schema: { tags, summary: 'Escalate work orders past their deadline (also run by the workers role)' },
      },
      async (request) => cases.sweep(actor(request)),
    );
    app.get(
      '/api/v1/routing',
      { schema: { tags, summary: 'The responsibility table: (kind, key) → organisation' } },
      async (request) => cases.routing(actor(request)),
    );
    app.put(
      '/api/v1/routing',
      {
        schema: {
          tags,
          summary: 'Set who acts for an operator, registrar, platform or bank key',
          body: RoutingBody,
        },
      },
      async (request, reply) => {
        await cases.setRouting(actor(request), request.body.kind, request.body.key, request.body.orgId);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/appeals',
      {
        schema: {
          tags: ['appeals'],
          summary: 'File an appeal (申诉) for a listed value, with the evidence checklist',
          body: AppealBody,
        },
      },
      async (request, reply) => reply.status(201).send(await appeals.file(actor(request), request.body)),
    );
    app.get(
      '/api/v1/appeals',
      {
        schema: {
          tags: ['appeals'],
          summary: 'Appeals (the regulator sees all; others their own)',
          querystring: AppealQuery,
        },
      },
      async (request) => appeals.list(actor(request), request.query),
    );
    app.get(
      '/api/v1/appeals/:id',
      { schema: { tags: ['appeals'], summary: 'One appeal', params: TextId } },
      async (request) => appeals.get(actor(request), request.params.id),
    );
    app.post(
      '/api/v1/appeals/:id/decision',
      {
        schema: {
          tags: ['appeals'],
          summary: 'Decide an appeal: upheld releases the value everywhere; rejected restores it',
          params: TextId,
          body: AppealDecisionBody,
        },
      },
      async (request) => appeals.decide(actor(request), request.params.id, request.body),
    );
  };
