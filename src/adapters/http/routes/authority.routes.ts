/** Authority grants: the scopes the regulator delegates to other organisations (`/api/v1/authority/grants`). */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { errorResponses, StringEnum } from '../../../shared/schemas.ts';
import { GRANT_KINDS, type AuthorityService } from '../../../modules/access/authority.ts';

const GrantSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.String(),
  kind: StringEnum(GRANT_KINDS),
  pattern: Type.String(),
  reason: Type.String(),
  grantedBy: Type.String(),
  grantedAt: Type.Number(),
  revokedAt: Type.Union([Type.Number(), Type.Null()]),
});

export const authorityRoutes = (deps: { authority: AuthorityService }) => async (app: App) => {
  const { authority } = deps;
  const tags = ['authority'];

  app.get(
    '/api/v1/authority/grants',
    {
      schema: {
        tags,
        summary: 'Delegated scopes: all of them for the regulator, your own for other organisations',
        response: { 200: Type.Object({ items: Type.Array(GrantSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await authority.list(requireActor(request)) }),
  );

  app.post(
    '/api/v1/authority/grants',
    {
      schema: {
        tags,
        summary:
          "Delegate a scope to an organisation (regulator's analysts): a phone prefix, a domain, a brand",
        body: Type.Object(
          {
            orgId: Type.String({ minLength: 1, maxLength: 100 }),
            kind: StringEnum(GRANT_KINDS),
            pattern: Type.String({ minLength: 1, maxLength: 200 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: GrantSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await authority.grant(requireActor(request), request.body)),
  );

  app.delete(
    '/api/v1/authority/grants/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a delegated scope, with a reason',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
      },
    },
    async (request, reply) => {
      await authority.revoke(requireActor(request), request.params.id, request.query.reason);
      return reply.status(204).send();
    },
  );
};
