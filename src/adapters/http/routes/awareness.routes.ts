/** The dashboards' HTTP API: chart definitions, one chart, or every chart for a filter in one call. */
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requirePrincipal } from '../guards.ts';
import { StringEnum } from '../../../shared/schemas.ts';
import type { AwarenessFilter } from '../../../modules/awareness/awareness.types.ts';
import { TIME_BUCKETS } from '../../../modules/awareness/awareness.types.ts';
import type { AwarenessService } from '../../../modules/awareness/awareness.service.ts';

const FilterQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms; default a year before `to`' })),
  to: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms; default now' })),
  province: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  fraudType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

const ChartQuery = Type.Object({
  ...FilterQuery.properties,
  bucket: Type.Optional(StringEnum(TIME_BUCKETS)),
});

const filterOf = (q: Static<typeof FilterQuery>): Partial<AwarenessFilter> => ({
  ...(q.from !== undefined ? { from: q.from } : {}),
  ...(q.to !== undefined ? { to: q.to } : {}),
  province: q.province,
  fraudType: q.fraudType,
  orgId: q.orgId,
});

export const awarenessRoutes = (deps: { awareness: AwarenessService }) => async (app: App) => {
  const { awareness } = deps;
  const tags = ['awareness'];

  app.get(
    '/api/v1/awareness/summary',
    { schema: { tags, summary: 'Span of recorded events and whether demo activity is present' } },
    async (request) => {
      requirePrincipal(request);
      return awareness.summary();
    },
  );

  app.get(
    '/api/v1/awareness/charts',
    { schema: { tags, summary: 'The dashboard charts (figures 3–11 of the report)' } },
    async (request) => {
      requirePrincipal(request);
      return { items: awareness.charts() };
    },
  );

  app.get(
    '/api/v1/awareness/charts/:id',
    {
      schema: {
        tags,
        summary: 'One chart for a period, province, fraud type and organisation',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: ChartQuery,
      },
    },
    async (request) => {
      requirePrincipal(request);
      return awareness.chart(request.params.id, filterOf(request.query), request.query.bucket);
    },
  );

  app.get(
    '/api/v1/awareness/dashboard',
    { schema: { tags, summary: 'Every chart for one filter (the first load)', querystring: FilterQuery } },
    async (request) => {
      requirePrincipal(request);
      return awareness.dashboard(filterOf(request.query));
    },
  );
};
