/** `GET /api/v1/evaluation?from&to[&orgId]`: the evaluation index for any period. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { invalidInput } from '../../../shared/errors.ts';
import type { EvaluationService } from '../../../modules/evaluation/evaluation.service.ts';

export const evaluationRoutes = (deps: { evaluation: EvaluationService }) => async (app: App) => {
  app.get(
    '/api/v1/evaluation',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Evaluation index per organisation for a period',
        querystring: Type.Object({
          from: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time' }),
          to: Type.String({ format: 'date-time' }),
          orgId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      const from = Date.parse(request.query.from);
      const to = Date.parse(request.query.to);
      if (Number.isNaN(from)) throw invalidInput('from', 'not a date-time');
      if (Number.isNaN(to)) throw invalidInput('to', 'not a date-time');
      return deps.evaluation.index(requireActor(request), {
        from,
        to,
        orgId: request.query.orgId,
      });
    },
  );
};
