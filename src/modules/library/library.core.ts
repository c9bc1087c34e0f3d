/**
 * The steps every library operation is made of: the organisations (for reliability weights), normalising a
 * raw value, loading a value's stored facts, rescoring values, telling listeners after commit, and the one
 * shape every mutation has (`mutate`: transaction → writes → audit → rescore → notify → read back).
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError, forbidden, notFound } from '../../shared/errors.ts';
import type { Organisation } from '../access/access.types.ts';
import type { AuthorityService } from '../access/authority.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuditEntryInput } from '../audit/audit.types.ts';
import { checkTransition } from './lifecycle.ts';
import type { LibraryRepository } from './library.repository.ts';
import type { OverridesService } from './library.overrides.ts';
import { resourceRowToRecord } from './library.rows.ts';
import { buildResourceWrite, scoreAudiences, type ScoringFacts } from './library.scoring.ts';
import type {
  AllowChange,
  LifecycleState,
  NormalizedValue,
  ResourceRecord,
  ResourceType,
} from './library.types.ts';
import { normalizeValue, type NormalizeContext } from './normalize/index.ts';
import type { ScoringConfig } from './score.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { parseThresholds, scoringWith, THRESHOLDS_SETTING } from './thresholds.ts';

export interface LibraryDeps {
  readonly db: Db;
  readonly repo: LibraryRepository;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly normalize: NormalizeContext;
  readonly loadOrganisations: (tx: Executor) => Promise<Organisation[]>;
  /** Who may change national pins and allow entries (the regulator, or a scope it delegated). */
  readonly authority: AuthorityService;
  /** Each organisation's own pins and allow entries, applied in its own views. */
  readonly overrides: OverridesService;
  /** Where the regulator's verdict thresholds are stored; without it the defaults apply. */
  readonly settings?: SettingsRepository;
}

/** Hears changed values after commit; a listener with work to read first returns its promise. */
export type ChangeListener = (changed: readonly ResourceRecord[]) => void | Promise<void>;

export type AllowListener = (entry: AllowChange) => void;

/** What one mutation wrote: the value to rescore (with the fields it changed) and its audit entry. */
export interface Mutation {
  readonly resource: ResourceRecord | undefined;
  readonly changes?: Partial<ResourceRecord>;
  readonly audit: Omit<AuditEntryInput, 'orgId' | 'actor'>;
}

export const valueKey = (type: string, normalized: string): string => `${type}\u0000${normalized}`;

export const firstOrThrow = (rs: readonly ResourceRecord[]): ResourceRecord => {
  const r = rs[0];
  if (!r) throw notFound('value');
  return r;
};

export const createLibraryCore = (deps: LibraryDeps) => {
  const { db, repo, audit, clock } = deps;
  const changeListeners: ChangeListener[] = [];
  const allowListeners: AllowListener[] = [];
  let orgCache: { at: number; byId: Map<string, Organisation> } | undefined;

  /** Organisations change rarely: cached for 5 s, and re-read at once when an unknown one shows up. */
  const organisations = async (tx: Executor, mustHave?: string): Promise<Map<string, Organisation>> => {
    const now = Date.now();
    if (!orgCache || now - orgCache.at > 5_000 || (mustHave !== undefined && !orgCache.byId.has(mustHave))) {
      orgCache = { at: now, byId: new Map((await deps.loadOrganisations(tx)).map((o) => [o.id, o])) };
    }
    return orgCache.byId;
  };

  let scoringCache: { at: number; config: ScoringConfig } | undefined;
  /** The scoring configuration with the stored thresholds, cached for 5 s like the organisations. */
  const scoring = async (tx: Executor): Promise<ScoringConfig> => {
    const now = Date.now();
    if (!scoringCache || now - scoringCache.at > 5_000) {
      const stored = deps.settings ? await deps.settings.get(tx, THRESHOLDS_SETTING) : undefined;
      scoringCache = { at: now, config: scoringWith(parseThresholds(stored)) };
    }
    return scoringCache.config;
  };
  /** After the thresholds change, so that this process scores with the new ones at once. */
  const forgetScoring = (): void => {
    scoringCache = undefined;
  };

  const normalizeOrThrow = (type: ResourceType, raw: string, field = 'value'): NormalizedValue => {
    const r = normalizeValue(type, raw, deps.normalize);
    if (!r.ok) throw new DomainError('invalid_value', r.error.message, field);
    return r.value;
  };

  /** Claims, sightings and allow-list facts for scoring a set of existing resources. */
  const loadFacts = async (
    tx: Executor,
    resources: readonly ResourceRecord[],
  ): Promise<Map<number, ScoringFacts>> => {
    const ids = resources.map((r) => r.id);
    const [claims, sightings, allow] = await Promise.all([
      repo.claimsFor(tx, ids),
      repo.sightingsFor(tx, ids),
      repo.allowEntriesFor(tx, resources),
    ]);
    const facts = new Map<number, ScoringFacts>();
    for (const r of resources)
      facts.set(r.id, {
        claims: [],
        sightings: [],
        allow: allow.get(valueKey(r.type, r.normalized)) ?? null,
      });
    for (const c of claims) facts.get(c.resourceId)?.claims.push(c);
    for (const s of sightings) facts.get(s.resourceId)?.sightings.push(s);
    return facts;
  };

  /**
   * The change number each changed value was written under, kept beside the record this process
   * announces: a follower of the change feed knows these changes as its own and does not read them again.
   */
  const changeSeqs = new WeakMap<ResourceRecord, number>();
  const stamp = (records: ResourceRecord[], seqs: readonly number[]): ResourceRecord[] => {
    records.forEach((r, i) => {
      const s = seqs[i];
      if (s !== undefined) changeSeqs.set(r, s);
    });
    return records;
  };

  /** Recomputes and stores the standing of existing resources (after a pin, sighting, transition …). */
  const rescoreIn = async (
    tx: Executor,
    resources: readonly ResourceRecord[],
    changes: Partial<Record<number, Partial<ResourceRecord>>> = {},
  ): Promise<ResourceRecord[]> => {
    if (resources.length === 0) return [];
    const now = clock.now().getTime();
    const orgs = await organisations(tx);
    const config = await scoring(tx);
    const facts = await loadFacts(tx, resources);
    const writes = resources.map((r) => {
      const merged: ResourceRecord = { ...r, ...changes[r.id] };
      const f = facts.get(r.id) ?? { claims: [], sightings: [], allow: null };
      return buildResourceWrite(merged, scoreAudiences(merged, f, orgs, now, config), now);
    });
    await repo.upsertResources(tx, writes);
    const seqs = await repo.insertChanges(
      tx,
      resources.map((r) => r.id),
      now,
    );
    return stamp(
      writes.map((w, i) => resourceRowToRecord({ ...w, id: resources[i]?.id ?? 0 })),
      seqs,
    );
  };

  /** Work listeners still do for changes already announced (see `settled`). */
  const pending = new Set<Promise<void>>();

  const notify = (changed: readonly ResourceRecord[]): void => {
    if (changed.length === 0) return;
    for (const l of changeListeners) {
      const p = l(changed);
      if (p) {
        // Listeners report their own failures (the core cannot act on them); a rejection ends the wait.
        const tracked: Promise<void> = p.catch(() => undefined).finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
    }
  };

  /** Resolves once the listeners finished with every change announced so far. */
  const settled = async (): Promise<void> => {
    await Promise.allSettled([...pending]);
  };

  const notifyAllow: AllowListener = (entry) => {
    for (const l of allowListeners) l(entry);
  };

  const resourceOrThrow = async (tx: Executor, type: ResourceType, raw: string): Promise<ResourceRecord> => {
    const n = normalizeOrThrow(type, raw);
    const r = await repo.findResource(tx, n.type, n.normalized);
    if (!r) throw notFound(`${type} ${n.display}`, 'value');
    return r;
  };

  /** One lifecycle move: authorised by the policy, audited, and the value rescored. */
  const moveIn = async (
    tx: Executor,
    actor: Actor,
    r: ResourceRecord,
    to: LifecycleState,
    reason: string,
  ): Promise<ResourceRecord[]> => {
    const check = checkTransition(r.status, to, actor);
    if (!check.ok)
      throw check.reason === 'forbidden'
        ? forbidden(check.message)
        : new DomainError('invalid_transition', check.message, 'status');
    await audit.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action: 'resource.transition',
      entityType: 'resource',
      entityId: String(r.id),
      reason,
      data: { from: r.status, to },
    });
    return rescoreIn(tx, [r], { [r.id]: { status: to } });
  };

  /**
   * Every single-value change: `write` does its writes in the caller's transaction and says what it
   * wrote; the audit entry follows in the same transaction and the value is rescored. The caller has
   * listeners hear once the transaction has committed (`mutate` does both).
   */
  const mutateIn = async (
    tx: Executor,
    actor: Actor,
    write: (tx: Executor) => Promise<Mutation>,
  ): Promise<ResourceRecord[]> => {
    const m = await write(tx);
    await audit.append(tx, { orgId: actor.orgId, actor: actor.actor, ...m.audit });
    const r = m.resource;
    return r ? rescoreIn(tx, [r], m.changes ? { [r.id]: m.changes } : {}) : [];
  };

  const mutate = async (
    actor: Actor,
    write: (tx: Executor) => Promise<Mutation>,
  ): Promise<ResourceRecord[]> => {
    const changed = await db.transaction().execute((tx) => mutateIn(tx, actor, write));
    notify(changed);
    return changed;
  };

  return {
    deps,
    organisations,
    scoring,
    forgetScoring,
    normalizeOrThrow,
    loadFacts,
    rescoreIn,
    stamp,
    changeSeqOf: (r: ResourceRecord): number | undefined => changeSeqs.get(r),
    notify,
    settled,
    notifyAllow,
    resourceOrThrow,
    moveIn,
    mutate,
    mutateIn,
    onChange: (listener: ChangeListener): void => void changeListeners.push(listener),
    onAllowChange: (listener: AllowListener): void => void allowListeners.push(listener),
  };
};

export type LibraryCore = ReturnType<typeof createLibraryCore>;
