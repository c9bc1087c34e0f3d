/** Login, organisations, users and API keys. Sessions are httpOnly, SameSite=Strict cookies. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { actorOf, requireActor, requirePrincipal } from '../guards.ts';
import { StringEnum } from '../../../shared/schemas.ts';
import { ORG_KINDS, ROLES } from '../../../shared/actor.ts';
import type { AccessService } from '../../../modules/access/access.service.ts';

export const SESSION_COOKIE = 'fanzha_session';

export const accessRoutes =
  (deps: { access: AccessService; secureCookies: boolean; loginRateLimit: number }) => async (app: App) => {
    const { access } = deps;
    const tags = ['access'];

    app.post(
      '/api/v1/auth/login',
      {
        config: { rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Log in; sets the session cookie',
          body: Type.Object(
            {
              username: Type.String({ minLength: 1, maxLength: 64 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const s = await access.login(request.body.username, request.body.password);
        void reply.setCookie(SESSION_COOKIE, s.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: deps.secureCookies,
          path: '/',
          expires: new Date(s.expiresAt),
        });
        return {
          user: {
            id: s.user.id,
            username: s.user.username,
            role: s.user.role,
            displayName: s.user.displayName,
          },
          org: { id: s.org.id, name: s.org.name, kind: s.org.kind },
          expiresAt: s.expiresAt,
        };
      },
    );

    app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Log out' } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await access.logout(token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });

    app.get(
      '/api/v1/auth/me',
      { schema: { tags, summary: 'Who am I (user or API key, organisation, role)' } },
      async (request) => {
        const p = requirePrincipal(request);
        const { user, org } = await access.currentUser(actorOf(p));
        return {
          actor: p.actor,
          role: p.role,
          org: { id: org.id, name: org.name, kind: org.kind },
          user: user && { id: user.id, username: user.username, displayName: user.displayName },
        };
      },
    );

    app.get('/api/v1/orgs', { schema: { tags, summary: 'Organisations' } }, async (request) => {
      requirePrincipal(request);
      return { items: await access.listOrganisations() };
    });

    app.post(
      '/api/v1/orgs',
      {
        schema: {
          tags,
          summary: 'Create an organisation (platform administrators)',
          body: Type.Object(
            {
              id: Type.Optional(Type.String({ pattern: '^org_[a-z0-9_]{2,60}$' })),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              kind: StringEnum(ORG_KINDS),
              region: Type.Optional(Type.String({ maxLength: 64 })),
              reliability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await access.createOrganisation(requireActor(request), request.body)),
    );

    app.get('/api/v1/users', { schema: { tags, summary: 'Users you may manage' } }, async (request) => ({
      items: await access.listUsers(requireActor(request)),
    }));

    app.get(
      '/api/v1/people',
      {
        schema: {
          tags,
          summary:
            'Display names of the people and keys whose actions you see (your organisation’s and the regulator’s)',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({ actor: Type.String(), displayName: Type.String(), orgId: Type.String() }),
              ),
            }),
          },
        },
      },
      async (request) => ({ items: await access.people(requireActor(request)) }),
    );

    app.post(
      '/api/v1/users',
      {
        schema: {
          tags,
          summary: 'Create a user in an organisation (its administrators)',
          body: Type.Object(
            {
              orgId: Type.String({ minLength: 1 }),
              username: Type.String({ minLength: 3, maxLength: 64 }),
              password: Type.String({ minLength: 8, maxLength: 200 }),
              role: StringEnum(ROLES),
              displayName: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await access.createUser(requireActor(request), request.body)),
    );

    app.get(
      '/api/v1/apikeys',
      { schema: { tags, summary: 'API keys (never the secret)' } },
      async (request) => ({
        items: await access.listApiKeys(requireActor(request)),
      }),
    );

    app.post(
      '/api/v1/apikeys',
      {
        schema: {
          tags,
          summary: 'Create an API key; the secret is shown once',
          body: Type.Object(
            {
              orgId: Type.String({ minLength: 1 }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              role: StringEnum(ROLES),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { key, apiKey } = await access.createApiKey(requireActor(request), request.body);
        return reply.status(201).send({ key, apiKey });
      },
    );

    app.delete(
      '/api/v1/apikeys/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an API key',
          params: Type.Object({ id: Type.String({ minLength: 1 }) }),
        },
      },
      async (request, reply) => {
        await access.revokeApiKey(requireActor(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
