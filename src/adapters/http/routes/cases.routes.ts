/** HTTP API for qualification and cases; handlers delegate, the services enforce who may do what. */
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { ReportsService } from '../../../modules/reports/reports.service.ts';
import {
  CaseQuery,
  CasePatch,
  DecisionBody,
  DossierQuery,
  IntId,
  MergeBody,
  NoteBody,
  QueueQuery,
  SplitBody,
  TextId,
  WorkOrdersBody,
  AlertBody,
} from '../../../modules/cases/cases.schema.ts';
import type { CasesService } from '../../../modules/cases/cases.service.ts';
import { dossierHtml } from '../../../modules/cases/dossier.ts';
import type { QualificationService } from '../../../modules/cases/qualification.service.ts';
import type { WorkOrdersService } from '../../../modules/cases/workorders.service.ts';
import { ACTIONS, may } from '../../../shared/policy.ts';

export interface CasesRouteDeps {
  readonly qualification: QualificationService;
  readonly cases: CasesService;
  readonly workOrders: WorkOrdersService;
  readonly reports: ReportsService;
  readonly clock: Clock;
}

/** The actions of qualification, cases, work orders and appeals, which the console's work screens offer. */
const COLLABORATION = /^(queue|case|dossier|workorder|routing|appeal)\./;

export const casesRoutes = (deps: CasesRouteDeps) => async (app: App) => {
  const { qualification, cases } = deps;
  const actor = requireActor;

  app.get(
    '/api/v1/collaboration/permissions',
    {
      schema: {
        tags: ['qualification'],
        summary: 'What the caller may do in qualification, cases, work orders and appeals',
      },
    },
    async (request) => {
      const a = actor(request);
      const actions = ACTIONS.filter((k) => COLLABORATION.test(k) && may(a, k));
      return { actions };
    },
  );
  app.get(
    '/api/v1/queue',
    {
      schema: {
        tags: ['qualification'],
        summary: 'The qualification queue (keyset paging: pass nextCursor as after)',
        querystring: QueueQuery,
      },
    },
    async (request) => {
      const { after, ...rest } = request.query;
      return qualification.list(actor(request), {
        ...rest,
        after: after === undefined ? undefined : Number(after),
      });
    },
  );
  app.get(
    '/api/v1/queue/:id',
    {
      schema: {
        tags: ['qualification'],
        summary: 'A queue item with the library’s knowledge of its values and its reports',
        params: IntId,
      },
    },
    async (request) => {
      const a = actor(request);
      const detail = await qualification.get(a, request.params.id);
      return { ...detail, reports: await deps.reports.reportsOf(a, request.params.id) };
    },
  );
  app.post(
    '/api/v1/queue/alerts',
    {
      schema: {
        tags: ['qualification'],
        summary: 'Raise a detector or member alert into the queue',
        body: AlertBody,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await qualification.raiseAlert(actor(request), request.body)),
  );
  app.post(
    '/api/v1/queue/:id/decision',
    {
      schema: {
        tags: ['qualification'],
        summary: 'Confirm (into a case), reject, escalate or merge a queue item',
        params: IntId,
        body: DecisionBody,
      },
    },
    async (request) => {
      const a = actor(request);
      const b = request.body;
      const id = request.params.id;
      switch (b.decision) {
        case 'confirm':
          return qualification.confirm(a, id, b);
        case 'reject':
          return { item: await qualification.reject(a, id, b.reason) };
        case 'escalate':
          return { item: await qualification.escalate(a, id, b.reason) };
        case 'merge':
          return { item: await qualification.merge(a, id, b.into, b.reason) };
      }
    },
  );

  app.get(
    '/api/v1/cases',
    { schema: { tags: ['cases'], summary: 'Cases (keyset paging)', querystring: CaseQuery } },
    async (request) => cases.list(actor(request), request.query),
  );
  app.get(
    '/api/v1/cases/:id',
    {
      schema: { tags: ['cases'], summary: 'A case: values, sources, work orders, timeline', params: TextId },
    },
    async (request) => cases.get(actor(request), request.params.id),
  );
  app.patch(
    '/api/v1/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Assign, change severity, close or reopen',
        params: TextId,
        body: CasePatch,
      },
    },
    async (request) => cases.update(actor(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/cases/:id/notes',
    { schema: { tags: ['cases'], summary: 'Add a note to the timeline', params: TextId, body: NoteBody } },
    async (request, reply) => {
      await cases.note(actor(request), request.params.id, request.body.text);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/cases/:id/merge',
    { schema: { tags: ['cases'], summary: 'Merge this case into another', params: TextId, body: MergeBody } },
    async (request) => cases.merge(actor(request), request.params.id, request.body.into, request.body.reason),
  );
  app.post(
    '/api/v1/cases/:id/split',
    {
      schema: {
        tags: ['cases'],
        summary: 'Split values off into a new case',
        params: TextId,
        body: SplitBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await cases.split(actor(request), request.params.id, request.body.resourceIds, request.body.title),
        ),
  );
  app.post(
    '/api/v1/cases/:id/workorders',
    {
      schema: {
        tags: ['cases'],
        summary: 'Generate work orders routed to the responsible organisations',
        params: TextId,
        body: WorkOrdersBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await deps.workOrders.createWorkOrders(actor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/cases/:id/dossier',
    {
      schema: {
        tags: ['cases'],
        summary: 'Export the case as a police dossier (JSON or printable HTML)',
        params: TextId,
        querystring: DossierQuery,
      },
    },
    async (request, reply) => {
      const a = actor(request);
      const d = await cases.exportDossier(a, request.params.id);
      if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(dossierHtml(d));
      return d;
    },
  );
};
