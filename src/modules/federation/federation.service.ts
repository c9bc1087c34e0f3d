/**
 * STIX 2.1 in and out of the library. Export reads shared claims page by page (private claims never
 * leave) with the values, sightings and links they refer to; import checks a whole bundle — every object
 * against the OASIS schemas and fanzha's extension schemas, every reference, every value through the
 * library's normalisers — before writing any of it, so a bundle is written whole or not at all.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError } from '../../shared/errors.ts';
import { may, requireMay } from '../../shared/policy.ts';
import { uuidV5 } from '../library/io/stix.ts';
import type { Committed } from '../library/library.port.ts';
import type {
  ClaimInput,
  ClaimVerdict,
  LinkInput,
  ResourceType,
  SightingKind,
} from '../library/library.types.ts';
import type { ClaimCursor, ClaimFilter, FederationRepository } from './federation.repository.ts';
import {
  applyAuthority,
  applyRevocations,
  ensureStandIn,
  findOrigin,
  importFederatedLinks,
  standIn,
  standInId,
  importFederated,
  withdrawOwn,
  type AuthorityInput,
  type FederatedClaim,
  type OriginOf,
  type OwnRevocation,
  type Revocation,
  type Trust,
  type FederationLibrary,
} from './federation.provenance.ts';
import {
  authorityObject,
  CLAIM_EXTENSION,
  claimId,
  claimObject,
  extensionDefinitions,
  identityObject,
  patternValue,
  relationshipObject,
  resourceTypeOf,
  sharingOfMarkings,
  sightingObject,
  valueObject,
  type StixObject,
} from './federation.stix.ts';
import type { StixValidator } from './federation.validate.ts';

/** The platform organisation: national decisions (pins, allow entries) are its. */
const PLATFORM_ORG = 'org_platform';

/** The most objects one bundle may carry; larger exchanges are paged. */
export const MAX_BUNDLE_OBJECTS = 10_000;

export interface FederationDeps {
  readonly db: Db;
  readonly repo: FederationRepository;
  readonly library: FederationLibrary;
  readonly validator: StixValidator;
  readonly organisationNames: () => Promise<ReadonlyMap<string, string>>;
  /** This instance's name in the federation. */
  readonly instance: string;
}

export interface ObjectsPage {
  readonly objects: StixObject[];
  /** When each object was last changed (epoch ms), parallel to `objects`. */
  readonly added: number[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: ClaimCursor;
}

export interface ImportResult {
  readonly objects: number;
  readonly claims: number;
  readonly links: number;
  readonly sightings: number;
  /** Claims that originated here and came back (echoes), or that this instance already held unchanged. */
  readonly dropped: number;
  /** Pins and allow-list entries applied from a sender trusted for authority. */
  readonly authority: number;
  /** Claims withdrawn because their origin withdrew them. */
  readonly revoked: number;
}

export interface ImportOptions {
  /** What the sender is trusted with beyond claims. */
  readonly trust?: Trust;
  /** Runs inside the import's transaction after its writes (a sync's checkpoint). */
  readonly inTransaction?: (tx: Executor) => Promise<void>;
}

const invalid = (object: string, field: string, message: string): DomainError =>
  new DomainError('invalid_input', `${object}: ${field} ${message}`, `objects[${object}].${field}`);

interface ClaimExtension {
  verdict?: ClaimVerdict;
  fraud_type?: string;
  source?: string;
  sharing?: 'members' | 'public';
  sighting_kind?: SightingKind;
  origin_org?: string;
  origin_instance?: string;
  origin_reliability?: number;
  confirmed?: boolean;
  authority?: 'pin' | 'allow' | 'release';
  pin_verdict?: 'fraud' | 'suspicious' | 'allowed' | 'unknown';
  overrides_allow?: boolean;
  label?: string;
  reason?: string;
  valid_until?: string;
}

/** A sighting a bundle carries, at the time it was made, and (made at another instance) its origin. */
interface PlannedSighting {
  readonly type: ResourceType;
  readonly value: string;
  readonly kind: SightingKind;
  readonly source: string;
  readonly at: number;
  readonly from?: OriginOf;
}

/** A checked bundle, as the library writes it. */
interface ImportPlan {
  readonly claims: ClaimInput[];
  readonly federated: FederatedClaim[];
  readonly revocations: Revocation[];
  readonly ownRevocations: OwnRevocation[];
  readonly authority: AuthorityInput[];
  readonly links: LinkInput[];
  readonly federatedLinks: Array<OriginOf & { link: LinkInput }>;
  readonly sightings: PlannedSighting[];
  readonly objects: number;
}

const groupBy = <T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> => {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
};

const extensionOf = (o: Record<string, unknown>): ClaimExtension | undefined =>
  (o.extensions as Record<string, ClaimExtension> | undefined)?.[CLAIM_EXTENSION];

export const createFederationService = (deps: FederationDeps) => {
  const { db, repo, library, validator } = deps;

  /**
   * One page of a collection's content as STIX objects: claims in the order they changed, each with its
   * value and the identity behind it, and with the first claim on a value its newest sightings and links.
   * A page holds at most `maxObjects` objects (a peer imports it as one bundle): it ends early, before
   * the claim that would take it over (a first claim is always held), and `next` names the last claim
   * it holds.
   */
  const page = async (filter: ClaimFilter, maxObjects = MAX_BUNDLE_OBJECTS): Promise<ObjectsPage> => {
    const rows = await repo.claimPage(db, { ...filter, limit: filter.limit + 1 });
    let more = rows.length > filter.limit;
    const claims = rows.slice(0, filter.limit);
    const ids = [...new Set(claims.map((c) => c.resourceId))];
    const names = await deps.organisationNames();
    const origins = await repo.origins(db);
    const originOf = (org: string) => origins.get(org) ?? { instance: deps.instance, org };
    const sightingsOf = groupBy(await repo.sightingsOf(db, ids), (s) => s.resourceId);
    const linksOf = groupBy(await repo.linksOf(db, ids), (l) => l.fromId);
    const objects: StixObject[] = [];
    const added: number[] = [];
    const seen = new Set<string>();
    const indicatorOf = new Set<number>();
    const linked = new Set<number>();
    let last: (typeof claims)[number] | undefined;
    for (const c of claims) {
      // What this claim brings: itself, its value and creator, and (first on its value) the value's
      // sightings and links, each with the identity of its organisation.
      const bring: Array<[StixObject, number]> = [
        [identityObject(c.origin, names.get(c.org) ?? c.org), c.updatedAt],
        [valueObject(c.type, c.normalized), c.updatedAt],
      ];
      const o = claimObject(c);
      bring.push([o, c.updatedAt]);
      if (o.type === 'indicator' && !indicatorOf.has(c.resourceId)) {
        indicatorOf.add(c.resourceId);
        for (const s of sightingsOf.get(c.resourceId) ?? []) {
          const org = originOf(s.org);
          bring.push([identityObject(org, names.get(s.org) ?? s.org), s.at]);
          bring.push([
            sightingObject({ ...s, org, type: c.type, normalized: c.normalized, indicatorId: o.id }),
            s.at,
          ]);
        }
      }
      if (!linked.has(c.resourceId)) {
        linked.add(c.resourceId);
        for (const l of linksOf.get(c.resourceId) ?? []) {
          const org = originOf(l.org);
          bring.push([identityObject(org, names.get(l.org) ?? l.org), l.createdAt]);
          bring.push([valueObject(l.to.type, l.to.normalized), l.createdAt]);
          bring.push([relationshipObject({ ...l, org }), l.createdAt]);
        }
      }
      const ids = new Set<string>();
      const fresh = bring.filter(([b]) => !seen.has(b.id) && !ids.has(b.id) && ids.add(b.id));
      if (last && objects.length + fresh.length > maxObjects) {
        more = true;
        break;
      }
      for (const [b, at] of fresh) {
        seen.add(b.id);
        objects.push(b);
        added.push(at);
      }
      last = c;
    }
    return {
      objects,
      added,
      ...(more && last ? { next: { updatedAt: last.updatedAt, id: last.rowId } } : {}),
    };
  };

  /** Checks a whole bundle and turns it into library writes; throws on the first problem. */
  const plan = (bundle: unknown): ImportPlan => {
    if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle))
      throw new DomainError('invalid_input', 'the body must be a STIX bundle object', 'type');
    const b = bundle as { type?: unknown; id?: unknown; objects?: unknown };
    if (b.type !== 'bundle') throw new DomainError('invalid_input', 'type must be "bundle"', 'type');
    if (
      typeof b.id !== 'string' ||
      !/^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(b.id)
    )
      throw new DomainError('invalid_input', 'id must be bundle--<UUID>', 'id');
    const list = b.objects ?? [];
    if (!Array.isArray(list)) throw new DomainError('invalid_input', 'objects must be an array', 'objects');
    if (list.length > MAX_BUNDLE_OBJECTS)
      throw new DomainError(
        'payload_too_large',
        `a bundle may carry at most ${MAX_BUNDLE_OBJECTS} objects; send ${list.length} in several`,
        'objects',
      );
    const objects = list as Array<Record<string, unknown>>;
    objects.forEach((o, i) => {
      const problem = validator.check(o, i)[0];
      if (problem) throw invalid(problem.object, problem.field, problem.message);
    });
    const values = new Map<string, { type: ResourceType; value: string }>();
    const byId = new Map<string, Record<string, unknown>>();
    for (const o of objects) {
      byId.set(o.id as string, o);
      const type = resourceTypeOf(o.type as string);
      if (type && typeof o.value === 'string') values.set(o.id as string, { type, value: o.value });
    }
    const normalised = (id: string, field: string, v: { type: ResourceType; value: string }) => {
      try {
        return { type: v.type, value: library.normalize(v.type, v.value, field).normalized };
      } catch (e) {
        throw invalid(id, field, e instanceof Error ? e.message : 'is not a valid value');
      }
    };
    const claims: ClaimInput[] = [];
    const federated: FederatedClaim[] = [];
    const revocations: Revocation[] = [];
    const ownRevocations: OwnRevocation[] = [];
    const authority: AuthorityInput[] = [];
    const identityNames = new Map<string, string>();
    for (const o of objects)
      if (o.type === 'identity' && typeof o.name === 'string') identityNames.set(o.id as string, o.name);
    const links: LinkInput[] = [];
    const federatedLinks: Array<OriginOf & { link: LinkInput }> = [];
    const sightings: PlannedSighting[] = [];
    /** The organisation of another instance a sighting or link names as its origin, if it names one. */
    const originOf = (o: Record<string, unknown>): OriginOf | undefined => {
      const ext = extensionOf(o);
      if (!ext?.origin_instance || !ext.origin_org) return undefined;
      return {
        origin: { instance: ext.origin_instance, org: ext.origin_org },
        name: identityNames.get(String(o.created_by_ref)) ?? ext.origin_org,
      };
    };
    const indicatorValue = new Map<string, { type: ResourceType; value: string }>();
    for (const o of objects) {
      const id = o.id as string;
      if (o.type !== 'indicator' && o.type !== 'opinion') continue;
      let target: { type: ResourceType; value: string };
      let verdict: ClaimVerdict;
      const ext = extensionOf(o) ?? {};
      if (o.type === 'indicator') {
        const p = patternValue(String(o.pattern));
        if ('problem' in p) throw invalid(id, 'pattern', p.problem);
        const type = resourceTypeOf(p.scoType);
        if (!type) throw invalid(id, 'pattern', `names ${p.scoType}, which is no fanzha value type`);
        target = normalised(id, 'pattern', { type, value: p.value });
        indicatorValue.set(id, target);
        const types = (o.indicator_types as string[] | undefined) ?? [];
        verdict = ext.verdict ?? (types.includes('malicious-activity') ? 'fraud' : 'suspicious');
        if (verdict === 'benign')
          throw invalid(id, 'indicator_types', 'a benign claim travels as an opinion');
      } else {
        const ref = (o.object_refs as string[])[0] ?? '';
        const v = values.get(ref);
        if (!v) throw invalid(id, 'object_refs', `names ${ref}, which is no value in the bundle`);
        target = normalised(id, 'object_refs', v);
        verdict = ext.verdict ?? (String(o.opinion).endsWith('disagree') ? 'benign' : 'suspicious');
      }
      const sharing = sharingOfMarkings(o.object_marking_refs as string[] | undefined);
      if (!sharing)
        throw invalid(
          id,
          'object_marking_refs',
          'is TLP:AMBER, TLP:AMBER+STRICT or TLP:RED, which fanzha does not share',
        );
      if (ext.authority) {
        if (!ext.origin_instance) throw invalid(id, 'extensions', 'a decision must name its origin_instance');
        authority.push({
          kind: ext.authority,
          type: target.type,
          value: target.value,
          verdict:
            ext.pin_verdict ??
            (o.type === 'opinion' ? 'allowed' : verdict === 'fraud' ? 'fraud' : 'suspicious'),
          overridesAllow: ext.overrides_allow === true,
          label: ext.label ?? ext.reason ?? 'allowed by the federation',
          reason: ext.reason || `decided at ${ext.origin_instance}`,
          origin: ext.origin_instance,
          ...(o.revoked === true ? { revoked: true } : {}),
        });
        continue;
      }
      if (o.revoked === true) {
        // A withdrawn claim: another instance's, which names its origin, or one the importing
        // organisation made from an earlier bundle of the same source.
        if (ext.origin_instance && ext.origin_org)
          revocations.push({
            origin: { instance: ext.origin_instance, org: ext.origin_org },
            source: ext.source ?? 'stix',
            type: target.type,
            value: target.value,
          });
        else
          ownRevocations.push({
            source: `stix:${ext.source ?? 'bundle'}`,
            type: target.type,
            value: target.value,
          });
        continue;
      }
      const until = ext.valid_until ?? (o.valid_until as string | undefined);
      const base = {
        type: target.type,
        value: target.value,
        verdict,
        fraudType: ext.fraud_type,
        confidence: typeof o.confidence === 'number' ? o.confidence / 100 : 0.5,
        sharing,
        validUntil: until ? Date.parse(until) : undefined,
      };
      if (ext.origin_instance && ext.origin_org) {
        // Another instance's claim keeps its source, so every path that brings it names the same claim.
        federated.push({
          origin: { instance: ext.origin_instance, org: ext.origin_org },
          name: identityNames.get(String(o.created_by_ref)) ?? ext.origin_org,
          reliability: ext.origin_reliability ?? 0.5,
          confirmed: ext.confirmed === true,
          claim: { ...base, source: ext.source ?? 'stix', evidence: { stix_id: id } },
        });
        continue;
      }
      claims.push({
        ...base,
        source: `stix:${ext.source ?? 'bundle'}`,
        evidence: {
          stix_id: id,
          created_by_ref: o.created_by_ref ?? null,
          origin_org: ext.origin_org ?? null,
          origin_instance: ext.origin_instance ?? null,
        },
      });
    }
    for (const o of objects) {
      const id = o.id as string;
      if (o.type === 'relationship') {
        const from = values.get(String(o.source_ref));
        const to = values.get(String(o.target_ref));
        if (!from) throw invalid(id, 'source_ref', 'names no value in the bundle');
        if (!to) throw invalid(id, 'target_ref', 'names no value in the bundle');
        const link = {
          from: normalised(id, 'source_ref', from),
          to: normalised(id, 'target_ref', to),
          kind: String(o.relationship_type).replace(/-/g, '_'),
          evidence: { stix_id: id },
        };
        const origin = originOf(o);
        if (origin) federatedLinks.push({ ...origin, link });
        else links.push(link);
      } else if (o.type === 'sighting') {
        const target = indicatorValue.get(String(o.sighting_of_ref));
        if (!target) throw invalid(id, 'sighting_of_ref', 'names no indicator in the bundle');
        const ext = extensionOf(o);
        const origin = originOf(o);
        // A sighting keeps the time it was made, so the same sighting read again is recorded once.
        const seen = Date.parse(String(o.first_seen ?? o.created));
        sightings.push({
          ...target,
          kind: ext?.sighting_kind ?? 'seen',
          source: `stix:${ext?.source ?? 'bundle'}`,
          at: Number.isFinite(seen) ? seen : Date.parse(String(o.created)),
          ...(origin ? { from: origin } : {}),
        });
      }
    }
    return {
      claims,
      federated,
      revocations,
      ownRevocations,
      authority,
      links,
      federatedLinks,
      sightings,
      objects: objects.length,
    };
  };

  return {
    /** The extension definitions every bundle starts with. */
    extensionDefinitions,

    page,

    /** A whole export (for `fanzha export`-style use and the tests): every shared claim, as one bundle. */
    async bundle(actor: Actor, filter: Omit<ClaimFilter, 'limit' | 'after'>): Promise<StixObject> {
      requireMay(actor, filter.audience === 'public' ? 'federation.read.public' : 'federation.read');
      const objects: StixObject[] = [...extensionDefinitions()];
      const seen = new Set(objects.map((o) => o.id));
      let after: ClaimCursor | undefined;
      for (;;) {
        const p = await page({ ...filter, limit: 500, ...(after ? { after } : {}) });
        for (const o of p.objects) {
          if (seen.has(o.id)) continue;
          seen.add(o.id);
          objects.push(o);
        }
        if (!p.next) break;
        after = p.next;
      }
      return {
        type: 'bundle',
        id: `bundle--${uuidV5(objects.map((o) => o.id).join(','))}`,
        objects,
      };
    },

    /**
     * Imports a STIX bundle: claims that name their origin (another instance's organisation) as that
     * organisation's, once however many paths bring them; the others as the actor's organisation's.
     * Claims, links, sightings, withdrawals, the confirmations and (from a trusted upstream) the national
     * decisions the bundle carries are written in one transaction, with the caller's `inTransaction`.
     */
    async importBundle(actor: Actor, bundle: unknown, options: ImportOptions = {}): Promise<ImportResult> {
      requireMay(actor, 'claims.submit');
      const p = plan(bundle);
      const trust = options.trust ?? { confirmations: false, authority: false, by: actor.actor };
      // Everything the bundle carries commits together with the caller's checkpoint: a process killed
      // mid-import leaves the page unread, and reading it again changes nothing twice.
      const out = await db.transaction().execute(async (tx) => {
        const own = await library.submitClaimsIn(tx, actor, p.claims, p.links);
        const first = own.result.rejected[0];
        if (first) throw new DomainError('invalid_input', first.message, first.field);
        const fed = await importFederated(tx, library, deps.instance, p.federated, trust);
        const linked = await importFederatedLinks(tx, library, deps.instance, p.federatedLinks, trust);
        const revoked = await applyRevocations(tx, library, deps.instance, p.revocations, trust);
        const committed: Committed[] = [{ changed: [...own.changed, ...fed.changed, ...linked] }];
        committed.push(...revoked.committed);
        // The importer's own claims a plain STIX producer revoked, where it may withdraw them.
        const mayWithdraw = may(actor, 'claims.withdraw');
        const withdrawn = mayWithdraw ? await withdrawOwn(tx, library, actor, p.ownRevocations) : [];
        committed.push(...withdrawn);
        const standIns = new Map<string, string>();
        for (const s of p.sightings) {
          // A sighting made at another instance is that organisation's stand-in's; one made here came back.
          if (s.from?.origin.instance === deps.instance) continue;
          let by = actor;
          if (s.from) {
            const key = standInId(s.from.origin);
            let orgId = standIns.get(key);
            if (orgId === undefined) standIns.set(key, (orgId = await ensureStandIn(tx, s.from, Date.now())));
            by = standIn(orgId, trust.by);
          }
          committed.push(await library.addSightingIn(tx, by, s.type, s.value, s.kind, null, s.source, s.at));
        }
        const authority = trust.authority
          ? await applyAuthority(tx, library, deps.instance, p.authority, trust)
          : { applied: 0, committed: [] };
        committed.push(...authority.committed);
        await options.inTransaction?.(tx);
        return {
          claims: own.result.accepted + fed.accepted,
          committed,
          dropped:
            fed.dropped +
            revoked.dropped +
            (mayWithdraw ? 0 : p.ownRevocations.length) +
            (trust.authority ? 0 : p.authority.length),
          authority: authority.applied,
          revoked: revoked.applied + withdrawn.length,
        };
      });
      for (const c of out.committed) library.publish(c);
      return {
        objects: p.objects,
        claims: out.claims,
        links: p.links.length + p.federatedLinks.length,
        sightings: p.sightings.length,
        dropped: out.dropped,
        authority: out.authority,
        revoked: out.revoked,
      };
    },

    /** This instance's own pins and allow-list entries decided after `after` (epoch ms), as STIX. */
    async authorityPage(after: number, limit: number): Promise<ObjectsPage & { last: number }> {
      const rows = await repo.authorityPage(db, after, limit);
      const origin = { instance: deps.instance, org: PLATFORM_ORG };
      const objects: StixObject[] = [];
      const added: number[] = [];
      const names = await deps.organisationNames();
      if (rows.length > 0) {
        objects.push(identityObject(origin, names.get(PLATFORM_ORG) ?? deps.instance));
        added.push(rows[0]?.at ?? after);
      }
      for (const r of rows) {
        objects.push(valueObject(r.type, r.normalized), authorityObject({ ...r, origin }));
        added.push(r.at, r.at);
      }
      return {
        objects,
        added,
        last: rows.at(-1)?.at ?? after,
        ...(rows.length >= limit ? { next: { updatedAt: rows.at(-1)?.at ?? after, id: 0 } } : {}),
      };
    },

    /** Where a claim from a peer came from (its instance and organisation there), if it came from one. */
    findOrigin: (orgId: string) => findOrigin(db, orgId),

    /** The id a claim of this organisation and source on this value has in STIX. */
    claimId,
  };
};

export type FederationService = ReturnType<typeof createFederationService>;
