/**
 * Changes to single values: sightings, pins, lifecycle moves, allow-list entries, withdrawn claims and
 * links. Each asks the policy, then writes with its audit entry and the value rescored (`mutateIn`),
 * in a transaction of its own, or (the `…In` forms) in a caller's transaction, which publishes what
 * changed once it has committed.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError, forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import { NATIONAL, may, requireMay } from '../../shared/policy.ts';
import { firstOrThrow, type LibraryCore } from './library.core.ts';
import type { Committed } from './library.port.ts';
import { applyIntake, planIntake } from './library.intake.ts';
import { existsFor } from './library.visibility.ts';
import { buildResourceWrite } from './library.scoring.ts';
import type {
  LifecycleState,
  LinkInput,
  NormalizedValue,
  ResourceRecord,
  ResourceType,
  SightingKind,
  Verdict,
} from './library.types.ts';

/** A value as authority grants see it: its type, canonical form and host. */
const scopedValue = (n: { type: ResourceType; normalized: string; attributes: Record<string, unknown> }) => ({
  type: n.type,
  normalized: n.normalized,
  host: typeof n.attributes.host === 'string' ? n.attributes.host : undefined,
});

/** A value nobody has claimed yet, as an analyst's pin creates it. */
const unclaimedRecord = (n: NormalizedValue, now: number): ResourceRecord => ({
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
});

export const libraryMutations = (core: LibraryCore) => {
  const { db, repo, clock, authority } = core.deps;
  const { mutateIn, resourceOrThrow, normalizeOrThrow } = core;

  /**
   * Recomputes these values' scores as of now (decay, lapsed claims), 500 to a transaction so another
   * process's writes wait at most one short batch; listeners hear of every value whose score or verdict
   * moved. Returns the values as stored afterwards.
   */
  const rescoreValues = async (values: readonly ResourceRecord[]): Promise<ResourceRecord[]> => {
    const out: ResourceRecord[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500);
      const changed = await db.transaction().execute((tx) => core.rescoreIn(tx, part));
      core.notify(
        changed.filter((c, j) => {
          const before = part[j];
          return (
            c.verdictMembers !== before?.verdictMembers ||
            c.verdictPublic !== before.verdictPublic ||
            c.scoreMembers !== before.scoreMembers ||
            c.scorePublic !== before.scorePublic
          );
        }),
      );
      out.push(...changed);
    }
    return out;
  };

  /**
   * Sightings, pins, allow entries and withdrawals inside a caller's transaction; see `Committed`.
   * A sighting made elsewhere comes with the time it was made (`at`), and is recorded once: the same
   * organisation's sighting of the same kind, time and source is not written again.
   */
  const addSightingIn = async (
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    kind: SightingKind,
    note: string | null,
    source = 'api',
    at?: number,
  ): Promise<Committed> => {
    requireMay(actor, 'sightings.record');
    const when = at ?? clock.now().getTime();
    const r = await resourceOrThrow(tx, type, raw);
    if (
      at !== undefined &&
      (await repo.hasSighting(tx, { resourceId: r.id, orgId: actor.orgId, kind, at, source }))
    )
      return { changed: [] };
    const changed = await mutateIn(tx, actor, async (tx) => {
      const claims = await repo.claimsFor(tx, [r.id]);
      const own = (await repo.sightingsFor(tx, [r.id])).some((x) => x.orgId === actor.orgId);
      if (!existsFor(actor, { claims, pinned: r.pin !== null, allowListed: false, ownTraces: own }))
        throw notFound(`${type} ${r.display}`, 'value');
      await repo.insertSighting(tx, { resourceId: r.id, orgId: actor.orgId, kind, at: when, source, note });
      return {
        resource: r,
        changes: kind === 'seen' && when > r.lastSeen ? { lastSeen: when } : {},
        audit: {
          action: `sighting.${kind}`,
          entityType: 'resource',
          entityId: String(r.id),
          reason: note,
          data: { source },
        },
      };
    });
    return { changed };
  };

  const pinIn = async (
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    verdict: Verdict,
    reason: string,
    overridesAllow: boolean,
  ): Promise<Committed> => {
    if (reason.trim() === '') throw invalidInput('reason', 'a pin needs a reason');
    const changed = await mutateIn(tx, actor, async (tx) => {
      const n = normalizeOrThrow(type, raw);
      await authority.require(tx, actor, 'values.pin', NATIONAL, scopedValue(n));
      let r = await repo.findResource(tx, n.type, n.normalized);
      if (!r) {
        // Pinning an unknown value creates it, so an analyst can block or clear ahead of any feed.
        const now = clock.now().getTime();
        await repo.upsertResources(tx, [buildResourceWrite(unclaimedRecord(n, now), undefined, now)]);
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
      return {
        resource: r,
        changes: { pin },
        audit: {
          action: 'resource.pin',
          entityType: 'resource',
          entityId: String(r.id),
          reason,
          // The pin's own time: a peer names this version of the pin by it when it is lifted.
          data: { verdict, overridesAllow, scope: NATIONAL, at: pin.at },
        },
      };
    });
    return { changed };
  };

  const unpinIn = async (
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    reason: string,
  ): Promise<Committed> => {
    const changed = await mutateIn(tx, actor, async (tx) => {
      const r = await resourceOrThrow(tx, type, raw);
      await authority.require(tx, actor, 'values.unpin', NATIONAL, scopedValue(r));
      await repo.updateResource(tx, r.id, {
        pin_verdict: null,
        pin_reason: null,
        pin_by: null,
        pin_at: null,
        pin_overrides_allow: 0,
      });
      return {
        resource: r,
        changes: { pin: null },
        audit: {
          action: 'resource.unpin',
          entityType: 'resource',
          entityId: String(r.id),
          reason,
          data: { scope: NATIONAL },
        },
      };
    });
    return { changed };
  };

  const allowIn = async (
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    label: string,
    reason: string,
  ): Promise<Committed & { value: NormalizedValue }> => {
    if (label.trim() === '')
      throw invalidInput('label', 'an allow-list entry needs a label (whose number, brand or app)');
    const n = normalizeOrThrow(type, raw);
    const createdAt = clock.now().getTime();
    const changed = await mutateIn(tx, actor, async (tx) => {
      await authority.require(tx, actor, 'allow.add', NATIONAL, scopedValue(n));
      await repo.insertAllowEntry(tx, {
        type: n.type,
        normalized: n.normalized,
        label,
        reason,
        orgId: actor.orgId,
        createdBy: actor.actor,
        createdAt,
      });
      return {
        resource: await repo.findResource(tx, n.type, n.normalized),
        audit: {
          action: 'allow.add',
          entityType: 'allow',
          entityId: `${n.type}:${n.normalized}`,
          reason,
          // The entry's own time: a peer names this entry by it when it is removed.
          data: { label, scope: NATIONAL, at: createdAt },
        },
      };
    });
    return { changed, allow: { type: n.type, normalized: n.normalized, label, allowed: true }, value: n };
  };

  const disallowIn = async (
    tx: Executor,
    actor: Actor,
    type: ResourceType,
    raw: string,
    reason: string,
  ): Promise<Committed> => {
    const n = normalizeOrThrow(type, raw);
    const changed = await mutateIn(tx, actor, async (tx) => {
      await authority.require(tx, actor, 'allow.remove', NATIONAL, scopedValue(n));
      if ((await repo.deleteAllowEntry(tx, n.type, n.normalized)) === 0)
        throw notFound('allow-list entry', 'value');
      return {
        resource: await repo.findResource(tx, n.type, n.normalized),
        audit: {
          action: 'allow.remove',
          entityType: 'allow',
          entityId: `${n.type}:${n.normalized}`,
          reason,
          data: { scope: NATIONAL },
        },
      };
    });
    return { changed, allow: { type: n.type, normalized: n.normalized, label: '', allowed: false } };
  };

  const withdrawClaimIn = async (
    tx: Executor,
    actor: Actor,
    claimId: number,
    reason: string,
  ): Promise<Committed> => {
    requireMay(actor, 'claims.withdraw');
    const changed = await mutateIn(tx, actor, async (tx) => {
      const c = await repo.findClaim(tx, claimId);
      // Another organisation's claim is reported as not found, so its existence does not leak.
      if (!c || (c.orgId !== actor.orgId && c.sharing === 'private')) throw notFound('claim', 'claimId');
      if (!may(actor, 'claims.withdraw', { ownerOrgId: c.orgId }))
        throw forbidden('only the organisation that made a claim may withdraw it');
      await repo.withdrawClaim(tx, claimId, clock.now().getTime());
      return {
        resource: await repo.findResourceById(tx, c.resourceId),
        audit: { action: 'claim.withdraw', entityType: 'claim', entityId: String(claimId), reason },
      };
    });
    return { changed };
  };

  /** What listeners hear once a caller's transaction has committed. */
  const publish = (c: Committed): void => {
    core.notify(c.changed);
    if (c.allow) core.notifyAllow(c.allow);
  };

  /** Runs one of the changes above in a transaction of its own, and publishes it after commit. */
  const alone = async <R extends Committed>(change: (tx: Executor) => Promise<R>): Promise<R> => {
    const c = await db.transaction().execute(change);
    publish(c);
    return c;
  };

  return {
    rescoreValues,
    addSightingIn,
    pinIn,
    unpinIn,
    allowIn,
    disallowIn,
    withdrawClaimIn,
    publish,

    addSighting: async (
      actor: Actor,
      type: ResourceType,
      raw: string,
      kind: SightingKind,
      note: string | null,
      source = 'api',
    ): Promise<ResourceRecord> =>
      firstOrThrow((await alone((tx) => addSightingIn(tx, actor, type, raw, kind, note, source))).changed),

    pin: async (
      actor: Actor,
      type: ResourceType,
      raw: string,
      verdict: Verdict,
      reason: string,
      overridesAllow: boolean,
    ): Promise<ResourceRecord> =>
      firstOrThrow(
        (await alone((tx) => pinIn(tx, actor, type, raw, verdict, reason, overridesAllow))).changed,
      ),

    unpin: async (actor: Actor, type: ResourceType, raw: string, reason: string): Promise<ResourceRecord> =>
      firstOrThrow((await alone((tx) => unpinIn(tx, actor, type, raw, reason))).changed),

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
        return core.moveIn(tx, actor, r, to, reason);
      });
      core.notify(changed);
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
      return core.moveIn(tx, actor, r, to, reason);
    },

    allow: async (
      actor: Actor,
      type: ResourceType,
      raw: string,
      label: string,
      reason: string,
    ): Promise<NormalizedValue> => (await alone((tx) => allowIn(tx, actor, type, raw, label, reason))).value,

    disallow: async (actor: Actor, type: ResourceType, raw: string, reason: string): Promise<void> => {
      await alone((tx) => disallowIn(tx, actor, type, raw, reason));
    },

    withdrawClaim: async (actor: Actor, claimId: number, reason: string): Promise<ResourceRecord> =>
      firstOrThrow((await alone((tx) => withdrawClaimIn(tx, actor, claimId, reason))).changed),

    async link(actor: Actor, links: readonly LinkInput[]): Promise<number> {
      requireMay(actor, 'links.add');
      const plan = planIntake([], links, core.deps.normalize);
      const { changed } = await db.transaction().execute((tx) => applyIntake(core, tx, actor, plan));
      core.notify(changed);
      return links.length;
    },

    /** Recomputes every value with a standing (operators' one-off; the workers' decay job goes by due date). */
    async rescoreAll(): Promise<number> {
      let n = 0;
      for await (const page of repo.scanStanding(db)) n += (await rescoreValues(page)).length;
      return n;
    },
  };
};
