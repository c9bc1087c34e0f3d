/**
 * TAXII 2.1 (OASIS): discovery, one API root, its collections, objects with `added_after`, `match[…]`
 * and `next` paging, manifests, versions, POST of bundles and status resources. Callers authenticate
 * with an API key (`Authorization: Bearer …`); what they may read or write is the TAXII service's answer.
 * Requests must accept the TAXII media type and posts must send it.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { DomainError } from '../../../shared/errors.ts';
import {
  MAX_LIMIT,
  TAXII_MEDIA_TYPE,
  versionOf,
  type TaxiiPage,
  type TaxiiQuery,
  type TaxiiService,
} from '../../../modules/federation/taxii.service.ts';
import { MAX_BUNDLE_OBJECTS } from '../../../modules/federation/federation.service.ts';

const ROOT = '/taxii2/';
const API_ROOT = '/taxii2/api/';
/** The largest body a POST may carry (TAXII's `max_content_length`). */
const MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

const Query = Type.Object({
  added_after: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
  next: Type.Optional(Type.String({ maxLength: 200 })),
  'match[id]': Type.Optional(Type.String({ maxLength: 4000 })),
  'match[type]': Type.Optional(Type.String({ maxLength: 2000 })),
  'match[version]': Type.Optional(Type.String({ maxLength: 2000 })),
  'match[spec_version]': Type.Optional(Type.String({ maxLength: 100 })),
  // fanzha's own filter: leave out claims that originated at the named instance (the caller's own).
  'match[x_fanzha_not_from]': Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
});
const Id = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const ObjectId = Type.String({ pattern: '^[a-z0-9-]{3,250}--[0-9a-f-]{36}$' });

const queryOf = (q: Record<string, string | number | undefined>): TaxiiQuery => ({
  addedAfter: q.added_after as string | undefined,
  limit: q.limit as number | undefined,
  next: q.next as string | undefined,
  matchId: q['match[id]'] as string | undefined,
  matchType: q['match[type]'] as string | undefined,
  matchVersion: q['match[version]'] as string | undefined,
  matchSpecVersion: q['match[spec_version]'] as string | undefined,
  notFrom: q['match[x_fanzha_not_from]'] as string | undefined,
});

/** TAXII answers only clients that accept its media type (406 otherwise). */
const requireAccept = (request: FastifyRequest): void => {
  const accept = request.headers.accept ?? '';
  if (!/application\/taxii\+json/i.test(accept) && !/(^|,)\s*\*\/\*/.test(accept))
    throw new DomainError('not_acceptable', `accept ${TAXII_MEDIA_TYPE}`, 'accept');
};

/** A TAXII answer, its media type written exactly as the specification spells it (clients compare it). */
const taxii = (reply: FastifyReply, body: unknown, status = 200): Buffer => {
  reply.code(status).header('content-type', TAXII_MEDIA_TYPE);
  // Bytes, not a string: Fastify rewrites the media type of a string body (quoting `"2.1"`, adding a
  // charset), and TAXII clients compare its parameters as written.
  return Buffer.from(JSON.stringify(body), 'utf8');
};

const dateHeaders = (reply: FastifyReply, p: TaxiiPage): void => {
  if (p.added.length === 0) return;
  reply.header('X-TAXII-Date-Added-First', new Date(Math.min(...p.added)).toISOString());
  reply.header('X-TAXII-Date-Added-Last', new Date(Math.max(...p.added)).toISOString());
};

export const taxiiRoutes = (deps: { taxii: TaxiiService }) => async (app: App) => {
  app.addContentTypeParser(
    'application/taxii+json',
    { parseAs: 'string', bodyLimit: MAX_CONTENT_LENGTH },
    (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new DomainError('invalid_input', 'the body is not JSON', 'body'), undefined);
      }
    },
  );
  const tags = ['federation'];

  app.get(ROOT, { schema: { tags, summary: 'TAXII discovery' } }, async (request, reply) => {
    requireAccept(request);
    requireActor(request);
    const base = `${request.protocol}://${request.host}`;
    return taxii(reply, {
      title: 'fanzha TAXII 2.1',
      description: 'Fraud values, claims, sightings and links as STIX 2.1',
      default: `${base}${API_ROOT}`,
      api_roots: [`${base}${API_ROOT}`],
    });
  });

  app.get(API_ROOT, { schema: { tags, summary: 'TAXII API root' } }, async (request, reply) => {
    requireAccept(request);
    requireActor(request);
    return taxii(reply, {
      title: 'fanzha library',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: MAX_CONTENT_LENGTH,
    });
  });

  app.get(
    `${API_ROOT}collections/`,
    { schema: { tags, summary: 'TAXII collections' } },
    async (request, reply) => {
      requireAccept(request);
      return taxii(reply, { collections: deps.taxii.collections(requireActor(request)) });
    },
  );

  app.get(
    `${API_ROOT}collections/:id/`,
    { schema: { tags, summary: 'One TAXII collection', params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      requireAccept(request);
      return taxii(reply, deps.taxii.collection(requireActor(request), request.params.id));
    },
  );

  // A page of a collection, answered as objects or as their manifest.
  const collectionPage = (suffix: string, summary: string, shape: (p: TaxiiPage) => unknown[]) =>
    app.get(
      `${API_ROOT}collections/:id/${suffix}`,
      { schema: { tags, summary, params: Type.Object({ id: Id }), querystring: Query } },
      async (request, reply) => {
        requireAccept(request);
        const p = await deps.taxii.objects(requireActor(request), request.params.id, queryOf(request.query));
        dateHeaders(reply, p);
        return taxii(reply, { more: p.more, ...(p.next ? { next: p.next } : {}), objects: shape(p) });
      },
    );
  collectionPage('objects/', 'A page of a collection’s objects', (p) => p.objects);
  collectionPage('manifest/', 'A page of a collection’s manifest', (p) =>
    p.objects.map((o, i) => ({
      id: o.id,
      date_added: new Date(p.added[i] ?? 0).toISOString(),
      version: versionOf(o, p.added[i] ?? 0),
      media_type: 'application/stix+json;version=2.1',
    })),
  );

  app.post(
    `${API_ROOT}collections/:id/objects/`,
    {
      bodyLimit: MAX_CONTENT_LENGTH,
      schema: { tags, summary: 'Post a bundle of STIX objects', params: Type.Object({ id: Id }) },
    },
    async (request, reply) => {
      requireAccept(request);
      const actor = requireActor(request);
      const type = request.headers['content-type'] ?? '';
      if (!/^application\/taxii\+json/i.test(type))
        throw new DomainError('unsupported_media_type', `send ${TAXII_MEDIA_TYPE}`, 'content-type');
      const objects = (request.body as { objects?: unknown } | null)?.objects;
      if (Array.isArray(objects) && objects.length > MAX_BUNDLE_OBJECTS)
        throw new DomainError('payload_too_large', `at most ${MAX_BUNDLE_OBJECTS} objects a post`, 'objects');
      return taxii(reply, await deps.taxii.post(actor, request.params.id, request.body), 202);
    },
  );

  // One object, and the list of its versions: the same lookup answered in two shapes.
  const oneObject = (suffix: string, summary: string, shape: (p: TaxiiPage) => Record<string, unknown>) =>
    app.get(
      `${API_ROOT}collections/:id/objects/:objectId/${suffix}`,
      { schema: { tags, summary, params: Type.Object({ id: Id, objectId: ObjectId }), querystring: Query } },
      async (request, reply) => {
        requireAccept(request);
        const { id, objectId } = request.params;
        const p = await deps.taxii.object(requireActor(request), id, objectId, queryOf(request.query));
        dateHeaders(reply, p);
        return taxii(reply, { more: false, ...shape(p) });
      },
    );
  oneObject('', 'One object of a collection', (p) => ({ objects: p.objects }));
  oneObject('versions/', 'The versions of one object', (p) => ({
    versions: p.objects.map((o, i) => versionOf(o, p.added[i] ?? 0)),
  }));

  app.get(
    `${API_ROOT}status/:statusId/`,
    { schema: { tags, summary: 'The status of a POST', params: Type.Object({ statusId: Id }) } },
    async (request, reply) => {
      requireAccept(request);
      return taxii(reply, await deps.taxii.status(requireActor(request), request.params.statusId));
    },
  );
};
