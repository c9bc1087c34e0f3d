/**
 * The TAXII 2.1 server's collections over the library. Each collection is a view of the shared claims
 * (public verdicts, members-level verdicts, confirmed cases' indicators) or the inbox peers write bundles
 * to; which an organisation may read or write is the policy's answer for the collection's actions.
 * Pages resume from an opaque `next` token naming the last claim served, so a client paging while claims
 * change sees every claim once.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError, forbidden, notFound } from '../../shared/errors.ts';
import { may, type Action } from '../../shared/policy.ts';
import type { Clock } from '../../shared/clock.ts';
import { uuidV5 } from '../library/io/stix.ts';
import type { ClaimCursor, ClaimFilter } from './federation.repository.ts';
import type { FederationService } from './federation.service.ts';
import type { StixObject } from './federation.stix.ts';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface CollectionDef {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly read?: Action;
  readonly write?: Action;
  readonly filter?: Omit<ClaimFilter, 'limit'>;
  /** The instance's own pins and allow-list entries rather than claims. */
  readonly authority?: boolean;
}

const collection = (key: string, d: Omit<CollectionDef, 'id'>): CollectionDef => ({
  id: uuidV5(`taxii-collection:${key}`),
  ...d,
});

export const COLLECTIONS: readonly CollectionDef[] = [
  collection('public-verdicts', {
    title: 'Public verdicts',
    description: 'Claims shared publicly (TLP:CLEAR), with their values, sightings and links.',
    read: 'federation.read.public',
    filter: { audience: 'public' },
  }),
  collection('members-verdicts', {
    title: 'Members-level verdicts',
    description: 'Claims shared with member organisations (TLP:GREEN) and public ones.',
    read: 'federation.read',
    filter: { audience: 'members' },
  }),
  collection('confirmed-indicators', {
    title: 'Confirmed cases’ indicators',
    description: 'Shared claims on values whose review confirmed them as fraud.',
    read: 'federation.read',
    filter: { audience: 'members', confirmedOnly: true },
  }),
  collection('authority', {
    title: 'National decisions',
    description:
      'Pins and allow-list entries decided at this instance (not those it applied from a peer): what provinces honour from the national instance.',
    read: 'federation.read',
    authority: true,
  }),
  collection('inbox', {
    title: 'Inbox',
    description: 'Peers post bundles here; they are checked whole and written as the poster’s claims.',
    write: 'federation.write',
  }),
];

export interface TaxiiQuery {
  readonly addedAfter?: string | undefined;
  readonly limit?: number | undefined;
  readonly next?: string | undefined;
  readonly matchId?: string | undefined;
  readonly matchType?: string | undefined;
  readonly matchVersion?: string | undefined;
  readonly matchSpecVersion?: string | undefined;
  /** Leave out claims that originated at this instance (a peer asking for what it does not hold). */
  readonly notFrom?: string | undefined;
}

export interface TaxiiPage {
  readonly objects: StixObject[];
  readonly added: number[];
  readonly more: boolean;
  readonly next?: string;
}

const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const encodeNext = (c: ClaimCursor): string => Buffer.from(`${c.updatedAt}.${c.id}`).toString('base64url');
const decodeNext = (token: string): ClaimCursor => {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new DomainError('invalid_input', 'next is not a token this server gave', 'next');
  return { updatedAt: Number(m[1]), id: Number(m[2]) };
};

const listOf = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim());

export const createTaxiiService = (deps: { db: Db; federation: FederationService; clock: Clock }) => {
  const { db, federation, clock } = deps;
  const can = (actor: Actor, action: Action | undefined): boolean =>
    action !== undefined && may(actor, action);
  const describe = (actor: Actor, c: CollectionDef) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    can_read: can(actor, c.read),
    can_write: can(actor, c.write),
    media_types: [STIX_MEDIA_TYPE],
  });
  /** The collection, when the actor may read or write it (others are answered as absent). */
  const collectionOf = (actor: Actor, id: string): CollectionDef => {
    const c = COLLECTIONS.find((x) => x.id === id);
    if (!c || (!can(actor, c.read) && !can(actor, c.write))) throw notFound(`no collection ${id}`);
    return c;
  };
  const readable = (actor: Actor, id: string): CollectionDef & { filter: Omit<ClaimFilter, 'limit'> } => {
    const c = collectionOf(actor, id);
    if (!(c.filter || c.authority) || !can(actor, c.read))
      throw forbidden(`you may not read collection ${c.title}`);
    return { ...c, filter: c.filter ?? { audience: 'members' } };
  };

  /** Decisions page by the time they were made; `next` re-reads the last millisecond, so none is skipped. */
  const authorityPage = async (
    changedAfter: number | undefined,
    after: ClaimCursor | undefined,
    limit: number,
  ) => {
    const from = after ? after.updatedAt : (changedAfter ?? -1);
    const p = await federation.authorityPage(from, limit);
    const next = p.next
      ? { updatedAt: p.added.every((a) => a === p.last) ? p.last : p.last - 1, id: 0 }
      : undefined;
    return { objects: p.objects, added: p.added, ...(next ? { next } : {}) };
  };

  const objectsPage = async (actor: Actor, id: string, q: TaxiiQuery): Promise<TaxiiPage> => {
    const c = readable(actor, id);
    const limit = Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    let changedAfter: number | undefined;
    if (q.addedAfter !== undefined) {
      changedAfter = Date.parse(q.addedAfter);
      if (!Number.isFinite(changedAfter))
        throw new DomainError('invalid_input', 'added_after must be a timestamp', 'added_after');
    }
    const versions = listOf(q.matchVersion);
    if (
      versions?.some((v) => v !== 'last' && v !== 'all' && v !== 'first' && !Number.isFinite(Date.parse(v)))
    )
      throw new DomainError(
        'invalid_input',
        'match[version] takes last, first, all or timestamps',
        'match[version]',
      );
    const specVersions = listOf(q.matchSpecVersion);
    const types = listOf(q.matchType);
    const ids = listOf(q.matchId);
    const after = q.next ? decodeNext(q.next) : undefined;
    const p = c.authority
      ? await authorityPage(changedAfter, after, limit)
      : await federation.page({
          ...c.filter,
          // Withdrawn claims are served revoked, so readers withdraw them too.
          withRevoked: true,
          limit,
          ...(changedAfter !== undefined ? { changedAfter } : {}),
          ...(after ? { after } : {}),
          ...(q.notFrom ? { notFrom: q.notFrom } : {}),
        });
    const keep = (o: StixObject): boolean =>
      (!types || types.includes(o.type)) &&
      (!ids || ids.includes(o.id)) &&
      (!specVersions || specVersions.includes(typeof o.spec_version === 'string' ? o.spec_version : '2.1')) &&
      (!versions || versions.some((v) => ['last', 'first', 'all'].includes(v) || v === versionOf(o, 0)));
    const objects: StixObject[] = [];
    const added: number[] = [];
    p.objects.forEach((o, i) => {
      if (!keep(o)) return;
      objects.push(o);
      added.push(p.added[i] ?? 0);
    });
    return { objects, added, more: p.next !== undefined, ...(p.next ? { next: encodeNext(p.next) } : {}) };
  };

  return {
    collections: (actor: Actor) =>
      COLLECTIONS.filter((c) => can(actor, c.read) || can(actor, c.write)).map((c) => describe(actor, c)),
    collection: (actor: Actor, id: string) => describe(actor, collectionOf(actor, id)),
    objects: objectsPage,

    /** Every version of one object (the library keeps the latest, so one). */
    async object(actor: Actor, id: string, objectId: string, q: TaxiiQuery): Promise<TaxiiPage> {
      let next = q.next;
      for (;;) {
        const p = await objectsPage(actor, id, { ...q, matchId: objectId, limit: MAX_LIMIT, next });
        if (p.objects.length > 0) return { ...p, more: false };
        if (!p.next) throw notFound(`no object ${objectId} in this collection`);
        next = p.next;
      }
    },

    /** Posts a bundle to a writable collection; the status resource is stored for the poster to read. */
    async post(actor: Actor, id: string, envelope: unknown): Promise<Record<string, unknown>> {
      const c = collectionOf(actor, id);
      if (!can(actor, c.write)) throw forbidden(`you may not write to collection ${c.title}`);
      const objects = (envelope as { objects?: unknown } | null)?.objects;
      if (!Array.isArray(objects))
        throw new DomainError('invalid_input', 'the envelope must carry an objects array', 'objects');
      const bundle = {
        type: 'bundle',
        id: `bundle--${uuidV5(JSON.stringify(objects.map((o) => (o as { id?: unknown })?.id)))}`,
        objects,
      };
      const at = clock.now().getTime();
      // The inbox's writers are the regulator's analysts, who may confirm values here themselves: the
      // confirmations their instance reports are accepted; national decisions come only by pull.
      // An API key is named after the instance that holds it: that instance may withdraw its own claims.
      const key = actor.actor.startsWith('key:')
        ? await db
            .selectFrom('api_keys')
            .select('name')
            .where('id', '=', actor.actor.slice(4))
            .executeTakeFirst()
        : undefined;
      await federation.importBundle(actor, bundle, {
        trust: {
          confirmations: true,
          authority: false,
          by: actor.actor,
          revokes: key ? [key.name] : [],
        },
      });
      const status = {
        id: uuidV5(`status:${actor.orgId}:${at}:${bundle.id}`),
        status: 'complete',
        request_timestamp: new Date(at).toISOString(),
        total_count: objects.length,
        success_count: objects.length,
        successes: objects.map((o) => ({
          id: (o as { id: string }).id,
          version: versionOf(o as StixObject, at),
        })),
        failure_count: 0,
        pending_count: 0,
      };
      await db
        .insertInto('taxii_status')
        .values({ id: status.id, org_id: actor.orgId, created_at: at, body: JSON.stringify(status) })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return status;
    },

    async status(actor: Actor, statusId: string): Promise<unknown> {
      const row = await db
        .selectFrom('taxii_status')
        .select(['org_id', 'body'])
        .where('id', '=', statusId)
        .executeTakeFirst();
      if (!row || !may(actor, 'federation.status', { ownerOrgId: row.org_id }))
        throw notFound(`no status ${statusId}`);
      return JSON.parse(row.body);
    },
  };
};

/** An object's version: its `modified` time (or `created`; observables have neither and use `added`). */
export const versionOf = (o: StixObject, addedMs: number): string =>
  typeof o.modified === 'string'
    ? o.modified
    : typeof o.created === 'string'
      ? o.created
      : new Date(addedMs).toISOString();

export type TaxiiService = ReturnType<typeof createTaxiiService>;
