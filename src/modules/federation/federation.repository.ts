/**
 * The federation's reads of the library: shared claims (never private ones) page by page in the order
 * they changed, and the links and sightings of the values on a page. Writes go through the library
 * service, like every other module's.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { ClaimVerdict, ResourceType, SightingKind } from '../library/library.types.ts';
import type { ClaimFact } from './federation.stix.ts';

/** Where a page of claims resumes: the last claim's change time and row id. */
export interface ClaimCursor {
  readonly updatedAt: number;
  readonly id: number;
}

export interface ClaimPageRow extends ClaimFact {
  readonly rowId: number;
  readonly resourceId: number;
}

export interface ClaimFilter {
  /** `public` reads only public claims; `members` reads members-level and public ones. */
  readonly audience: 'public' | 'members';
  /** Only values whose lifecycle reached confirmation (confirmed or disposed). */
  readonly confirmedOnly?: boolean;
  /** Claims changed after this time (epoch ms). */
  readonly changedAfter?: number;
  readonly after?: ClaimCursor;
  readonly limit: number;
}

export const federationRepository = () => ({
  async claimPage(db: Executor, f: ClaimFilter): Promise<ClaimPageRow[]> {
    let q = db
      .selectFrom('claims as c')
      .innerJoin('resources as r', 'r.id', 'c.resource_id')
      .select([
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
      ])
      .where('c.withdrawn_at', 'is', null)
      .where('c.sharing', 'in', f.audience === 'public' ? ['public'] : ['public', 'members']);
    if (f.confirmedOnly) q = q.where('r.status', 'in', ['confirmed', 'disposed']);
    if (f.changedAfter !== undefined) q = q.where('c.updated_at', '>', f.changedAfter);
    const after = f.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('c.updated_at', '>', after.updatedAt),
          eb.and([eb('c.updated_at', '=', after.updatedAt), eb('c.id', '>', after.id)]),
        ]),
      );
    const rows = await q.orderBy('c.updated_at').orderBy('c.id').limit(f.limit).execute();
    return rows.map((r) => ({
      ...r,
      rowId: Number(r.rowId),
      resourceId: Number(r.resourceId),
      type: r.type as ResourceType,
      verdict: r.verdict as ClaimVerdict,
      sharing: r.sharing === 'public' ? 'public' : 'members',
      confidence: Number(r.confidence),
      createdAt: Number(r.createdAt),
      updatedAt: Number(r.updatedAt),
      validUntil: r.validUntil === null ? null : Number(r.validUntil),
    }));
  },

  async sightingsOf(
    db: Executor,
    resourceIds: readonly number[],
  ): Promise<Array<{ resourceId: number; org: string; kind: SightingKind; at: number; source: string }>> {
    if (resourceIds.length === 0) return [];
    const rows = await db
      .selectFrom('sightings')
      .select(['resource_id', 'org_id', 'kind', 'at', 'source'])
      .where('resource_id', 'in', resourceIds)
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
      from: { type: ResourceType; normalized: string };
      to: { type: ResourceType; normalized: string };
      kind: string;
      org: string;
      createdAt: number;
    }>
  > {
    if (resourceIds.length === 0) return [];
    const rows = await db
      .selectFrom('links as l')
      .innerJoin('resources as f', 'f.id', 'l.from_id')
      .innerJoin('resources as t', 't.id', 'l.to_id')
      .select([
        'f.type as fromType',
        'f.normalized as fromValue',
        't.type as toType',
        't.normalized as toValue',
        'l.kind as kind',
        'l.org_id as org',
        'l.created_at as createdAt',
      ])
      .where('l.from_id', 'in', resourceIds)
      .execute();
    return rows.map((r) => ({
      from: { type: r.fromType as ResourceType, normalized: r.fromValue },
      to: { type: r.toType as ResourceType, normalized: r.toValue },
      kind: r.kind,
      org: r.org,
      createdAt: Number(r.createdAt),
    }));
  },
});

export type FederationRepository = ReturnType<typeof federationRepository>;
