/**
 * The peers of this instance: other fanzha (or TAXII 2.1) servers it pulls collections from and pushes
 * its own findings to, each with the API key this instance holds there. The key is stored to be sent and
 * is never shown: lists say only whether one is set. Only the regulator's administrators manage peers.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { FederationPeersTable } from '../../adapters/db/schema.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import { requireMay } from '../../shared/policy.ts';
import type { Clock } from '../../shared/clock.ts';
import { uuidV5 } from '../library/io/stix.ts';

/**
 * What a peer is to this instance: `upstream` (the national instance, as a province sees it) is trusted
 * for confirmations and for national pins and allow-list entries; `downstream` (a province, as the
 * national instance sees it) for confirmations; a `partner` abroad only sends claims.
 */
export const PEER_ROLES = ['upstream', 'downstream', 'partner'] as const;
export type PeerRole = (typeof PEER_ROLES)[number];

/** The collections every fanzha instance serves, by the names the CLI accepts for them. */
export const COLLECTION_NAMES = [
  'public-verdicts',
  'members-verdicts',
  'confirmed-indicators',
  'authority',
  'inbox',
] as const;

export interface Peer {
  readonly name: string;
  readonly url: string;
  readonly role: PeerRole;
  /** Collection ids pulled from the peer. */
  readonly collections: string[];
  /** The collection id pushed to, if this instance pushes its findings to the peer. */
  readonly pushCollection: string | null;
  readonly createdAt: number;
  readonly state: 'new' | 'ok' | 'error';
  readonly lastError: string | null;
  readonly lastSyncAt: number | null;
  readonly pulled: number;
  readonly pushed: number;
  /** Always true: a peer has a key; it is never shown. */
  readonly keySet: true;
}

export interface PeerInput {
  readonly name: string;
  readonly url: string;
  readonly key: string;
  readonly role?: PeerRole | undefined;
  readonly collections?: readonly string[] | undefined;
  readonly pushCollection?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A collection given by name (`members-verdicts`) or by its TAXII id. */
export const collectionIdOf = (nameOrId: string, field: string): string => {
  const v = nameOrId.trim();
  if ((COLLECTION_NAMES as readonly string[]).includes(v)) return uuidV5(`taxii-collection:${v}`);
  if (UUID.test(v)) return v;
  throw invalidInput(field, `${v} is neither a collection id nor one of ${COLLECTION_NAMES.join(', ')}`);
};

type Row = Omit<FederationPeersTable, 'api_key'>;

const peerOf = (r: Row): Peer => ({
  name: r.name,
  url: r.url,
  role: r.role as PeerRole,
  collections: JSON.parse(r.collections) as string[],
  pushCollection: r.push_collection,
  createdAt: Number(r.created_at),
  state: r.state as Peer['state'],
  lastError: r.last_error,
  lastSyncAt: r.last_sync_at === null ? null : Number(r.last_sync_at),
  pulled: Number(r.pulled),
  pushed: Number(r.pushed),
  keySet: true,
});

const COLUMNS = [
  'name',
  'url',
  'role',
  'collections',
  'push_collection',
  'created_at',
  'state',
  'last_error',
  'last_sync_at',
  'pulled',
  'pushed',
] as const;

/** Checks a peer's fields; the first problem names its field. */
const checked = (
  p: PeerInput,
): Omit<Peer, 'createdAt' | 'state' | 'lastError' | 'lastSyncAt' | 'pulled' | 'pushed' | 'keySet'> & {
  key: string;
} => {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(p.name))
    throw invalidInput('name', 'a peer name is lower-case letters, digits and hyphens, at most 63');
  let url: URL;
  try {
    url = new URL(p.url);
  } catch {
    throw invalidInput('url', 'must be an http(s) URL of the peer (its TAXII root is /taxii2/ there)');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search)
    throw invalidInput('url', 'must be an http(s) URL without credentials or query');
  if (p.key.length < 16 || p.key.length > 500 || /\s/.test(p.key))
    throw invalidInput('key', 'the API key the peer gave this instance: 16 to 500 characters, no spaces');
  const role = p.role ?? 'partner';
  if (!(PEER_ROLES as readonly string[]).includes(role))
    throw invalidInput('role', `must be one of ${PEER_ROLES.join(', ')}`);
  const names =
    p.collections ?? (role === 'upstream' ? ['members-verdicts', 'authority'] : ['members-verdicts']);
  if (names.length > 10) throw invalidInput('collections', 'at most 10 collections');
  const collections = [...new Set(names.map((c) => collectionIdOf(c, 'collections')))];
  return {
    name: p.name,
    url: url.toString().replace(/\/+$/, ''),
    key: p.key,
    role,
    collections,
    pushCollection: p.pushCollection ? collectionIdOf(p.pushCollection, 'pushCollection') : null,
  };
};

export const createPeersService = (deps: { db: Db; clock: Clock }) => {
  const { db, clock } = deps;
  const read = async (tx: Executor, name: string): Promise<Peer> => {
    const r = await tx
      .selectFrom('federation_peers')
      .select(COLUMNS)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!r) throw notFound(`peer ${name}`, 'name');
    return peerOf(r);
  };
  return {
    async add(actor: Actor, input: PeerInput): Promise<Peer> {
      requireMay(actor, 'federation.peers');
      const p = checked(input);
      const taken = await db
        .selectFrom('federation_peers')
        .select('name')
        .where('name', '=', p.name)
        .executeTakeFirst();
      if (taken) throw new DomainError('conflict', `a peer named ${p.name} exists; remove it first`, 'name');
      await db
        .insertInto('federation_peers')
        .values({
          name: p.name,
          url: p.url,
          api_key: p.key,
          role: p.role,
          collections: JSON.stringify(p.collections),
          push_collection: p.pushCollection,
          created_at: clock.now().getTime(),
          state: 'new',
          last_error: null,
          last_sync_at: null,
          pulled: 0,
          pushed: 0,
        })
        .execute();
      return read(db, p.name);
    },

    async list(actor: Actor): Promise<Peer[]> {
      requireMay(actor, 'federation.peers');
      const rows = await db.selectFrom('federation_peers').select(COLUMNS).orderBy('name').execute();
      return rows.map(peerOf);
    },

    async get(actor: Actor, name: string): Promise<Peer> {
      requireMay(actor, 'federation.peers');
      return read(db, name);
    },

    /** Removes a peer and its checkpoints; what was imported from it stays, with its provenance. */
    async remove(actor: Actor, name: string): Promise<void> {
      requireMay(actor, 'federation.peers');
      await db.transaction().execute(async (tx) => {
        await read(tx, name);
        await tx.deleteFrom('federation_checkpoints').where('peer', '=', name).execute();
        await tx.deleteFrom('federation_peers').where('name', '=', name).execute();
      });
    },
  };
};

export type PeersService = ReturnType<typeof createPeersService>;

/** A peer with its key, for the sync alone (never returned by the service). */
export interface PeerWithKey extends Peer {
  readonly key: string;
}

/** The sync's access to peers, checkpoints and status: keys included, no policy (the workers act as the platform). */
export const peersStore = (db: Db) => ({
  async all(): Promise<PeerWithKey[]> {
    const rows = await db
      .selectFrom('federation_peers')
      .select([...COLUMNS, 'api_key'])
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...peerOf(r), key: r.api_key }));
  },

  async checkpoint(
    tx: Executor,
    peer: string,
    feed: string,
  ): Promise<{ addedAfter: number | null; next: string | null }> {
    const r = await tx
      .selectFrom('federation_checkpoints')
      .select(['added_after', 'next'])
      .where('peer', '=', peer)
      .where('feed', '=', feed)
      .executeTakeFirst();
    return { addedAfter: r?.added_after == null ? null : Number(r.added_after), next: r?.next ?? null };
  },

  async saveCheckpoint(
    tx: Executor,
    peer: string,
    feed: string,
    cp: { addedAfter: number | null; next: string | null },
    at: number,
  ): Promise<void> {
    await tx
      .insertInto('federation_checkpoints')
      .values({ peer, feed, added_after: cp.addedAfter, next: cp.next, updated_at: at })
      .onConflict((oc) =>
        oc
          .columns(['peer', 'feed'])
          .doUpdateSet({ added_after: cp.addedAfter, next: cp.next, updated_at: at }),
      )
      .execute();
  },

  async recordOutcome(
    peer: string,
    outcome: { ok: true; pulled: number; pushed: number } | { ok: false; error: string },
    at: number,
  ): Promise<void> {
    const q = db.updateTable('federation_peers').where('name', '=', peer);
    if (outcome.ok)
      await q
        .set((eb) => ({
          state: 'ok',
          last_error: null,
          last_sync_at: at,
          pulled: eb('pulled', '+', outcome.pulled),
          pushed: eb('pushed', '+', outcome.pushed),
        }))
        .execute();
    else
      await q.set({ state: 'error', last_error: outcome.error.slice(0, 1000), last_sync_at: at }).execute();
  },
});

export type PeersStore = ReturnType<typeof peersStore>;
