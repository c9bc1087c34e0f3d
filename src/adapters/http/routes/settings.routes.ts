/**
 * The library's verdict thresholds: `GET /api/v1/settings/thresholds` (any analyst), `POST
 * /api/v1/settings/thresholds/shadow` (the comparison of a proposed set with the one in force, nothing
 * written) and `PUT /api/v1/settings/thresholds` (applied nationally with a reason) for the regulator's
 * analysts.
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { errorResponses } from '../../../shared/schemas.ts';
import { ResourceTypeSchema, VerdictSchema } from '../../../modules/library/library.schema.ts';
import type { ThresholdsService } from '../../../modules/settings/thresholds.service.ts';

const Score = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

const ThresholdsSchema = Type.Object(
  {
    fraud: Score('a value reads fraud at and above this score'),
    suspicious: Score('a value reads suspicious at and above this score, below fraud'),
  },
  { additionalProperties: false },
);

const StateSchema = Type.Object({ thresholds: ThresholdsSchema, defaults: ThresholdsSchema });

const ShadowSchema = Type.Object({
  current: ThresholdsSchema,
  proposed: ThresholdsSchema,
  evaluated: Type.Integer(),
  changed: Type.Integer(),
  changedPublic: Type.Integer(),
  transitions: Type.Array(
    Type.Object({ type: ResourceTypeSchema, from: VerdictSchema, to: VerdictSchema, count: Type.Integer() }),
  ),
  sample: Type.Array(
    Type.Object({
      type: ResourceTypeSchema,
      value: Type.String(),
      score: Type.Number(),
      from: VerdictSchema,
      to: VerdictSchema,
    }),
  ),
});

const ApplyBody = Type.Object(
  {
    fraud: Score('a value reads fraud at and above this score'),
    suspicious: Score('a value reads suspicious at and above this score, below fraud'),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'why the thresholds change (audited)' }),
  },
  { additionalProperties: false },
);

export const settingsRoutes = (deps: { thresholds: ThresholdsService }) => async (app: App) => {
  const { thresholds } = deps;
  const tags = ['settings'];

  app.get(
    '/api/v1/settings/thresholds',
    {
      schema: {
        tags,
        summary: 'The verdict thresholds in force and their defaults',
        response: { 200: StateSchema, ...errorResponses },
      },
    },
    async (request) => thresholds.read(requireActor(request)),
  );

  app.post(
    '/api/v1/settings/thresholds/shadow',
    {
      schema: {
        tags,
        summary: 'Shadow mode: which values a proposed set of thresholds would move, without applying it',
        body: ThresholdsSchema,
        response: { 200: ShadowSchema, ...errorResponses },
      },
    },
    async (request) => thresholds.shadow(requireActor(request), request.body),
  );

  app.put(
    '/api/v1/settings/thresholds',
    {
      schema: {
        tags,
        summary: 'Apply verdict thresholds nationally (the regulator’s analysts), with a reason',
        body: ApplyBody,
        response: {
          200: Type.Intersect([StateSchema, Type.Object({ rescored: Type.Integer() })]),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { reason, ...proposed } = request.body;
      return thresholds.apply(requireActor(request), proposed, reason);
    },
  );
};
