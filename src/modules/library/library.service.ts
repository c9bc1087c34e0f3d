/**
 * The resource library (一库): values, claims, sightings, scores, pins, allow-lists, lifecycle and links.
 * Every write runs in one transaction with its audit entry; listeners (the hot lookup index, list
 * distribution) hear about changed values after commit.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuditEntry } from '../audit/audit.types.ts';
import type { Organisation } from '../access/access.types.ts';
import { FRAUD_TYPE_CODES } from '../taxonomy/fraud-types.data.ts';
import type { ClaimSink } from './library.port.ts';
import { checkTransition } from './lifecycle.ts';
import {
  resourceRowToRecord,
  type ClaimRecord,
  type ClaimWrite,
  type LibraryRepository,
  type ResourceRecord,
  type ResourceWrite,
  type SightingRecord,
} from './library.repository.ts';
import type {
  ClaimInput,
  LifecycleState,
  LinkInput,
  NormalizedValue,
  ResourceType,
  SightingKind,
  SubmitResult,
  Verdict,
} from './library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { NATIONAL, requireMay } from '../../shared/policy.ts';
import type { AuthorityService } from '../access/authority.ts';
import { applyOverrides, type DecidedBy, type OverridesService } from './library.overrides.ts';
import { existsFor, sharedContributors, visibleHistory, visibleSightings } from './library.visibility.ts';
import { normalizeValue, type NormalizeContext } from './normalize/index.ts';
import {
  buildResourceWrite,
  freshRecord,
  freshScorer,
  scoreAudiences,
  scoringInput,
  withScores,
  type ScoringFacts,
} from './library.scoring.ts';
import { scoreResource, type Audience, type ScoreResult, visibleTo } from './score.ts';

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
}

export type ChangeListener = (changed: readonly ResourceRecord[]) => void;

export interface ValueDetails {
  readonly resource: ResourceRecord;
  readonly score: ScoreResult;
  readonly claims: readonly ClaimRecord[];
  readonly sightings: readonly SightingRecord[];
  readonly links: ReadonlyArray<{
    kind: string;
    direction: 'out' | 'in';
    other: { id: number; type: ResourceType; display: string; verdict: Verdict };
    evidence: Record<string, unknown>;
  }>;
  readonly history: readonly AuditEntry[];
  readonly allowListed: { readonly label: string; readonly reason: string } | null;
  /** The verdict in the viewer's view, and whose setting decided it. */
  readonly decided: { readonly verdict: Verdict; readonly decidedBy: DecidedBy };
}

/** A value as authority grants see it: its type, canonical form and host. */
const scopedValue = (n: { type: ResourceType; normalized: string; attributes: Record<string, unknown> }) => ({
  type: n.type,
  normalized: n.normalized,
  host: typeof n.attributes.host === 'string' ? n.attributes.host : undefined,
});

const key = (type: string, normalized: string): string => `${type}\u0000${normalized}`;
const MAX_BATCH = 5000;

/** The audience an actor reads as: its own private claims plus members-shared and public ones. */
export const audienceOf = (actor: Actor): Audience => ({ orgId: actor.orgId });

export const libraryService = (deps: LibraryDeps) => {
  const { db, repo, audit, clock } = deps;
  const listeners: ChangeListener[] = [];
  let orgCache: { at: number; byId: Map<string, Organisation> } | undefined;

  /** Organisations change rarely: cached for 5 s, and re-read at once when an unknown one shows up. */
  const organisations = async (tx: Executor, mustHave?: string): Promise<Map<string, Organisation>> => {
    const now = Date.now();
    if (!orgCache || now - orgCache.at > 5_000 || (mustHave !== undefined && !orgCache.byId.has(mustHave))) {
      orgCache = { at: now, byId: new Map((await deps.loadOrganisations(tx)).map((o) => [o.id, o])) };
    }
    return orgCache.byId;
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
      facts.set(r.id, { claims: [], sightings: [], allow: allow.get(key(r.type, r.normalized)) ?? null });
    for (const c of claims) facts.get(c.resourceId)?.claims.push(c);
    for (const s of sightings) facts.get(s.resourceId)?.sightings.push(s);
    return facts;
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
    const facts = await loadFacts(tx, resources);
    const writes = resources.map((r) => {
      const merged: ResourceRecord = { ...r, ...changes[r.id] };
      const f = facts.get(r.id) ?? { claims: [], sightings: [], allow: null };
      return buildResourceWrite(merged, scoreAudiences(merged, f, orgs, now), now);
    });
    await repo.upsertResources(tx, writes);
    await repo.insertChanges(
      tx,
      resources.map((r) => r.id),
      now,
    );
    return writes.map((w, i) => resourceRowToRecord({ ...w, id: resources[i]?.id ?? 0 }));
  };

  const notify = (changed: readonly ResourceRecord[]): void => {
    if (changed.length === 0) return;
    for (const l of listeners) l(changed);
  };

  const resourceOrThrow = async (tx: Executor, type: ResourceType, raw: string): Promise<ResourceRecord> => {
    const n = normalizeOrThrow(type, raw);
    const r = await repo.findResource(tx, n.type, n.normalized);
    if (!r) throw notFound(`${type} ${n.display}`, 'value');
    return r;
  };

  /** One lifecycle move: authorised by the rules in lifecycle.ts, audited, and the value rescored. */
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

  const submitClaimsIn = async (
    tx: Executor,
    actor: Actor,
    claims: readonly ClaimInput[],
    links: readonly LinkInput[] = [],
  ): Promise<{ result: SubmitResult; changed: ResourceRecord[] }> => {
    requireMay(actor, 'claims.submit');
    if (claims.length > MAX_BATCH) throw invalidInput('claims', `at most ${MAX_BATCH} claims per batch`);
    const now = clock.now().getTime();
    const rejected: Array<{ index: number; field: string; message: string }> = [];
    // One entry per distinct value, in the order first seen; the entry carries the value through the batch
    // (its id, its record as stored) so the bulk path keys nothing by string after this map.
    const incoming = new Map<string, Incoming>();
    const entries: Incoming[] = [];
    const entryOf = (value: NormalizedValue, k: string): Incoming => {
      const found = incoming.get(k);
      if (found) return found;
      const entry: Incoming = { value, claims: [], records: [], id: undefined };
      incoming.set(k, entry);
      entries.push(entry);
      return entry;
    };
    claims.forEach((c, index) => {
      const problem = checkClaim(c);
      if (problem) return void rejected.push({ index, ...problem });
      const n = normalizeValue(c.type, c.value, deps.normalize);
      if (!n.ok) return void rejected.push({ index, field: 'value', message: n.error.message });
      const entry = entryOf(n.value, key(n.value.type, n.value.normalized));
      // One claim per value × organisation × source: a repeat later in the batch replaces the earlier one.
      const same = entry.claims.findIndex((x) => x.input.source === c.source);
      if (same >= 0) entry.claims.splice(same, 1);
      entry.claims.push({ input: c, index });
    });
    const linkPairs: Array<{ from: NormalizedValue; to: NormalizedValue; input: LinkInput }> = [];
    for (const l of links) {
      const from = normalizeValue(l.from.type, l.from.value, deps.normalize);
      const to = normalizeValue(l.to.type, l.to.value, deps.normalize);
      if (!from.ok || !to.ok) continue;
      linkPairs.push({ from: from.value, to: to.value, input: l });
    }
    for (const p of linkPairs)
      for (const v of [p.from, p.to])
        if (!incoming.has(key(v.type, v.normalized))) entryOf(v, key(v.type, v.normalized));
    if (entries.length === 0) return { result: { accepted: 0, rejected }, changed: [] };

    const orgs = await organisations(tx, actor.orgId);
    if (!orgs.has(actor.orgId)) throw notFound('organisation', 'orgId');
    const allow = await repo.allowEntriesFor(
      tx,
      entries.map((e) => e.value),
    );
    const fresh = freshScorer(orgs, now);

    // First every value as if it were new, in one insert that skips the values the library already holds: a
    // new value has nothing stored to merge with, so it needs no read, and its score is its claims' alone.
    // Records built before the database gives them ids; the service's own until returned.
    const freshWrites: ResourceWrite[] = [];
    const freshRecords: Array<Mutable<ResourceRecord>> = [];
    for (const entry of entries) {
      entry.records = entry.claims.map((c) => toClaimRecord(c.input, actor.orgId, 0, now));
      let attributes = entry.value.attributes;
      for (const c of entry.claims)
        if (c.input.attributes && c.input.sharing !== 'private')
          attributes = { ...attributes, ...c.input.attributes };
      const allowed =
        allow.size === 0 ? null : (allow.get(key(entry.value.type, entry.value.normalized)) ?? null);
      const { scores, reasonsJson } = fresh(entry.value, entry.records, allowed);
      const record = freshRecord(entry.value, attributes, scores, now);
      freshWrites.push(buildResourceWrite(record, scores, now, reasonsJson));
      freshRecords.push(record);
    }
    const freshIds = await repo.insertNewResources(tx, freshWrites);
    const changedIds: number[] = [];
    const changed: ResourceRecord[] = [];
    const held: NormalizedValue[] = [];
    entries.forEach((entry, i) => {
      const id = freshIds[i];
      const record = freshRecords[i];
      if (id === undefined || record === undefined) return void held.push(entry.value);
      record.id = id;
      entry.id = id;
      changedIds.push(id);
      changed.push(record);
    });

    // Then the values already held: their stored claims, sightings and standing merge with the new claims.
    const existing = await repo.findResources(tx, held);
    const facts = await loadFacts(tx, existing);
    const writes: ResourceWrite[] = [];
    const merged: Array<{ entry: Incoming; record: ResourceRecord }> = [];
    for (const before of existing) {
      const entry = incoming.get(key(before.type, before.normalized));
      if (!entry) continue;
      entry.id = before.id;
      // Values only mentioned by a link and already known keep their standing untouched.
      if (entry.claims.length === 0) continue;
      const attributes = { ...before.attributes, ...entry.value.attributes };
      for (const c of entry.claims)
        if (c.input.sharing !== 'private') Object.assign(attributes, c.input.attributes ?? {});
      const record: ResourceRecord = {
        ...before,
        attributes,
        status: before.status === 'expired' ? 'reported' : before.status,
        lastSeen: now,
        display: entry.value.display,
      };
      const f = facts.get(before.id) ?? { claims: [], sightings: [], allow: null };
      // The incoming claims replace the same organisation's claim from the same source.
      const replaced = new Set(entry.claims.map((c) => `${actor.orgId}\u0000${c.input.source}`));
      const all: ClaimRecord[] = f.claims.filter((c) => !replaced.has(`${c.orgId}\u0000${c.source}`));
      all.push(...entry.records);
      const scores = scoreAudiences(record, { ...f, claims: all }, orgs, now);
      writes.push(buildResourceWrite(record, scores, now));
      merged.push({ entry, record: withScores(record, scores, now) });
    }
    const upserted = await repo.upsertResources(tx, writes);
    for (const { entry, record } of merged) {
      const id = upserted.get(key(record.type, record.normalized));
      if (id === undefined) continue;
      entry.id = id;
      changedIds.push(id);
      changed.push({ ...record, id });
    }

    const claimRows: ClaimWrite[] = [];
    for (const entry of entries) {
      const resourceId = entry.id ?? 0;
      for (const c of entry.records)
        claimRows.push({
          resource_id: resourceId,
          org_id: c.orgId,
          verdict: c.verdict,
          fraud_type: c.fraudType,
          confidence: c.confidence,
          evidence: evidenceJson(c.evidence),
          sharing: c.sharing,
          source: c.source,
          created_at: now,
          updated_at: now,
          valid_until: c.validUntil,
          withdrawn_at: null,
        });
    }
    await repo.upsertClaims(tx, claimRows);
    const linkRows = [];
    for (const p of linkPairs) {
      const fromId = incoming.get(key(p.from.type, p.from.normalized))?.id;
      const toId = incoming.get(key(p.to.type, p.to.normalized))?.id;
      if (fromId === undefined || toId === undefined || fromId === toId) continue;
      linkRows.push({
        from_id: fromId,
        to_id: toId,
        kind: p.input.kind,
        evidence: JSON.stringify(p.input.evidence ?? {}),
        org_id: actor.orgId,
        created_at: now,
      });
    }
    await repo.upsertLinks(tx, linkRows);
    await repo.insertChanges(tx, changedIds, now);
    const accepted = claims.length - rejected.length;
    await audit.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action: 'claims.submit',
      entityType: 'batch',
      entityId: `${now}`,
      data: {
        accepted,
        rejected: rejected.length,
        values: changedIds.length,
        links: linkRows.length,
        sources: [...new Set(claims.map((c) => c.source))].slice(0, 10),
      },
    });
    return { result: { accepted, rejected }, changed };
  };

  const service = {
    onChange(listener: ChangeListener): void {
      listeners.push(listener);
    },

    normalize: (type: ResourceType, raw: string, field?: string): NormalizedValue =>
      normalizeOrThrow(type, raw, field),

    /** The ClaimSink port: one transaction per batch; a failure leaves nothing of the batch behind. */
    async submitClaims(
      actor: Actor,
      claims: readonly ClaimInput[],
      links: readonly LinkInput[] = [],
    ): Promise<SubmitResult> {
      const { result, changed } = await db
        .transaction()
        .execute((tx) => submitClaimsIn(tx, actor, claims, links));
      notify(changed);
      return result;
    },

    /** For callers that compose the library into their own transaction; they call `notify` after commit. */
    submitClaimsIn,
    notify,

    async addSighting(
      actor: Actor,
      type: ResourceType,
      raw: string,
      kind: SightingKind,
      note: string | null,
      source = 'api',
    ): Promise<ResourceRecord> {
      requireMay(actor, 'sightings.record');
      const changed = await db.transaction().execute(async (tx) => {
        const r = await resourceOrThrow(tx, type, raw);
        const claims = await repo.claimsFor(tx, [r.id]);
        const own = (await repo.sightingsFor(tx, [r.id])).some((x) => x.orgId === actor.orgId);
        if (!existsFor(actor, { claims, pinned: r.pin !== null, allowListed: false, ownTraces: own }))
          throw notFound(`${type} ${r.display}`, 'value');
        await repo.insertSighting(tx, {
          resourceId: r.id,
          orgId: actor.orgId,
          kind,
          at: clock.now().getTime(),
          source,
          note,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: `sighting.${kind}`,
          entityType: 'resource',
          entityId: String(r.id),
          reason: note,
          data: { source },
        });
        return rescoreIn(tx, [r], kind === 'seen' ? { [r.id]: { lastSeen: clock.now().getTime() } } : {});
      });
      notify(changed);
      return firstOrThrow(changed);
    },

    async pin(
      actor: Actor,
      type: ResourceType,
      raw: string,
      verdict: Verdict,
      reason: string,
      overridesAllow: boolean,
    ): Promise<ResourceRecord> {
      if (reason.trim() === '') throw invalidInput('reason', 'a pin needs a reason');
      const changed = await db.transaction().execute(async (tx) => {
        const n = normalizeOrThrow(type, raw);
        await deps.authority.require(tx, actor, 'values.pin', NATIONAL, scopedValue(n));
        let r = await repo.findResource(tx, n.type, n.normalized);
        if (!r) {
          // Pinning an unknown value creates it, so an analyst can block or clear ahead of any feed.
          const now = clock.now().getTime();
          await repo.upsertResources(tx, [
            buildResourceWrite(
              {
                id: 0,
                type: n.type,
                normalized: n.normalized,
                display: n.display,
                attributes: n.attributes,
                status: 'reported',
                firstSeen: now,
                lastSeen: now,
                pin: null,
                verdictPublic: 'unknown',
                scorePublic: 0,
                verdictMembers: 'unknown',
                scoreMembers: 0,
                fraudType: null,
                reasons: [],
                updatedAt: now,
              },
              undefined,
              now,
            ),
          ]);
          r = await repo.findResource(tx, n.type, n.normalized);
          if (!r) throw new DomainError('conflict', 'value could not be created', 'value');
        }
        const pin = { verdict, reason, by: actor.actor, at: clock.now().getTime(), overridesAllow };
        await repo.updateResource(tx, r.id, {
          pin_verdict: verdict,
          pin_reason: reason,
          pin_by: actor.actor,
          pin_at: pin.at,
          pin_overrides_allow: overridesAllow ? 1 : 0,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'resource.pin',
          entityType: 'resource',
          entityId: String(r.id),
          reason,
          data: { verdict, overridesAllow, scope: NATIONAL },
        });
        return rescoreIn(tx, [r], { [r.id]: { pin } });
      });
      notify(changed);
      return firstOrThrow(changed);
    },

    async unpin(actor: Actor, type: ResourceType, raw: string, reason: string): Promise<ResourceRecord> {
      const changed = await db.transaction().execute(async (tx) => {
        const r = await resourceOrThrow(tx, type, raw);
        await deps.authority.require(tx, actor, 'values.unpin', NATIONAL, scopedValue(r));
        await repo.updateResource(tx, r.id, {
          pin_verdict: null,
          pin_reason: null,
          pin_by: null,
          pin_at: null,
          pin_overrides_allow: 0,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'resource.unpin',
          entityType: 'resource',
          entityId: String(r.id),
          reason,
          data: { scope: NATIONAL },
        });
        return rescoreIn(tx, [r], { [r.id]: { pin: null } });
      });
      notify(changed);
      return firstOrThrow(changed);
    },

    async transition(
      actor: Actor,
      type: ResourceType,
      raw: string,
      to: LifecycleState,
      reason: string,
    ): Promise<ResourceRecord> {
      if (reason.trim() === '') throw invalidInput('reason', 'every lifecycle step needs a reason');
      const changed = await db.transaction().execute(async (tx) => {
        const r = await resourceOrThrow(tx, type, raw);
        return moveIn(tx, actor, r, to, reason);
      });
      notify(changed);
      return firstOrThrow(changed);
    },

    /** Lifecycle moves inside a caller's transaction (cases, appeals); the caller notifies after commit. */
    async transitionIn(
      tx: Executor,
      actor: Actor,
      resourceId: number,
      to: LifecycleState,
      reason: string,
    ): Promise<ResourceRecord[]> {
      const r = await repo.findResourceById(tx, resourceId);
      if (!r) throw notFound('resource', 'resourceId');
      if (r.status === to) return [r];
      return moveIn(tx, actor, r, to, reason);
    },

    async allow(
      actor: Actor,
      type: ResourceType,
      raw: string,
      label: string,
      reason: string,
    ): Promise<NormalizedValue> {
      if (label.trim() === '')
        throw invalidInput('label', 'an allow-list entry needs a label (whose number, brand or app)');
      const n = normalizeOrThrow(type, raw);
      const changed = await db.transaction().execute(async (tx) => {
        await deps.authority.require(tx, actor, 'allow.add', NATIONAL, scopedValue(n));
        await repo.insertAllowEntry(tx, {
          type: n.type,
          normalized: n.normalized,
          label,
          reason,
          orgId: actor.orgId,
          createdBy: actor.actor,
          createdAt: clock.now().getTime(),
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'allow.add',
          entityType: 'allow',
          entityId: `${n.type}:${n.normalized}`,
          reason,
          data: { label, scope: NATIONAL },
        });
        const r = await repo.findResource(tx, n.type, n.normalized);
        return r ? rescoreIn(tx, [r]) : [];
      });
      notify(changed);
      for (const l of allowListeners) l({ type: n.type, normalized: n.normalized, label, allowed: true });
      return n;
    },

    async disallow(actor: Actor, type: ResourceType, raw: string, reason: string): Promise<void> {
      const n = normalizeOrThrow(type, raw);
      const changed = await db.transaction().execute(async (tx) => {
        await deps.authority.require(tx, actor, 'allow.remove', NATIONAL, scopedValue(n));
        if ((await repo.deleteAllowEntry(tx, n.type, n.normalized)) === 0)
          throw notFound('allow-list entry', 'value');
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'allow.remove',
          entityType: 'allow',
          entityId: `${n.type}:${n.normalized}`,
          reason,
          data: { scope: NATIONAL },
        });
        const r = await repo.findResource(tx, n.type, n.normalized);
        return r ? rescoreIn(tx, [r]) : [];
      });
      notify(changed);
      for (const l of allowListeners)
        l({ type: n.type, normalized: n.normalized, label: '', allowed: false });
    },

    listAllowEntries: (type: ResourceType | undefined, limit: number, offset: number) =>
      repo.listAllowEntries(db, { type, limit, offset }),
    scanAllowEntries: () => repo.scanAllowEntries(db),

    onAllowChange(listener: AllowListener): void {
      allowListeners.push(listener);
    },

    async withdrawClaim(actor: Actor, claimId: number, reason: string): Promise<ResourceRecord> {
      requireMay(actor, 'claims.withdraw');
      const changed = await db.transaction().execute(async (tx) => {
        const c = await repo.findClaim(tx, claimId);
        // Another organisation's claim is reported as not found, so its existence does not leak.
        if (!c || (c.orgId !== actor.orgId && c.sharing === 'private')) throw notFound('claim', 'claimId');
        if (c.orgId !== actor.orgId)
          throw forbidden('only the organisation that made a claim may withdraw it');
        await repo.withdrawClaim(tx, claimId, clock.now().getTime());
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'claim.withdraw',
          entityType: 'claim',
          entityId: String(claimId),
          reason,
        });
        const r = await repo.findResourceById(tx, c.resourceId);
        return r ? rescoreIn(tx, [r]) : [];
      });
      notify(changed);
      return firstOrThrow(changed);
    },

    async link(actor: Actor, links: readonly LinkInput[]): Promise<number> {
      requireMay(actor, 'links.add');
      const { changed } = await db.transaction().execute((tx) => submitClaimsIn(tx, actor, [], links));
      notify(changed);
      return links.length;
    },

    /** Everything the viewer may see about one value, with the score explained for the viewer's audience. */
    async details(viewer: Actor, type: ResourceType, raw: string): Promise<ValueDetails> {
      const r = await resourceOrThrow(db, type, raw);
      const audience = audienceOf(viewer);
      const orgs = await organisations(db);
      const facts = (await loadFacts(db, [r])).get(r.id) ?? { claims: [], sightings: [], allow: null };
      const local = await deps.overrides.forValue(db, viewer.orgId, r.type, r.normalized);
      const ownSighting = facts.sightings.some((s) => s.orgId === viewer.orgId);
      const known = { claims: facts.claims, pinned: r.pin !== null, allowListed: facts.allow !== null };
      if (!existsFor(viewer, { ...known, ownTraces: ownSighting || local.length > 0 }))
        throw notFound(`${type} ${r.display}`, 'value');
      const contributors = sharedContributors(viewer, facts.claims);
      const score = scoreResource(scoringInput(r, facts, orgs), audience, clock.now().getTime());
      const linkRows = await repo.linksOf(db, r.id);
      const others = new Map(
        (
          await repo.findResourcesByIds(
            db,
            linkRows.map((l) => (l.fromId === r.id ? l.toId : l.fromId)),
          )
        ).map((o) => [o.id, o]),
      );
      const links = linkRows.flatMap((l) => {
        const other = others.get(l.fromId === r.id ? l.toId : l.fromId);
        return other && contributors.has(l.orgId)
          ? [
              {
                kind: l.kind,
                direction: l.fromId === r.id ? ('out' as const) : ('in' as const),
                other: {
                  id: other.id,
                  type: other.type,
                  display: other.display,
                  verdict: other.verdictMembers,
                },
                evidence: l.evidence,
              },
            ]
          : [];
      });
      const history = await audit.history(db, 'resource', String(r.id));
      return {
        resource: r,
        score,
        claims: facts.claims.filter((c) => visibleTo(c, audience)),
        sightings: visibleSightings(viewer, facts.sightings),
        links,
        history: visibleHistory(viewer, history),
        allowListed: facts.allow,
        decided: applyOverrides({ verdict: score.verdict, pin: r.pin }, facts.allow !== null, local),
      };
    },

    async search(
      viewer: Actor,
      opts: {
        q?: string | undefined;
        type?: ResourceType | undefined;
        verdict?: Verdict | undefined;
        status?: LifecycleState | undefined;
        limit: number;
        afterId?: number | undefined;
      },
    ): Promise<ResourceRecord[]> {
      const exact: Array<{ type: ResourceType; normalized: string }> = [];
      if (opts.q) {
        const { normalizeAny } = await import('./normalize/index.ts');
        for (const n of normalizeAny(opts.q, deps.normalize))
          exact.push({ type: n.type, normalized: n.normalized });
      }
      const found = await repo.search(db, {
        exact,
        text: opts.q?.trim() || undefined,
        type: opts.type,
        verdict: opts.verdict,
        status: opts.status,
        limit: opts.limit,
        afterId: opts.afterId,
      });
      // Values known only through other organisations' private claims are not there for this viewer.
      const claims = await repo.claimsFor(
        db,
        found.map((r) => r.id),
      );
      const allow = await repo.allowEntriesFor(db, found);
      return found.filter((r) =>
        existsFor(viewer, {
          claims: claims.filter((c) => c.resourceId === r.id),
          pinned: r.pin !== null,
          allowListed: allow.has(key(r.type, r.normalized)),
          ownTraces: false,
        }),
      );
    },

    /** The claims on these values that the viewer may see (export, bulk views). */
    async visibleClaims(viewer: Actor, resourceIds: readonly number[]): Promise<ClaimRecord[]> {
      const audience = audienceOf(viewer);
      return (await repo.claimsFor(db, resourceIds)).filter((c) => visibleTo(c, audience));
    },

    getById: (id: number): Promise<ResourceRecord | undefined> => repo.findResourceById(db, id),
    findResource: (type: ResourceType, normalized: string): Promise<ResourceRecord | undefined> =>
      repo.findResource(db, type, normalized),
    scanStanding: () => repo.scanStanding(db),
    changesSince: (seq: number, limit: number) => repo.changesSince(db, seq, limit),
    latestChange: (): Promise<number> => repo.latestChange(db),
    counts: () => repo.counts(db),

    /** Decay: recompute every value with a standing (a periodic job; scores drift as claims age). */
    async rescoreAll(): Promise<number> {
      let n = 0;
      for await (const page of repo.scanStanding(db)) {
        for (let i = 0; i < page.length; i += 1000) {
          const part = page.slice(i, i + 1000);
          const changed = await db.transaction().execute((tx) => rescoreIn(tx, part));
          const moved = changed.filter(
            (c, j) =>
              c.verdictMembers !== part[j]?.verdictMembers || c.verdictPublic !== part[j]?.verdictPublic,
          );
          notify(moved);
          n += part.length;
        }
      }
      return n;
    },
  };
  const allowListeners: AllowListener[] = [];
  return service;
};

export type AllowListener = (entry: {
  type: ResourceType;
  normalized: string;
  label: string;
  allowed: boolean;
}) => void;
export type LibraryService = ReturnType<typeof libraryService> & ClaimSink;

const firstOrThrow = (rs: readonly ResourceRecord[]): ResourceRecord => {
  const r = rs[0];
  if (!r) throw notFound('value');
  return r;
};

const checkClaim = (c: ClaimInput): { field: string; message: string } | null => {
  if (typeof c.value !== 'string' || c.value.trim() === '')
    return { field: 'value', message: 'value must be a non-empty string' };
  if (c.value.length > 4096) return { field: 'value', message: 'value longer than 4096 characters' };
  if (!(c.confidence >= 0 && c.confidence <= 1))
    return { field: 'confidence', message: 'confidence must be between 0 and 1' };
  if (c.fraudType !== undefined && !FRAUD_TYPE_CODES.has(c.fraudType))
    return { field: 'fraudType', message: `unknown fraud type ${c.fraudType}` };
  if (c.source.trim() === '' || c.source.length > 200)
    return { field: 'source', message: 'source must be 1–200 characters' };
  return null;
};

const toClaimRecord = (c: ClaimInput, orgId: string, resourceId: number, now: number): ClaimRecord => ({
  id: 0,
  resourceId,
  orgId,
  verdict: c.verdict,
  fraudType: c.fraudType ?? null,
  confidence: c.confidence,
  // A private claim's attributes stay with the claim (its owner sees them) instead of the shared record.
  evidence:
    c.sharing === 'private' && c.attributes
      ? { ...c.evidence, attributes: c.attributes }
      : (c.evidence ?? NO_EVIDENCE),
  sharing: c.sharing ?? 'members',
  source: c.source,
  createdAt: now,
  updatedAt: now,
  validUntil: c.validUntil ?? null,
  withdrawnAt: null,
});

const NO_EVIDENCE: Readonly<Record<string, unknown>> = Object.freeze({});
const evidenceJson = (e: Readonly<Record<string, unknown>>): string =>
  e === NO_EVIDENCE ? '{}' : JSON.stringify(e);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A distinct value of a batch of claims, carried through the batch. */
interface Incoming {
  readonly value: NormalizedValue;
  readonly claims: Array<{ input: ClaimInput; index: number }>;
  /** The claims as records, once built. */
  records: ClaimRecord[];
  /** Its resource id, once inserted or found. */
  id: number | undefined;
}
