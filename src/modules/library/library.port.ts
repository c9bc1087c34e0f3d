/**
 * What detectors and other modules need from the library, and nothing more: they submit claims and links,
 * search and read claims through these ports and never touch the library's tables. The library service
 * satisfies every one of them; a module is handed the narrowest that serves it.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type {
  AllowChange,
  ClaimInput,
  ClaimRecord,
  LifecycleState,
  LinkInput,
  NormalizedValue,
  ResourceRecord,
  SearchOptions,
  ResourceType,
  SightingKind,
  SubmitResult,
  Verdict,
} from './library.types.ts';
import type { Actor } from '../../shared/actor.ts';

export interface ClaimSink {
  /** Normalises each value, writes claims (idempotent per value × org × source) and links in one transaction. */
  submitClaims(
    actor: Actor,
    claims: readonly ClaimInput[],
    links?: readonly LinkInput[],
  ): Promise<SubmitResult>;
}

/**
 * The same intake inside the caller's transaction, for a module whose own rows commit together with the
 * claims; once the transaction has committed, the caller passes `changed` to `notify` so the hot index and
 * other listeners learn of the new standings.
 */
export interface ClaimSinkIn {
  submitClaimsIn(
    tx: Executor,
    actor: Actor,
    claims: readonly ClaimInput[],
    links?: readonly LinkInput[],
  ): Promise<{ result: SubmitResult; changed: ResourceRecord[] }>;
  notify(changed: readonly ResourceRecord[]): void;
}

/** A bulk writer that also records sightings and checks values as the library would store them. */
export interface LibraryWriter extends ClaimSink {
  normalize(type: ResourceType, raw: string, field?: string): NormalizedValue;
  addSighting(
    actor: Actor,
    type: ResourceType,
    raw: string,
    kind: SightingKind,
    note: string | null,
    source?: string,
  ): Promise<ResourceRecord>;
}

/** Reads for a viewer: the values it may see, and the claims on them it may see. */
export interface LibraryReader {
  search(viewer: Actor, opts: SearchOptions): Promise<ResourceRecord[]>;
  visibleClaims(viewer: Actor, resourceIds: readonly number[]): Promise<ClaimRecord[]>;
  /** The value with this id (no visibility applied: the caller decides what to show). */
  getById(id: number): Promise<ResourceRecord | undefined>;
  findResource(type: ResourceType, normalized: string): Promise<ResourceRecord | undefined>;
}

/**
 * Values read inside the caller's transaction: a module that decides on a value and writes its own rows
 * reads the value on the same connection (on SQLite a read on the pool would wait for the connection the
 * transaction holds).
 */
export interface ResourcesIn {
  resourcesIn(tx: Executor, ids: readonly number[]): Promise<Map<number, ResourceRecord>>;
  resourceIn(tx: Executor, type: ResourceType, normalized: string): Promise<ResourceRecord | undefined>;
}

/**
 * What a change made inside a caller's transaction tells the library's listeners (the hot index, the
 * allow list's readers) once that transaction has committed: the caller passes it to `publish` then.
 */
export interface Committed {
  readonly changed: ResourceRecord[];
  readonly allow?: AllowChange;
}

/**
 * National decisions and lifecycle moves, for a module that carries them in from elsewhere (a peer),
 * each inside the caller's transaction so they commit together with the caller's own rows.
 */
export interface LibraryDecisions {
  transitionIn(
    tx: Executor,
    actor: Actor,
    resourceId: number,
    to: LifecycleState,
    reason: string,
  ): Promise<ResourceRecord[]>;
  pinIn(
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    verdict: Verdict,
    reason: string,
    overridesAllow: boolean,
  ): Promise<Committed>;
  allowIn(
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    label: string,
    reason: string,
  ): Promise<Committed>;
  unpinIn(tx: Executor, actor: Actor, type: ResourceType, raw: string, reason: string): Promise<Committed>;
  disallowIn(tx: Executor, actor: Actor, type: ResourceType, raw: string, reason: string): Promise<Committed>;
  withdrawClaimIn(tx: Executor, actor: Actor, claimId: number, reason: string): Promise<Committed>;
  addSightingIn(
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    kind: SightingKind,
    note: string | null,
    source?: string,
    /** When the sighting was made elsewhere; such a sighting is recorded once. */
    at?: number,
  ): Promise<Committed>;
  publish(c: Committed): void;
}

/** The library's change feed, for a module that follows what changed (every write appends to it). */
export interface LibraryChanges {
  latestChange(): Promise<number>;
  /** The change numbers after `seq` and the value each names, oldest first. */
  changeRefsSince(seq: number, limit: number): Promise<Array<{ seq: number; resourceId: number }>>;
}
