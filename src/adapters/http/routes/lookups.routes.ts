/**
 * `GET /api/v1/lookup?value=RAW[&type=…]` and `POST /api/v1/lookup {"values": […]}`: anonymous callers get
 * public verdicts under a rate limit (a citizen's 风险查询); members (session or API key) get the
 * members-level verdict, with their own organisation's local overrides and private claims on top (the
 * answer then says `decidedBy` and keeps the `nationalVerdict`).
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { errorResponses } from '../../../shared/schemas.ts';
import { ResourceTypeSchema, VerdictSchema } from '../../../modules/library/library.schema.ts';
import { DomainError } from '../../../shared/errors.ts';
import { limitAnonymous, windowLimit } from '../window-limit.ts';
import type { LookupAudience, LookupsService } from '../../../modules/lookups/lookups.service.ts';
import { LOOKUP_PATH, MAX_VALUE_LENGTH, lookupFastRoute } from './lookups.fast-route.ts';

const LookupResultSchema = Type.Object(
  {
    value: Type.String(),
    type: ResourceTypeSchema,
    normalized: Type.String(),
    verdict: VerdictSchema,
    score: Type.Number(),
    fraudType: Type.Optional(Type.String()),
    reasons: Type.Array(Type.String()),
    ttlSeconds: Type.Integer(),
    alternatives: Type.Optional(Type.Array(Type.Any())),
    decidedBy: Type.Optional(
      Type.Object({
        scope: Type.Literal('local'),
        kind: Type.Union([Type.Literal('pin'), Type.Literal('allow'), Type.Literal('score')]),
        orgId: Type.String(),
      }),
    ),
    nationalVerdict: Type.Optional(VerdictSchema),
  },
  { $id: 'LookupResult' },
);

const BatchItem = Type.Union([
  Type.String({ minLength: 1, maxLength: 4096 }),
  Type.Object(
    { type: ResourceTypeSchema, value: Type.String({ minLength: 1, maxLength: 4096 }) },
    { additionalProperties: false },
  ),
]);

export const lookupsRoutes =
  (deps: { lookups: LookupsService; anonymousRateLimit: number }) => async (app: App) => {
    const audienceOf = (principal: unknown): LookupAudience => (principal ? 'members' : 'public');
    const viewerOf = (principal: { orgId: string } | null): string | undefined => principal?.orgId;
    // One budget per anonymous client across both lookup routes (and the GET's fast route); members are
    // not limited.
    const limit = windowLimit(deps.anonymousRateLimit, 60_000);
    const onRequest = limitAnonymous(limit);
    app.fastRoute(lookupFastRoute(deps.lookups, limit));

    app.get(
      LOOKUP_PATH,
      {
        onRequest,
        schema: {
          tags: ['lookups'],
          summary: 'Check one value (raw or normalised)',
          querystring: Type.Object({
            value: Type.String({ minLength: 1, maxLength: MAX_VALUE_LENGTH }),
            type: Type.Optional(ResourceTypeSchema),
          }),
          response: { 200: LookupResultSchema, ...errorResponses },
        },
      },
      async (request) => {
        const r = deps.lookups.lookupRaw(
          request.query.value,
          request.query.type,
          audienceOf(request.principal),
          viewerOf(request.principal),
        );
        if ('error' in r) throw new DomainError('invalid_value', r.error, 'value');
        return r;
      },
    );

    app.post(
      LOOKUP_PATH,
      {
        // The answer schema below documents the union of results; fast-json-stringify would validate each
        // item against it to pick a branch, which costs more than the lookups, so this route uses JSON.stringify.
        serializerCompiler: () => (data) => JSON.stringify(data),
        onRequest,
        schema: {
          tags: ['lookups'],
          summary: 'Check up to 1,000 values in one call; answers in the same order',
          body: Type.Object({ values: Type.Array(BatchItem, { minItems: 1, maxItems: 1000 }) }),
          response: {
            200: Type.Object({
              results: Type.Array(
                Type.Union([
                  LookupResultSchema,
                  Type.Object({ value: Type.String(), error: Type.String(), field: Type.String() }),
                ]),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const audience = audienceOf(request.principal);
        const viewer = viewerOf(request.principal);
        const results = request.body.values.map((v) =>
          typeof v === 'string'
            ? deps.lookups.lookupRaw(v, undefined, audience, viewer)
            : deps.lookups.lookupRaw(v.value, v.type, audience, viewer),
        );
        return { results };
      },
    );
  };
