/**
 * The HTTP server: Fastify with TypeBox validation, OpenAPI at /docs, one error shape, security headers,
 * request size limits, rate limits on anonymous endpoints, and the console's static files — one port.
 */
import Fastify from 'fastify';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorHandlerWith } from './errors.ts';
import { boundIntegers, checkDepth } from './input-bounds.ts';
import type { Logger } from '../../shared/logger.ts';
import { installFastRoutes, SECURITY_HEADERS, type FastRoute } from './fast-routes.ts';
import { DomainError } from '../../shared/errors.ts';
import type { App, Principal } from './http.types.ts';

export interface HttpOptions {
  /** Resolves the caller from a session cookie or `Authorization: Bearer <api key>`; null when anonymous. */
  readonly authenticate: (credentials: {
    sessionToken?: string | undefined;
    apiKey?: string | undefined;
  }) => Promise<Principal | null>;
  readonly sessionCookie: string;
  readonly routes: ReadonlyArray<(app: App) => Promise<void>>;
  readonly webRoot?: string | undefined;
  /** Serve the console (its static files, or a page saying how to build it); false: no console at all. */
  readonly console?: boolean | undefined;
  readonly logLevel?: string | undefined;
  readonly isReady: () => boolean;
  readonly bodyLimit?: number | undefined;
  /** Fastify's `trustProxy`: which proxies' X-Forwarded-For names the client (rate limits key on it). */
  readonly trustProxy?: boolean | string | undefined;
  /** Where unhandled errors (500s) are logged with their request id, whatever the HTTP log level. */
  readonly logger?: Logger | undefined;
}

export const buildHttpApp = async (opts: HttpOptions): Promise<App> => {
  const app = Fastify({
    logger: opts.logLevel
      ? { level: opts.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'body.password'] }
      : false,
    bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024,
    keepAliveTimeout: 65_000,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and path parameters arrive as text and are coerced to their schema types; JSON bodies
  // are not coerced, so `{"values": "x"}` is an error rather than silently `["x"]`.
  const queryAjv = new Ajv({
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  const bodyAjv = new Ajv({
    coerceTypes: false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(queryAjv);
  addFormats.default(bodyAjv);
  app.setValidatorCompiler(({ schema, httpPart }) => {
    boundIntegers(schema);
    return (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema);
  });
  app.setErrorHandler(errorHandlerWith(opts.logger));
  // The route table as registered, before any plugin adds a route: the access-matrix test walks it.
  const routeTable: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  app.decorate('routeTable', routeTable);
  // Before validation: a body nested thousands deep is refused before any recursive step sees it.
  app.addHook('preValidation', (request, _reply, done) => {
    if (typeof request.body !== 'object' || request.body === null) return done();
    try {
      checkDepth(request.body);
      done();
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      },
    });
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'fanzha API',
        version: '1',
        description: 'The unified fraud-resource library and platform (一库一平台).',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: opts.sessionCookie },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('principal', null);
  // Callback-style hooks: the anonymous hot path (lookups) costs no promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    const auth = request.headers.authorization;
    const apiKey = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const sessionToken =
      request.headers.cookie === undefined ? undefined : request.cookies[opts.sessionCookie];
    if (!apiKey && !sessionToken) return done();
    opts.authenticate({ apiKey, sessionToken }).then(
      (principal) => {
        request.principal = principal;
        done(
          apiKey && !principal ? new DomainError('unauthenticated', 'API key unknown or revoked') : undefined,
        );
      },
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    // An answer for a signed-in caller is that organisation's view: no shared or browser cache keeps it.
    if (request.principal) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.get('/health', { schema: { hide: true } }, async (_request, reply) =>
    opts.isReady() ? { status: 'ok' } : reply.status(503).send({ status: 'starting' }),
  );

  // Routes may add a fast route for their plain case (fast-routes.ts). Not while requests are logged: the
  // log would miss the requests a fast route answers.
  const fastRoutes: FastRoute[] = [];
  let closing = false;
  app.decorate('fastRoute', (route: FastRoute) => {
    if (!opts.logLevel) fastRoutes.push(route);
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onReady', (done) => {
    installFastRoutes(
      app.server,
      fastRoutes,
      (req, res) => app.routing(req, res),
      () => closing,
    );
    done();
  });

  for (const r of opts.routes) await app.register(r);

  const webRoot = opts.webRoot;
  if (opts.console === false) return app;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    // Client-side routes of the console fall back to its index page.
    app.get('/app/*', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'));
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(PLACEHOLDER),
    );
  }
  return app;
};

const PLACEHOLDER = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>fanzha 反诈</title></head>
<body style="font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem">
<h1>fanzha 反诈</h1><p>反诈一库一平台 — the unified fraud-resource library and platform.</p>
<p>The console has not been built (<code>npm run build:web</code>). The API is live: <a href="/docs">/docs</a> (OpenAPI),
<a href="/api/v1/lookup?value=%2B886-2-2094-1441">/api/v1/lookup?value=…</a>, <a href="/health">/health</a>.</p></body></html>`;
