/**
 * The federation's reads of the library: shared claims (never private ones) page by page in the order
 * they changed, and the links and sightings of the values on a page. Writes go through the library
 * service, like every other module's.
 */
import { sql } from 'kysely';
import { NATIONAL } from '../../shared/policy.ts';
import type { Executor } from '../../adapters/db/database.ts';
import type { ClaimVerdict, ResourceType, SightingKind } from '../library/library.types.ts';
import type { ClaimFact, Origin } from './federation.stix.ts';

/** Where a page of claims resumes: the last claim's change time and row id. */
export interface ClaimCursor {
  readonly updatedAt: number;
  readonly id: number;
}

export interface ClaimPageRow extends ClaimFact {
  readonly rowId: number;
  readonly resourceId: number;
}

/**
 * The newest sightings, and the newest links from it, that travel with a value's claims: a value
 * sighted ten thousand times would otherwise make one page larger than any bundle may be.
 */
export const PER_VALUE = 100;

/** Lifecycle states in which a value's review confirmed it as fraud. */
export const CONFIRMED_STATES = ['confirmed', 'disposed', 'appealed'] as const;

export interface ClaimFilter {
  /** `public` reads only public claims; `members` reads members-level and public ones. */
  readonly audience: 'public' | 'members';
  /** Only values whose lifecycle reached confirmation (confirmed or disposed). */
  readonly confirmedOnly?: boolean;
  /** Claims changed after this time (epoch ms). */
  readonly changedAfter?: number;
  readonly after?: ClaimCursor;
  readonly limit: number;
  /** Only claims of this instance's own organisations (what a push sends). */
  readonly localOnly?: boolean;
  /** Only claims on these values (a push reads the values the change feed names). */
  readonly resourceIds?: readonly number[];
  /** Leave out claims that originated at this instance (what the asking peer sent itself). */
  readonly notFrom?: string;
  /** Also withdrawn claims (as revoked indicators): what peers read and are pushed, so removals travel. */
  readonly withRevoked?: boolean;
}

/** This instance's own organisations have no row in `federation_origins`; theirs is this instance. */
const originOf = (
  instance: string,
  org: string,
  fed: { instance: string | null; originOrg: string | null },
) =>
  fed.instance !== null && fed.originOrg !== null
    ? { instance: fed.instance, org: fed.originOrg }
    : { instance, org };

/**
 * National unpins, allow-list removals and releases decided here after `after`, read from the audit log
 * (an unpin or a removal leaves no row behind). A removal undone since (the value pinned or allow-listed
 * again, the release moved on) is left out: the decision that replaced it travels instead.
 */
/** A national decision (pin, allow entry, release) as the authority collection sends it. */
export interface AuthorityRow {
  kind: 'pin' | 'allow' | 'release';
  type: ResourceType;
  normalized: string;
  verdict?: 'fraud' | 'suspicious' | 'allowed' | 'unknown';
  overridesAllow?: boolean;
  label?: string;
  reason: string;
  /** When it was decided, or (revoked) when it was lifted. */
  at: number;
  /** When the decision itself was made: with its value, it names the decision's STIX object. */
  since: number;
  revoked?: boolean;
}

/**
 * The newest pin or allow-list entry on an entity before a time, as its audit entry has it: its data, and
 * its own time (the time the decision carries, or the entry's when an older entry has none).
 */
const decisionBefore = async (
  db: Executor,
  action: string,
  entityType: string,
  entityId: string,
  before: number,
): Promise<{ at: number; data: Record<string, unknown> } | undefined> => {
  const row = await db
    .selectFrom('audit_log')
    .select(['data', 'at'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('action', '=', action)
    .where('at', '<=', before)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    // An entry whose data is not JSON names no verdict; its time still names the decision.
  }
  return { at: typeof data.at === 'number' ? data.at : Number(row.at), data };
};

const removals = async (db: Executor, after: number, limit: number) => {
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'reason', 'data', 'at'])
    // One index range per action (`audit_action_at_idx`), then what tells each removal apart.
    .where('action', 'in', ['resource.unpin', 'allow.remove', 'resource.transition'])
    .where('at', '>', after)
    .where('actor', 'not like', 'federation:%')
    .where((eb) =>
      eb.or([
        eb.and([eb('action', '=', 'resource.unpin'), eb('entity_type', '=', 'resource')]),
        eb.and([eb('action', '=', 'allow.remove'), eb('data', 'like', `%"scope":"${NATIONAL}"%`)]),
        eb.and([eb('action', '=', 'resource.transition'), eb('data', 'like', '%"to":"released"%')]),
      ]),
    )
    .orderBy('at')
    .limit(limit)
    .execute();
  const out: AuthorityRow[] = [];
  for (const r of rows) {
    const at = Number(r.at);
    const reason = r.reason ?? '';
    if (r.action === 'allow.remove') {
      const cut = r.entity_id.indexOf(':');
      const type = r.entity_id.slice(0, cut) as ResourceType;
      const normalized = r.entity_id.slice(cut + 1);
      const again = await db
        .selectFrom('allow_entries')
        .select('id')
        .where('type', '=', type)
        .where('normalized', '=', normalized)
        .executeTakeFirst();
      if (again) continue;
      const added = await decisionBefore(db, 'allow.add', 'allow', r.entity_id, at);
      out.push({ kind: 'allow', type, normalized, reason, at, since: added?.at ?? at, revoked: true });
      continue;
    }
    const v = await db
      .selectFrom('resources')
      .select(['type', 'normalized', 'status', 'pin_verdict'])
      .where('id', '=', Number(r.entity_id))
      .executeTakeFirst();
    if (!v) continue;
    const value = { type: v.type as ResourceType, normalized: v.normalized, reason, at };
    if (r.action === 'resource.unpin' && v.pin_verdict === null) {
      // The pin lifted, as it was sent: its verdict and its own time name the same STIX object.
      const pin = await decisionBefore(db, 'resource.pin', 'resource', r.entity_id, at);
      const verdict = pin?.data.verdict;
      out.push({
        kind: 'pin',
        ...value,
        since: pin?.at ?? at,
        ...(typeof verdict === 'string' ? { verdict: verdict as AuthorityRow['verdict'] } : {}),
        revoked: true,
      });
    } else if (r.action === 'resource.transition' && v.status === 'released')
      out.push({ kind: 'release', ...value, since: at });
  }
  return out;
};

export const federationRepository = (instance: string) => ({
  instance,

  async claimPage(db: Executor, f: ClaimFilter): Promise<ClaimPageRow[]> {
    let q = db
      .selectFrom('claims as c')
      .innerJoin('resources as r', 'r.id', 'c.resource_id')
      .innerJoin('organisations as o', 'o.id', 'c.org_id')
      .leftJoin('federation_origins as fo', 'fo.org_id', 'c.org_id')
      .select([
        'o.reliability as reliability',
        'r.status as status',
        'fo.instance as originInstance',
        'fo.origin_org as originOrg',
        'c.id as rowId',
        'c.resource_id as resourceId',
        'r.type as type',
        'r.normalized as normalized',
        'c.org_id as org',
        'c.verdict as verdict',
        'c.fraud_type as fraudType',
        'c.confidence as confidence',
        'c.sharing as sharing',
        'c.source as source',
        'c.created_at as createdAt',
        'c.updated_at as updatedAt',
        'c.valid_until as validUntil',
        'c.withdrawn_at as withdrawnAt',
      ])
      .where('c.sharing', 'in', f.audience === 'public' ? ['public'] : ['public', 'members']);
    if (!f.withRevoked) q = q.where('c.withdrawn_at', 'is', null);
    if (f.confirmedOnly) q = q.where('r.status', 'in', ['confirmed', 'disposed']);
    if (f.localOnly) q = q.where('fo.org_id', 'is', null);
    const notFrom = f.notFrom;
    if (notFrom !== undefined)
      q = q.where((eb) => eb.or([eb('fo.instance', 'is', null), eb('fo.instance', '!=', notFrom)]));
    if (f.resourceIds) q = q.where('c.resource_id', 'in', f.resourceIds.length > 0 ? f.resourceIds : [-1]);
    if (f.changedAfter !== undefined) q = q.where('c.updated_at', '>', f.changedAfter);
    const after = f.after;
    // A row-value comparison, which both databases answer from the (updated_at, id) index.
    if (after)
      q = q.where((eb) => eb(eb.refTuple('c.updated_at', 'c.id'), '>', eb.tuple(after.updatedAt, after.id)));
    const rows = await q.orderBy('c.updated_at').orderBy('c.id').limit(f.limit).execute();
    return rows.map(({ originInstance, originOrg, status, ...r }) => ({
      ...r,
      origin: originOf(instance, r.org, { instance: originInstance, originOrg }),
      reliability: Number(r.reliability),
      confirmed: (CONFIRMED_STATES as readonly string[]).includes(status),
      rowId: Number(r.rowId),
      resourceId: Number(r.resourceId),
      type: r.type as ResourceType,
      verdict: r.verdict as ClaimVerdict,
      sharing: r.sharing === 'public' ? 'public' : 'members',
      confidence: Number(r.confidence),
      createdAt: Number(r.createdAt),
      updatedAt: Number(r.updatedAt),
      validUntil: r.validUntil === null ? null : Number(r.validUntil),
      withdrawnAt: r.withdrawnAt === null ? null : Number(r.withdrawnAt),
    }));
  },

  async sightingsOf(
    db: Executor,
    resourceIds: readonly number[],
  ): Promise<Array<{ resourceId: number; org: string; kind: SightingKind; at: number; source: string }>> {
    if (resourceIds.length === 0) return [];
    const ranked = db
      .selectFrom('sightings')
      .select(['resource_id', 'org_id', 'kind', 'at', 'source'])
      .select(sql<number>`row_number() over (partition by resource_id order by at desc, id desc)`.as('rn'))
      .where('resource_id', 'in', resourceIds);
    const rows = await db
      .selectFrom(ranked.as('s'))
      .select(['s.resource_id', 's.org_id', 's.kind', 's.at', 's.source'])
      .where('s.rn', '<=', PER_VALUE)
      .execute();
    return rows.map((r) => ({
      resourceId: Number(r.resource_id),
      org: r.org_id,
      kind: r.kind as SightingKind,
      at: Number(r.at),
      source: r.source,
    }));
  },

  async linksOf(
    db: Executor,
    resourceIds: readonly number[],
  ): Promise<
    Array<{
      fromId: number;
      from: { type: ResourceType; normalized: string };
      to: { type: ResourceType; normalized: string };
      kind: string;
      org: string;
      createdAt: number;
    }>
  > {
    if (resourceIds.length === 0) return [];
    const ranked = db
      .selectFrom('links as l')
      .innerJoin('resources as f', 'f.id', 'l.from_id')
      .innerJoin('resources as t', 't.id', 'l.to_id')
      .select([
        'l.from_id as fromId',
        'f.type as fromType',
        'f.normalized as fromValue',
        't.type as toType',
        't.normalized as toValue',
        'l.kind as kind',
        'l.org_id as org',
        'l.created_at as createdAt',
        sql<number>`row_number() over (partition by l.from_id order by l.created_at desc, l.id desc)`.as(
          'rn',
        ),
      ])
      .where('l.from_id', 'in', resourceIds);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .select([
        'r.fromId',
        'r.fromType',
        'r.fromValue',
        'r.toType',
        'r.toValue',
        'r.kind',
        'r.org',
        'r.createdAt',
      ])
      .where('r.rn', '<=', PER_VALUE)
      .execute();
    return rows.map((r) => ({
      fromId: Number(r.fromId),
      from: { type: r.fromType as ResourceType, normalized: r.fromValue },
      to: { type: r.toType as ResourceType, normalized: r.toValue },
      kind: r.kind,
      org: r.org,
      createdAt: Number(r.createdAt),
    }));
  },

  /** The origin of every organisation known here only through a peer, by local organisation id. */
  async origins(db: Executor): Promise<Map<string, Origin>> {
    const rows = await db
      .selectFrom('federation_origins')
      .select(['org_id', 'instance', 'origin_org'])
      .execute();
    return new Map(rows.map((r) => [r.org_id, { instance: r.instance, org: r.origin_org }]));
  },

  /** National pins and allow-list entries decided here (not those applied from a peer), changed after `after`. */
  async authorityPage(db: Executor, after: number, limit: number): Promise<AuthorityRow[]> {
    const pins = await db
      .selectFrom('resources')
      .select(['type', 'normalized', 'pin_verdict', 'pin_reason', 'pin_at', 'pin_overrides_allow', 'pin_by'])
      .where('pin_at', '>', after)
      .where('pin_verdict', 'is not', null)
      .where('pin_by', 'not like', 'federation:%')
      .orderBy('pin_at')
      .limit(limit)
      .execute();
    const allows = await db
      .selectFrom('allow_entries')
      .select(['type', 'normalized', 'label', 'reason', 'created_at'])
      .where('created_at', '>', after)
      .where('created_by', 'not like', 'federation:%')
      .orderBy('created_at')
      .limit(limit)
      .execute();
    const all = [
      ...pins.map((p) => ({
        kind: 'pin' as const,
        type: p.type as ResourceType,
        normalized: p.normalized,
        verdict: (p.pin_verdict ?? 'unknown') as 'fraud' | 'suspicious' | 'allowed' | 'unknown',
        overridesAllow: p.pin_overrides_allow === 1,
        reason: p.pin_reason ?? '',
        at: Number(p.pin_at),
        since: Number(p.pin_at),
      })),
      ...allows.map((a) => ({
        kind: 'allow' as const,
        type: a.type as ResourceType,
        normalized: a.normalized,
        label: a.label,
        reason: a.reason,
        at: Number(a.created_at),
        since: Number(a.created_at),
      })),
      ...(await removals(db, after, limit)),
    ];
    return all.sort((a, b) => a.at - b.at).slice(0, limit);
  },
});

export type FederationRepository = ReturnType<typeof federationRepository>;
