/**
 * A bare Fastify app for route tests: the `x-test-org` header names the organisation, and the request
 * acts as an operator analyst of it (no header: no principal), so a test drives routes without the
 * server's authentication in front of them.
 */
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../../src/adapters/http/http.types.ts';

export const headerPrincipalApp = (): App => {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (request, _reply, done) => {
    const org = request.headers['x-test-org'];
    request.principal =
      typeof org === 'string' ? { orgId: org, orgKind: 'operator', role: 'analyst', actor: 'user:t' } : null;
    done();
  });
  return app;
};
