/** HTTP API for the joint-punishment list and the subject check. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { StringEnum } from '../../../shared/schemas.ts';
import type { CreditService } from '../../../modules/credit/credit.service.ts';
import { CREDIT_MEASURE_NAMES } from '../../../modules/credit/credit.types.ts';

export const creditRoutes = (deps: { credit: CreditService }) => async (app: App) => {
  const { credit } = deps;
  const tags = ['credit'];
  const actor = requireActor;
  const Subject = Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'resident ID or unified social credit code (pseudonymised on arrival)',
  });

  app.post(
    '/api/v1/credit/entries',
    {
      schema: {
        tags,
        summary: 'List a subject under a measure for a period (信用惩戒)',
        body: Type.Object({
          subject: Subject,
          measure: StringEnum(CREDIT_MEASURE_NAMES),
          reason: Type.String({ minLength: 1, maxLength: 2000 }),
          years: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          caseId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await credit.add(actor(request), request.body)),
  );
  app.get(
    '/api/v1/credit/entries',
    {
      schema: {
        tags,
        summary: 'The list (regulator, police)',
        querystring: Type.Object({
          after: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
      },
    },
    async (request) => credit.list(actor(request), request.query),
  );
  app.post(
    '/api/v1/credit/entries/:id/lift',
    {
      schema: {
        tags,
        summary: 'Lift a listing early',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
      },
    },
    async (request, reply) => {
      await credit.lift(actor(request), request.params.id, request.body.reason);
      return reply.status(204).send();
    },
  );
  // POST so the identifier travels in the body, never in a URL that proxies log.
  app.post(
    '/api/v1/credit/check',
    {
      schema: {
        tags,
        summary: 'Subject check before opening an account: restrictions in force',
        body: Type.Object({ subject: Subject }),
      },
    },
    async (request) => credit.check(actor(request), request.body.subject),
  );
};
