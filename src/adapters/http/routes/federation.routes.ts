/**
 * The peers this instance syncs with (`/api/v1/federation/peers`), for the regulator's administrators:
 * add one with the key this instance holds there, list them with their sync status (never their keys),
 * remove one, and sync with all of them now.
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { errorResponses, StringEnum } from '../../../shared/schemas.ts';
import { requireMay } from '../../../shared/policy.ts';
import { PEER_ROLES, type PeersService } from '../../../modules/federation/peers.service.ts';

const PeerSchema = Type.Object({
  name: Type.String(),
  url: Type.String(),
  role: StringEnum(PEER_ROLES),
  collections: Type.Array(Type.String()),
  pushCollection: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  state: StringEnum(['new', 'ok', 'error'] as const),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastSyncAt: Type.Union([Type.Number(), Type.Null()]),
  pulled: Type.Number(),
  pushed: Type.Number(),
  keySet: Type.Boolean(),
});
const Name = Type.Object({ name: Type.String({ minLength: 1, maxLength: 63 }) });

export const federationRoutes =
  (deps: {
    peers: PeersService;
    /** Runs the workers' pull and push now, after any run in flight (never two at once). */
    syncNow: () => Promise<void>;
  }) =>
  async (app: App) => {
    const { peers, syncNow } = deps;
    const tags = ['federation'];

    app.get(
      '/api/v1/federation/peers',
      {
        schema: {
          tags,
          summary: "The peers this instance syncs with and their status (the regulator's administrators)",
          response: { 200: Type.Object({ items: Type.Array(PeerSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await peers.list(requireActor(request)) }),
    );

    app.post(
      '/api/v1/federation/peers',
      {
        schema: {
          tags,
          summary: 'Add a peer: its URL, the API key this instance holds there, what to pull and push',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 63 }),
              url: Type.String({ minLength: 1, maxLength: 500 }),
              key: Type.String({ minLength: 1, maxLength: 500 }),
              role: Type.Optional(StringEnum(PEER_ROLES)),
              collections: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10 }),
              ),
              pushCollection: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: PeerSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await peers.add(requireActor(request), request.body)),
    );

    app.delete(
      '/api/v1/federation/peers/:name',
      { schema: { tags, summary: 'Remove a peer and its checkpoints', params: Name } },
      async (request, reply) => {
        await peers.remove(requireActor(request), request.params.name);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/federation/sync',
      {
        schema: {
          tags,
          summary: 'Pull from and push to every peer now; answers the peers and their status',
          response: { 200: Type.Object({ items: Type.Array(PeerSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requireMay(actor, 'federation.peers');
        await syncNow();
        return { items: await peers.list(actor) };
      },
    );
  };
