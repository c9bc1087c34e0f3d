/** The library's HTTP API: handlers validate (schemas) and delegate in a few lines. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor, requirePrincipal } from '../guards.ts';
import { errorResponses } from '../../../shared/schemas.ts';
import { ResourceTypeSchema } from '../../../modules/library/library.schema.ts';
import { FRAUD_TYPES } from '../../../modules/taxonomy/fraud-types.data.ts';
import type { ResourceRecord } from '../../../modules/library/library.types.ts';
import type { LibraryService } from '../../../modules/library/library.service.ts';
import type { LocalOverride, OverridesService } from '../../../modules/library/library.overrides.ts';
import {
  AllowBody,
  LocalOverrideSchema,
  PinBody,
  ResourceSchema,
  SearchQuery,
  SightingBody,
  SubmitClaimsBody,
  SubmitResultSchema,
  TransitionBody,
  UnpinBody,
  ScopeSchema,
  ValueRef,
} from '../../../modules/library/library.schema.ts';

export const resourceView = (r: ResourceRecord) => ({
  id: r.id,
  type: r.type,
  normalized: r.normalized,
  display: r.display,
  attributes: r.attributes,
  status: r.status,
  verdict: r.verdictMembers,
  score: r.scoreMembers,
  fraudType: r.fraudType,
  reasons: [...r.reasons],
  firstSeen: r.firstSeen,
  lastSeen: r.lastSeen,
  pinned: r.pin,
});

const localView = (o: LocalOverride) => ({ scope: 'local' as const, ...o });

export interface LibraryRouteDeps {
  readonly library: LibraryService;
  readonly overrides: OverridesService;
}

export const libraryRoutes = (deps: LibraryRouteDeps) => async (app: App) => {
  const { library, overrides } = deps;
  const tags = ['library'];

  app.get(
    '/api/v1/taxonomy',
    { schema: { tags, summary: 'The fraud taxonomy (codes, Chinese and English names, groups)' } },
    async () => ({
      fraudTypes: FRAUD_TYPES,
    }),
  );

  app.post(
    '/api/v1/claims',
    {
      schema: {
        tags,
        summary: 'Submit claims (and links) about values; one transaction per call',
        body: SubmitClaimsBody,
        response: { 200: SubmitResultSchema, ...errorResponses },
      },
    },
    async (request) =>
      library.submitClaims(requireActor(request), request.body.claims, request.body.links ?? []),
  );

  app.delete(
    '/api/v1/claims/:id',
    {
      schema: {
        tags,
        summary: "Withdraw one of your organisation's claims",
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
      },
    },
    async (request) =>
      resourceView(
        await library.withdrawClaim(requireActor(request), request.params.id, request.query.reason),
      ),
  );

  app.get(
    '/api/v1/values',
    {
      schema: {
        tags,
        summary: 'Everything your organisation may see about one value, with the score explained',
        querystring: ValueRef,
      },
    },
    async (request) => {
      const viewer = requireActor(request);
      const d = await library.details(viewer, request.query.type, request.query.value);
      return {
        resource: resourceView(d.resource),
        // The verdict in the caller's view (its local overrides applied) and whose setting decided it.
        explanation: {
          ...d.score,
          verdict: d.decided.verdict,
          nationalVerdict: d.score.verdict,
          decidedBy: d.decided.decidedBy,
        },
        allowListed: d.allowListed,
        claims: d.claims,
        sightings: d.sightings,
        links: d.links,
        history: d.history.map((h) => ({
          seq: h.seq,
          at: h.at,
          actor: h.actor,
          orgId: h.orgId,
          action: h.action,
          reason: h.reason,
          data: h.data,
        })),
      };
    },
  );

  app.get(
    '/api/v1/search',
    {
      schema: {
        tags,
        summary: 'Search the library by raw value or text, newest first',
        querystring: SearchQuery,
      },
    },
    async (request) => {
      const viewer = requireActor(request);
      const limit = request.query.limit ?? 50;
      const page = await library.searchPage(viewer, {
        q: request.query.q,
        type: request.query.type,
        verdict: request.query.verdict,
        status: request.query.status,
        limit,
        afterId: request.query.cursor ? Number(request.query.cursor) : undefined,
      });
      return {
        items: page.items.map(resourceView),
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );

  app.post(
    '/api/v1/values/sightings',
    {
      schema: {
        tags,
        summary: 'Record a sighting: seen again, false positive, expired',
        body: SightingBody,
        response: { 200: ResourceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      return resourceView(
        await library.addSighting(requireActor(request), b.type, b.value, b.kind, b.note ?? null),
      );
    },
  );

  app.post(
    '/api/v1/values/pin',
    {
      schema: {
        tags,
        summary:
          'Pin a verdict that no feed overwrites: nationally (regulator, delegated scopes) or locally (your organisation)',
        body: PinBody,
        response: { 200: Type.Union([ResourceSchema, LocalOverrideSchema]), ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      const actor = requireActor(request);
      if (b.scope === 'local')
        return localView(await overrides.pin(actor, library.normalize(b.type, b.value), b.verdict, b.reason));
      return resourceView(
        await library.pin(actor, b.type, b.value, b.verdict, b.reason, b.overridesAllow ?? false),
      );
    },
  );

  app.post(
    '/api/v1/values/unpin',
    {
      schema: {
        tags,
        summary: 'Remove a pin (national: regulator or delegated scope; local: your own)',
        body: UnpinBody,
        response: {
          200: Type.Union([
            ResourceSchema,
            Type.Object({ scope: Type.Literal('local'), removed: Type.Boolean() }),
          ]),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const b = request.body;
      const actor = requireActor(request);
      if (b.scope === 'local') {
        await overrides.unpin(actor, library.normalize(b.type, b.value), b.reason);
        return { scope: 'local' as const, removed: true };
      }
      return resourceView(await library.unpin(actor, b.type, b.value, b.reason));
    },
  );

  app.post(
    '/api/v1/values/transition',
    {
      schema: {
        tags,
        summary: 'Move a value through its lifecycle, with a reason',
        body: TransitionBody,
        response: { 200: ResourceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      return resourceView(await library.transition(requireActor(request), b.type, b.value, b.to, b.reason));
    },
  );

  app.get(
    '/api/v1/allow',
    {
      schema: {
        tags,
        summary: 'The allow-list',
        querystring: Type.Object({
          type: Type.Optional(ResourceTypeSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    },
    async (request) => {
      requirePrincipal(request);
      return {
        items: await library.listAllowEntries(
          request.query.type,
          request.query.limit ?? 100,
          request.query.offset ?? 0,
        ),
      };
    },
  );

  app.post(
    '/api/v1/allow',
    {
      schema: {
        tags,
        summary: 'Allow-list a value (official brand domain, business number, genuine app)',
        body: AllowBody,
      },
    },
    async (request) => {
      const b = request.body;
      const actor = requireActor(request);
      if (b.scope === 'local')
        return localView(await overrides.allow(actor, library.normalize(b.type, b.value), b.label, b.reason));
      return library.allow(actor, b.type, b.value, b.label, b.reason);
    },
  );

  app.delete(
    '/api/v1/allow',
    {
      schema: {
        tags,
        summary: 'Remove an allow-list entry',
        querystring: Type.Object({
          type: ResourceTypeSchema,
          value: Type.String({ minLength: 1 }),
          reason: Type.String({ minLength: 1 }),
          scope: Type.Optional(ScopeSchema),
        }),
      },
    },
    async (request, reply) => {
      if (request.query.scope === 'local') {
        const q = request.query;
        await overrides.disallow(requireActor(request), library.normalize(q.type, q.value), q.reason);
        return reply.status(204).send();
      }
      await library.disallow(
        requireActor(request),
        request.query.type,
        request.query.value,
        request.query.reason,
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/overrides',
    {
      schema: {
        tags,
        summary: "Your organisation's local pins and allow entries (they change only your own views)",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    },
    async (request) => ({
      items: (
        await overrides.list(requireActor(request), request.query.limit ?? 100, request.query.offset ?? 0)
      ).map(localView),
    }),
  );
};
