/**
 * Sync with peers, run by the workers. A pull reads each of a peer's collections page by page over
 * TAXII 2.1 and imports each page through the STIX import (checked whole, written whole) together with
 * its checkpoint, in one transaction: a process killed mid-sync resumes from the last page written and
 * re-reads nothing twice into the library. A push sends this instance's own organisations' shared claims
 * on the values the library's change feed names since the last push to the peer's inbox, then stores the
 * change number it reached. Claims that originated at the peer are never sent to it (the pull asks the
 * peer to leave out the caller's own, and the push sends only this instance's own claims). A peer that
 * answers wrongly (an error status, not JSON, not an envelope, objects that fail the schemas) gets the
 * reason in its status and nothing of that page is written.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { uuidV5 } from '../library/io/stix.ts';
import type { LibraryChanges } from '../library/library.port.ts';
import type { FederationService } from './federation.service.ts';
import type { StixObject } from './federation.stix.ts';
import type { Trust } from './federation.provenance.ts';
import type { PeersStore, PeerWithKey } from './peers.service.ts';
import { TAXII_MEDIA_TYPE } from './taxii.service.ts';

/** Claims asked for per page (the TAXII server's most). */
export const PULL_PAGE = 1000;
/** Change-feed entries read per push step. */
export const PUSH_CHANGES = 5000;
/**
 * A pull resumes this long before the newest claim it read: claims written in the same millisecond after
 * the read are read next time (the import skips the ones already held unchanged).
 */
const OVERLAP_MS = 1000;
const TIMEOUT_MS = 60_000;

/** A peer's answer was not what TAXII promises; the message says what and where. */
export class PeerError extends Error {}

const trustOf = (p: PeerWithKey): Trust => ({
  confirmations: p.role !== 'partner',
  authority: p.role === 'upstream',
  by: `federation:${p.name}`,
  // A peer is named after its instance: it withdraws its own claims; the upstream relays its peers' too.
  revokes: p.role === 'upstream' ? 'any' : [p.name],
});

const peerActor = (p: PeerWithKey): Actor => ({
  orgId: 'org_platform',
  orgKind: 'regulator',
  actor: `federation:${p.name}`,
  role: 'analyst',
});

/** The reason in an error answer: TAXII's `title`/`description`, or fanzha's `error.message`. */
const detailOf = (text: string): string => {
  try {
    const b = JSON.parse(text) as {
      title?: unknown;
      description?: unknown;
      error?: { message?: unknown; field?: unknown };
    };
    const parts = [b.title, b.description, b.error?.field, b.error?.message].filter(
      (x): x is string => typeof x === 'string',
    );
    return (parts.length > 0 ? parts.join(': ') : text).slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
};

/** The newest claim or decision on a page: what the next pull's `added_after` starts from. */
const newestClaim = (objects: readonly StixObject[]): number | undefined => {
  let newest: number | undefined;
  for (const o of objects) {
    if ((o.type !== 'indicator' && o.type !== 'opinion') || typeof o.modified !== 'string') continue;
    const t = Date.parse(o.modified);
    if (Number.isFinite(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
};

export interface SyncOutcome {
  readonly peer: string;
  readonly ok: boolean;
  readonly pulled: number;
  readonly pushed: number;
  readonly error?: string;
}

export const createFederationSync = (deps: {
  db: Db;
  store: PeersStore;
  federation: FederationService;
  clock: Clock;
  logger: Logger;
  instance: string;
  /** The library's change feed: what changed since a push, and its newest number. */
  changes: Pick<LibraryChanges, 'changeRefsSince' | 'latestChange'>;
}) => {
  const { db, store, federation, clock, logger, instance, changes } = deps;

  const call = async (peer: PeerWithKey, path: string, init: RequestInit = {}): Promise<unknown> => {
    const url = `${peer.url}/taxii2/api/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: {
          accept: TAXII_MEDIA_TYPE,
          authorization: `Bearer ${peer.key}`,
          ...(init.body !== undefined ? { 'content-type': TAXII_MEDIA_TYPE } : {}),
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new PeerError(`${init.method ?? 'GET'} ${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    if (res.status !== 200 && res.status !== 202)
      throw new PeerError(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${detailOf(text)}`);
    if (!/application\/taxii\+json/i.test(res.headers.get('content-type') ?? ''))
      throw new PeerError(`${url} answered ${res.headers.get('content-type') ?? 'no media type'}, not TAXII`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PeerError(`${url} answered malformed JSON`);
    }
  };

  /** One page of a collection, checked as a TAXII envelope. */
  const fetchPage = async (
    peer: PeerWithKey,
    collection: string,
    cp: { addedAfter: number | null; next: string | null },
  ): Promise<{ objects: StixObject[]; next: string | undefined }> => {
    const q = new URLSearchParams({ limit: String(PULL_PAGE), 'match[x_fanzha_not_from]': instance });
    if (cp.next) q.set('next', cp.next);
    else if (cp.addedAfter !== null) q.set('added_after', new Date(cp.addedAfter).toISOString());
    const body = await call(peer, `collections/${collection}/objects/?${q.toString()}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new PeerError(`collection ${collection}: the answer is not a TAXII envelope`);
    const e = body as { objects?: unknown; more?: unknown; next?: unknown };
    if (e.objects !== undefined && !Array.isArray(e.objects))
      throw new PeerError(`collection ${collection}: objects is not an array`);
    if (e.more !== undefined && typeof e.more !== 'boolean')
      throw new PeerError(`collection ${collection}: more is not a boolean`);
    if (e.next !== undefined && (typeof e.next !== 'string' || e.next.length > 200))
      throw new PeerError(`collection ${collection}: next is not a token`);
    const objects = (e.objects ?? []) as StixObject[];
    return { objects, next: e.more === true && typeof e.next === 'string' ? e.next : undefined };
  };

  const pull = async (peer: PeerWithKey, collection: string): Promise<number> => {
    const feed = `pull:${collection}`;
    let cp = await store.checkpoint(db, peer.name, feed);
    let pulled = 0;
    let fetching = fetchPage(peer, collection, cp);
    for (;;) {
      const page = await fetching;
      const newest = newestClaim(page.objects);
      const resumeAt =
        newest === undefined ? cp.addedAfter : Math.max(cp.addedAfter ?? 0, newest - OVERLAP_MS);
      const after = page.next
        ? { addedAfter: cp.addedAfter, next: page.next }
        : { addedAfter: resumeAt, next: null };
      // The next page is asked for while this one is written: the peer serves as this instance imports.
      // Its checkpoint is stored only with this page's writes, so a failure here leaves it unread.
      if (after.next) {
        fetching = fetchPage(peer, collection, after);
        fetching.catch(() => {});
      }
      const at = clock.now().getTime();
      if (page.objects.length > 0) {
        const bundle = {
          type: 'bundle',
          id: `bundle--${uuidV5(`pull:${peer.name}:${collection}:${cp.addedAfter}:${cp.next}`)}`,
          objects: page.objects,
        };
        try {
          await federation.importBundle(peerActor(peer), bundle, {
            trust: trustOf(peer),
            inTransaction: (tx) => store.saveCheckpoint(tx, peer.name, feed, after, at),
          });
        } catch (e) {
          if (e instanceof DomainError)
            throw new PeerError(`collection ${collection}: ${e.field ? `${e.field}: ` : ''}${e.message}`);
          throw e;
        }
      } else await store.saveCheckpoint(db, peer.name, feed, after, at);
      pulled += page.objects.length;
      cp = after;
      if (!after.next) return pulled;
    }
  };

  const push = async (peer: PeerWithKey, collection: string): Promise<number> => {
    const feed = `push:${collection}`;
    const cp = await store.checkpoint(db, peer.name, feed);
    let seq = cp.addedAfter ?? 0;
    let pushed = 0;
    for (;;) {
      const refs = await changes.changeRefsSince(seq, PUSH_CHANGES);
      const last = refs.at(-1)?.seq ?? seq;
      if (last === seq) return pushed;
      const resourceIds = [...new Set(refs.map((r) => r.resourceId))];
      let after: { updatedAt: number; id: number } | undefined;
      for (;;) {
        const page = await federation.page({
          audience: 'members',
          localOnly: true,
          withRevoked: true,
          resourceIds,
          limit: PULL_PAGE,
          ...(after ? { after } : {}),
        });
        if (page.objects.length > 0) {
          const status = (await call(peer, `collections/${collection}/objects/`, {
            method: 'POST',
            body: JSON.stringify({ objects: page.objects }),
          })) as { status?: unknown; failure_count?: unknown };
          if (status.status !== 'complete' || status.failure_count !== 0)
            throw new PeerError(`push to ${collection}: the peer did not take the whole page`);
          pushed += page.objects.length;
        }
        if (!page.next) break;
        after = page.next;
      }
      seq = last;
      await store.saveCheckpoint(db, peer.name, feed, { addedAfter: seq, next: null }, clock.now().getTime());
    }
  };

  const syncPeer = async (peer: PeerWithKey, what: 'pull' | 'push' | 'both'): Promise<SyncOutcome> => {
    let pulled = 0;
    let pushed = 0;
    try {
      if (what !== 'push') for (const c of peer.collections) pulled += await pull(peer, c);
      if (what !== 'pull' && peer.pushCollection) pushed += await push(peer, peer.pushCollection);
      await store.recordOutcome(peer.name, { ok: true, pulled, pushed }, clock.now().getTime());
      return { peer: peer.name, ok: true, pulled, pushed };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn('federation sync failed', { peer: peer.name, error });
      await store.recordOutcome(peer.name, { ok: false, error }, clock.now().getTime());
      return { peer: peer.name, ok: false, pulled, pushed, error };
    }
  };

  // One run at a time in a process: a push started by a change and one started by the schedule (or a
  // pull and an operator's `sync`) would read the same checkpoint and send or write the same pages twice.
  let running: Promise<unknown> = Promise.resolve();
  let lastSeen: number | undefined;

  /** Pulls from and pushes to every peer (or the named one); a failing peer does not stop the others. */
  const run = (what: 'pull' | 'push' | 'both' = 'both', only?: string): Promise<SyncOutcome[]> => {
    const turn = running.then(async () => {
      const peers = (await store.all()).filter((p) => only === undefined || p.name === only);
      const out: SyncOutcome[] = [];
      for (const p of peers) out.push(await syncPeer(p, what));
      return out;
    });
    running = turn.catch(() => {});
    return turn;
  };

  return {
    run,

    /**
     * Pushes when the library's change feed moved since the last look: cheap enough to run every second
     * in a workers process, so changes made by another process (an API node) leave within about a second.
     */
    async pushIfChanged(): Promise<SyncOutcome[]> {
      const latest = await changes.latestChange();
      if (latest === lastSeen) return [];
      lastSeen = latest;
      return run('push');
    },
  };
};

export type FederationSync = ReturnType<typeof createFederationSync>;
