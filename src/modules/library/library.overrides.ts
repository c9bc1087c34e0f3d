/**
 * Local overrides: a pin or an allow entry an organisation keeps for itself. It changes that
 * organisation's own views of the value (its `/values` answer, its lookups) and nobody else's; the
 * national pin and allow-list stay the regulator's. Every change is audited with its scope.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { requireMay } from '../../shared/policy.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { NormalizedValue, ResourceType, Verdict } from './library.types.ts';

export type OverrideKind = 'pin' | 'allow';

export interface LocalOverride {
  readonly orgId: string;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly kind: OverrideKind;
  readonly verdict: Verdict;
  readonly label: string;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

/** Whose setting decided a value's verdict in a viewer's answer. */
export interface DecidedBy {
  readonly scope: 'national' | 'local';
  readonly kind: 'pin' | 'allow' | 'score';
  /** The organisation whose override decided it (local overrides and national allow entries). */
  readonly orgId?: string | undefined;
  /** The actor who set a pin. */
  readonly by?: string | undefined;
}

/** The local target every local change is checked against: the actor's own scope, owned by it. */
const localTarget = (actor: Actor) => ({ scope: actor.orgId, ownerOrgId: actor.orgId });

export interface OverridesDeps {
  readonly db: Db;
  readonly audit: AuditService;
  readonly clock: Clock;
}

/** Hears a local override set (`row`) or removed (undefined) after commit. */
export type OverrideListener = (
  orgId: string,
  type: ResourceType,
  normalized: string,
  kind: OverrideKind,
  row: LocalOverride | undefined,
) => void;

export const createOverridesService = ({ db, audit, clock }: OverridesDeps) => {
  const listeners: OverrideListener[] = [];
  const tell: OverrideListener = (...args) => {
    for (const l of listeners) l(...args);
  };

  /**
   * An override changed: a row in the overrides' feed, which every node follows for its organisations'
   * views, and a change of the value in the library's change feed when the library holds it, so the
   * owner's list downloads re-state the value with its override applied.
   */
  const feedChange = async (
    tx: Executor,
    orgId: string,
    n: NormalizedValue,
    kind: OverrideKind,
    at: number,
  ): Promise<void> => {
    // Every override change, held value or not, in the overrides' own feed (the nodes' views follow it).
    await tx
      .insertInto('override_changes')
      .values({ org_id: orgId, type: n.type, normalized: n.normalized, kind, at })
      .execute();
    const r = await tx
      .selectFrom('resources')
      .select('id')
      .where('type', '=', n.type)
      .where('normalized', '=', n.normalized)
      .executeTakeFirst();
    if (r) await tx.insertInto('changes').values({ resource_id: r.id, at }).execute();
  };

  const remove = async (actor: Actor, n: NormalizedValue, kind: OverrideKind, reason: string) => {
    requireMay(actor, kind === 'pin' ? 'values.unpin' : 'allow.remove', localTarget(actor));
    if (reason.trim() === '') throw invalidInput('reason', 'removing an override needs a reason');
    await db.transaction().execute(async (tx) => {
      const r = await tx
        .deleteFrom('local_overrides')
        .where('org_id', '=', actor.orgId)
        .where('type', '=', n.type)
        .where('normalized', '=', n.normalized)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound(`local ${kind}`, 'value');
      await feedChange(tx, actor.orgId, n, kind, clock.now().getTime());
      await audit.append(tx, {
        orgId: actor.orgId,
        actor: actor.actor,
        action: kind === 'pin' ? 'resource.unpin' : 'allow.remove',
        entityType: kind === 'pin' ? 'resource_value' : 'allow',
        entityId: `${n.type}:${n.normalized}`,
        reason,
        data: { scope: 'local' },
      });
    });
    tell(actor.orgId, n.type, n.normalized, kind, undefined);
  };

  const put = async (
    actor: Actor,
    n: NormalizedValue,
    o: { kind: OverrideKind; verdict: Verdict; label: string; reason: string },
  ): Promise<LocalOverride> => {
    requireMay(actor, o.kind === 'pin' ? 'values.pin' : 'allow.add', localTarget(actor));
    if (o.reason.trim() === '') throw invalidInput('reason', `a local ${o.kind} needs a reason`);
    const at = clock.now().getTime();
    await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('local_overrides')
        .where('org_id', '=', actor.orgId)
        .where('type', '=', n.type)
        .where('normalized', '=', n.normalized)
        .where('kind', '=', o.kind)
        .execute();
      await tx
        .insertInto('local_overrides')
        .values({
          org_id: actor.orgId,
          type: n.type,
          normalized: n.normalized,
          kind: o.kind,
          verdict: o.verdict,
          overrides_allow: 0,
          label: o.label,
          reason: o.reason,
          created_by: actor.actor,
          created_at: at,
        })
        .execute();
      await feedChange(tx, actor.orgId, n, o.kind, at);
      await audit.append(tx, {
        orgId: actor.orgId,
        actor: actor.actor,
        action: o.kind === 'pin' ? 'resource.pin' : 'allow.add',
        entityType: o.kind === 'pin' ? 'resource_value' : 'allow',
        entityId: `${n.type}:${n.normalized}`,
        reason: o.reason,
        data: { scope: 'local', verdict: o.verdict, label: o.label },
      });
    });
    const row = { orgId: actor.orgId, type: n.type, normalized: n.normalized, ...o, by: actor.actor, at };
    tell(actor.orgId, n.type, n.normalized, o.kind, row);
    return row;
  };

  const toOverride = (r: {
    org_id: string;
    type: string;
    normalized: string;
    kind: string;
    verdict: string;
    label: string;
    reason: string;
    created_by: string;
    created_at: number | string;
  }): LocalOverride => ({
    orgId: r.org_id,
    type: r.type as ResourceType,
    normalized: r.normalized,
    kind: r.kind === 'pin' ? 'pin' : 'allow',
    verdict: r.verdict as Verdict,
    label: r.label,
    reason: r.reason,
    by: r.created_by,
    at: Number(r.created_at),
  });

  /** One organisation's overrides of one value (its pin and its allow entry, when it has them). */
  const forValue = async (
    tx: Executor | undefined,
    orgId: string,
    type: ResourceType,
    normalized: string,
  ): Promise<LocalOverride[]> =>
    (
      await (tx ?? db)
        .selectFrom('local_overrides')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('type', '=', type)
        .where('normalized', '=', normalized)
        .execute()
    ).map(toOverride);

  return {
    pin: (actor: Actor, n: NormalizedValue, verdict: Verdict, reason: string) =>
      put(actor, n, { kind: 'pin', verdict, label: '', reason }),
    unpin: (actor: Actor, n: NormalizedValue, reason: string) => remove(actor, n, 'pin', reason),
    allow: (actor: Actor, n: NormalizedValue, label: string, reason: string) => {
      if (label.trim() === '')
        throw invalidInput('label', 'an allow-list entry needs a label (whose number, brand or app)');
      return put(actor, n, { kind: 'allow', verdict: 'allowed', label, reason });
    },
    disallow: (actor: Actor, n: NormalizedValue, reason: string) => remove(actor, n, 'allow', reason),
    forValue,
    onChange: (l: OverrideListener): void => void listeners.push(l),

    /** Every organisation's local overrides (the node's in-memory views load them at start). */
    async all(tx: Executor = db): Promise<LocalOverride[]> {
      return (await tx.selectFrom('local_overrides').selectAll().execute()).map(toOverride);
    },

    /** The newest number of the overrides' feed (0 when empty). */
    async latestChange(tx: Executor = db): Promise<number> {
      const r = await tx
        .selectFrom('override_changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(r?.seq ?? 0);
    },

    /** The overrides that changed after number `seq`, oldest first: which organisation, value and kind. */
    async changesSince(
      seq: number,
      limit: number,
      tx: Executor = db,
    ): Promise<
      Array<{ seq: number; orgId: string; type: ResourceType; normalized: string; kind: OverrideKind }>
    > {
      const rows = await tx
        .selectFrom('override_changes')
        .select(['seq', 'org_id', 'type', 'normalized', 'kind'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        orgId: r.org_id,
        type: r.type as ResourceType,
        normalized: r.normalized,
        kind: r.kind === 'pin' ? 'pin' : 'allow',
      }));
    },

    /** The caller's own local overrides, newest first. */
    async list(actor: Actor, limit: number, offset: number): Promise<LocalOverride[]> {
      requireMay(actor, 'overrides.read');
      const rows = await db
        .selectFrom('local_overrides')
        .select(['type', 'normalized'])
        .where('org_id', '=', actor.orgId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return (
        await Promise.all(rows.map((r) => forValue(db, actor.orgId, r.type as ResourceType, r.normalized)))
      ).flat();
    },
  };
};

export type OverridesService = ReturnType<typeof createOverridesService>;

/**
 * A viewer's verdict with its own overrides applied: its local pin decides, else its local allow entry;
 * otherwise the national answer stands and says what decided it.
 */
export const applyOverrides = (
  national: { verdict: Verdict; pin: { verdict: Verdict; by: string } | null },
  allowListed: boolean,
  local: readonly LocalOverride[],
): { verdict: Verdict; decidedBy: DecidedBy } => {
  const pin = local.find((o) => o.kind === 'pin');
  if (pin) return { verdict: pin.verdict, decidedBy: { scope: 'local', kind: 'pin', orgId: pin.orgId } };
  const allowed = local.find((o) => o.kind === 'allow');
  if (allowed)
    return { verdict: 'allowed', decidedBy: { scope: 'local', kind: 'allow', orgId: allowed.orgId } };
  if (national.pin)
    return { verdict: national.verdict, decidedBy: { scope: 'national', kind: 'pin', by: national.pin.by } };
  if (allowListed && national.verdict === 'allowed')
    return { verdict: national.verdict, decidedBy: { scope: 'national', kind: 'allow' } };
  return { verdict: national.verdict, decidedBy: { scope: 'national', kind: 'score' } };
};
