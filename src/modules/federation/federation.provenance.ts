/**
 * Provenance of what peers send. A claim names the instance and organisation it originated at; here it
 * is written as the claim of a local stand-in for that organisation (`peer:<instance>:<org>`, with the
 * origin's reliability), keyed like every claim by value × organisation × source. So the same claim
 * brought by two paths (straight from a province, and again through the national instance) is one row
 * and counts once in cross-verification, while claims of two provinces stay two independent sources.
 * A claim that originated at this instance and comes back is an echo and is dropped; one already held
 * unchanged is not written again. Confirmations (the origin's review found the value fraudulent) and
 * national decisions (pins, allow-list entries) act only when the sender is trusted with them.
 */
import type { Db, Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError } from '../../shared/errors.ts';
import type { ClaimSinkIn, Committed, LibraryDecisions, LibraryWriter } from '../library/library.port.ts';

/** What federation needs of the library: the intake in a transaction, lifecycle moves, pins and allow entries. */
export type FederationLibrary = LibraryWriter & ClaimSinkIn & LibraryDecisions;
import type { ClaimInput, LinkInput, ResourceRecord, ResourceType } from '../library/library.types.ts';
import type { Origin } from './federation.stix.ts';

/** What a sender is trusted with beyond claims, and who it is (for the audit log). */
export interface Trust {
  /** Confirmations move the value to `confirmed` here (peers whose reviews this instance accepts). */
  readonly confirmations: boolean;
  /** Pins and allow-list entries are applied here (the configured upstream: the national instance). */
  readonly authority: boolean;
  /** The actor named in the audit log for what the sender's data changes: `federation:<peer>`. */
  readonly by: string;
  /**
   * The instances whose withdrawals the sender may carry: its own (a peer revokes only its own claims),
   * or `any` for the upstream, which relays what its other peers withdrew there.
   */
  readonly revokes?: 'any' | readonly string[];
}

/** A claim its origin withdrew: the origin organisation's claim of this source on this value. */
export interface Revocation {
  readonly origin: Origin;
  readonly source: string;
  readonly type: ResourceType;
  readonly value: string;
}

/** A claim its producer revoked in a bundle from outside the federation: the importer's own, by source. */
export type OwnRevocation = Omit<Revocation, 'origin'>;

/** An organisation of another instance, with the name its identity carries. */
export interface OriginOf {
  readonly origin: Origin;
  readonly name: string;
}

export interface FederatedClaim {
  readonly origin: Origin;
  /** The origin organisation's name, from the identity that created the claim. */
  readonly name: string;
  readonly reliability: number;
  readonly confirmed: boolean;
  readonly claim: ClaimInput;
}

export interface AuthorityInput {
  readonly kind: 'pin' | 'allow' | 'release';
  readonly type: ResourceType;
  readonly value: string;
  readonly verdict: 'fraud' | 'suspicious' | 'allowed' | 'unknown';
  readonly overridesAllow: boolean;
  readonly label: string;
  readonly reason: string;
  /** The instance that decided it. */
  readonly origin: string;
  /** The pin was lifted or the allow-list entry removed. */
  readonly revoked?: boolean;
}

const PLATFORM_ORG = 'org_platform';

/** The local organisation that stands for an organisation of another instance. */
export const standInId = (o: Origin): string => `peer:${o.instance}:${o.org}`;

export const standIn = (orgId: string, by: string): Actor => ({
  orgId,
  orgKind: 'public',
  actor: by,
  role: 'reporter',
});

/** The regulator's analysts' rights, used for what a trusted peer decides (named in the audit log). */
const trustedActor = (by: string): Actor => ({
  orgId: PLATFORM_ORG,
  orgKind: 'regulator',
  actor: by,
  role: 'analyst',
});

/**
 * The stand-in of an origin organisation, made on first sight. A claim brings the origin's reliability
 * and keeps it current; a sighting or a link brings none (a new stand-in then starts at 0.5).
 */
export const ensureStandIn = async (
  tx: Executor,
  c: { origin: Origin; name: string; reliability?: number },
  now: number,
): Promise<string> => {
  const id = standInId(c.origin);
  const reliability = Math.min(1, Math.max(0, c.reliability ?? 0.5));
  const held = await tx
    .selectFrom('organisations')
    .select(['reliability', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!held) {
    await tx
      .insertInto('organisations')
      .values({
        id,
        name: c.name.slice(0, 200),
        kind: 'public',
        region: c.origin.instance,
        reliability,
        parent_id: null,
        created_at: now,
      })
      .execute();
    await tx
      .insertInto('federation_origins')
      .values({ org_id: id, instance: c.origin.instance, origin_org: c.origin.org })
      .execute();
  } else if (c.reliability !== undefined && Number(held.reliability) !== reliability) {
    await tx.updateTable('organisations').set({ reliability }).where('id', '=', id).execute();
  }
  return id;
};

const claimKey = (orgId: string, source: string, type: string, normalized: string): string =>
  `${orgId}\u0000${source}\u0000${type}\u0000${normalized}`;

interface HeldClaim {
  verdict: string;
  fraudType: string | null;
  confidence: number;
  sharing: string;
  validUntil: number | null;
}

/**
 * The claims of these stand-ins already held on these values, by organisation × source × value. The
 * values are found by type and value first (the unique index), then their claims by value: read by
 * organisation, a stand-in's claims would be scanned whole for every page.
 */
const heldClaims = async (
  tx: Executor,
  orgIds: readonly string[],
  values: ReadonlyArray<{ type: string; value: string }>,
): Promise<Map<string, HeldClaim>> => {
  const out = new Map<string, HeldClaim>();
  if (orgIds.length === 0) return out;
  const byType = new Map<string, string[]>();
  for (const v of values) byType.set(v.type, [...(byType.get(v.type) ?? []), v.value]);
  const resources = new Map<number, { type: string; normalized: string }>();
  for (const [type, list] of byType)
    for (let i = 0; i < list.length; i += 1000) {
      const rows = await tx
        .selectFrom('resources')
        .select(['id', 'normalized'])
        .where('type', '=', type)
        .where('normalized', 'in', list.slice(i, i + 1000))
        .execute();
      for (const r of rows) resources.set(Number(r.id), { type, normalized: r.normalized });
    }
  const ids = [...resources.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await tx
      .selectFrom('claims')
      .select([
        'resource_id',
        'org_id',
        'source',
        'verdict',
        'fraud_type',
        'confidence',
        'sharing',
        'valid_until',
      ])
      .where('resource_id', 'in', ids.slice(i, i + 1000))
      .where('org_id', 'in', orgIds)
      .where('withdrawn_at', 'is', null)
      .execute();
    for (const r of rows) {
      const v = resources.get(Number(r.resource_id));
      if (!v) continue;
      out.set(claimKey(r.org_id, r.source, v.type, v.normalized), {
        verdict: r.verdict,
        fraudType: r.fraud_type,
        confidence: Number(r.confidence),
        sharing: r.sharing,
        validUntil: r.valid_until === null ? null : Number(r.valid_until),
      });
    }
  }
  return out;
};

/** Claims and links written as a stand-in; the first one the library refuses fails the whole import. */
const submitAs = async (
  tx: Executor,
  library: FederationLibrary,
  actor: Actor,
  claims: readonly ClaimInput[],
  links: readonly LinkInput[],
) => {
  const r = await library.submitClaimsIn(tx, actor, claims, links);
  const first = r.result.rejected[0];
  if (first) throw new DomainError('invalid_input', first.message, first.field);
  return r;
};

/** The allow-list entry on a value, and who made it. */
const allowEntryOf = (tx: Executor, v: { type: ResourceType; value: string }) =>
  tx
    .selectFrom('allow_entries')
    .select('created_by')
    .where('type', '=', v.type)
    .where('normalized', '=', v.value)
    .executeTakeFirst();

/**
 * Writes peers' claims inside the caller's transaction: echoes dropped, unchanged claims skipped, the
 * rest as their origin organisation's stand-in; then the confirmations a trusted sender reports.
 */
export const importFederated = async (
  tx: Executor,
  library: FederationLibrary,
  instance: string,
  claims: readonly FederatedClaim[],
  trust: Trust,
): Promise<{ accepted: number; dropped: number; changed: ResourceRecord[] }> => {
  const now = Date.now();
  let dropped = 0;
  const fresh: Array<FederatedClaim & { orgId: string; normalized: string }> = [];
  const orgOf = new Map<string, string>();
  for (const c of claims) {
    if (c.origin.instance === instance) {
      dropped++;
      continue;
    }
    const key = standInId(c.origin);
    let orgId = orgOf.get(key);
    if (orgId === undefined) {
      orgId = await ensureStandIn(tx, c, now);
      orgOf.set(key, orgId);
    }
    fresh.push({ ...c, orgId, normalized: c.claim.value });
  }
  const held = await heldClaims(
    tx,
    [...orgOf.values()],
    fresh.map((c) => ({ type: c.claim.type, value: c.normalized })),
  );
  const byOrg = new Map<string, ClaimInput[]>();
  for (const c of fresh) {
    const h = held.get(claimKey(c.orgId, c.claim.source, c.claim.type, c.normalized));
    if (
      h &&
      h.verdict === c.claim.verdict &&
      (h.fraudType ?? undefined) === (c.claim.fraudType ?? undefined) &&
      Math.abs(h.confidence - c.claim.confidence) < 0.005 &&
      h.sharing === (c.claim.sharing ?? 'members') &&
      (h.validUntil ?? undefined) === (c.claim.validUntil ?? undefined)
    ) {
      dropped++;
      continue;
    }
    const list = byOrg.get(c.orgId) ?? [];
    list.push(c.claim);
    byOrg.set(c.orgId, list);
  }
  let accepted = 0;
  const changed: ResourceRecord[] = [];
  for (const [orgId, list] of byOrg) {
    const r = await submitAs(tx, library, standIn(orgId, trust.by), list, []);
    accepted += r.result.accepted;
    changed.push(...r.changed);
  }
  if (trust.confirmations) {
    const confirmed = new Map<string, FederatedClaim>();
    for (const c of fresh) if (c.confirmed) confirmed.set(`${c.claim.type}\u0000${c.claim.value}`, c);
    for (const c of confirmed.values()) {
      const r = await tx
        .selectFrom('resources')
        .select(['id', 'status'])
        .where('type', '=', c.claim.type)
        .where('normalized', '=', c.claim.value)
        .executeTakeFirst();
      if (!r || !['reported', 'under_review', 'expired'].includes(r.status)) continue;
      changed.push(
        ...(await library.transitionIn(
          tx,
          trustedActor(trust.by),
          Number(r.id),
          'confirmed',
          `confirmed at ${c.origin.instance} by ${c.name}`,
        )),
      );
    }
  }
  return { accepted, dropped, changed };
};

/**
 * Writes peers' links as their origin organisation's stand-in's, inside the caller's transaction; links
 * made at this instance that come back are dropped.
 */
export const importFederatedLinks = async (
  tx: Executor,
  library: FederationLibrary,
  instance: string,
  links: ReadonlyArray<OriginOf & { link: LinkInput }>,
  trust: Trust,
): Promise<ResourceRecord[]> => {
  const byOrg = new Map<string, LinkInput[]>();
  const now = Date.now();
  for (const l of links) {
    if (l.origin.instance === instance) continue;
    const orgId = await ensureStandIn(tx, l, now);
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), l.link]);
  }
  const changed: ResourceRecord[] = [];
  for (const [orgId, list] of byOrg) {
    changed.push(...(await submitAs(tx, library, standIn(orgId, trust.by), [], list)).changed);
  }
  return changed;
};

/**
 * Withdraws the claims their origin withdrew, each as its stand-in organisation, inside the caller's
 * transaction. A revocation of this instance's own claim, or of another instance's claim by a sender not
 * trusted to carry it, is dropped.
 */
export const applyRevocations = async (
  tx: Executor,
  library: FederationLibrary,
  instance: string,
  revocations: readonly Revocation[],
  trust: Trust,
): Promise<{ applied: number; dropped: number; committed: Committed[] }> => {
  let applied = 0;
  let dropped = 0;
  const committed: Committed[] = [];
  const may = trust.revokes ?? [];
  for (const r of revocations) {
    if (r.origin.instance === instance || (may !== 'any' && !may.includes(r.origin.instance))) {
      dropped++;
      continue;
    }
    const orgId = standInId(r.origin);
    const held = await heldClaimId(tx, orgId, r);
    if (held === undefined) continue;
    committed.push(
      await library.withdrawClaimIn(tx, standIn(orgId, trust.by), held, `withdrawn at ${r.origin.instance}`),
    );
    applied++;
  }
  return { applied, dropped, committed };
};

/** The claim an organisation holds, not withdrawn, from this source on this value. */
const heldClaimId = async (tx: Executor, orgId: string, r: OwnRevocation): Promise<number | undefined> => {
  const held = await tx
    .selectFrom('claims as c')
    .innerJoin('resources as v', 'v.id', 'c.resource_id')
    .select('c.id')
    .where('v.type', '=', r.type)
    .where('v.normalized', '=', r.value)
    .where('c.org_id', '=', orgId)
    .where('c.source', '=', r.source)
    .where('c.withdrawn_at', 'is', null)
    .executeTakeFirst();
  return held ? Number(held.id) : undefined;
};

/**
 * Withdraws the importing organisation's own claims that a bundle from outside the federation revokes
 * (a revoked indicator or opinion without fanzha's origin): its claim from that bundle source on that
 * value, which the same producer's earlier bundle made. Nothing happens where it holds none.
 */
export const withdrawOwn = async (
  tx: Executor,
  library: FederationLibrary,
  actor: Actor,
  revocations: readonly OwnRevocation[],
): Promise<Committed[]> => {
  const committed: Committed[] = [];
  for (const r of revocations) {
    const held = await heldClaimId(tx, actor.orgId, r);
    if (held !== undefined)
      committed.push(await library.withdrawClaimIn(tx, actor, held, 'revoked by its STIX producer'));
  }
  return committed;
};

/**
 * Applies a trusted upstream's pins and allow-list entries that differ from what this instance holds,
 * inside the caller's transaction.
 */
export const applyAuthority = async (
  tx: Executor,
  library: FederationLibrary,
  instance: string,
  decisions: readonly AuthorityInput[],
  trust: Trust,
): Promise<{ applied: number; committed: Committed[] }> => {
  const actor = trustedActor(trust.by);
  const committed: Committed[] = [];
  for (const d of decisions) {
    if (d.origin === instance) continue;
    if (d.kind === 'release' || d.revoked) {
      const c = await applyRemoval(tx, library, actor, d);
      if (c) committed.push(c);
      continue;
    }
    if (d.kind === 'pin') {
      const r = await tx
        .selectFrom('resources')
        .select(['pin_verdict', 'pin_overrides_allow'])
        .where('type', '=', d.type)
        .where('normalized', '=', d.value)
        .executeTakeFirst();
      if (r && r.pin_verdict === d.verdict && (r.pin_overrides_allow === 1) === d.overridesAllow) continue;
      committed.push(
        await library.pinIn(
          tx,
          actor,
          d.type,
          d.value,
          d.verdict,
          `${d.reason} (${d.origin})`,
          d.overridesAllow,
        ),
      );
    } else {
      if (await allowEntryOf(tx, d)) continue;
      committed.push(await library.allowIn(tx, actor, d.type, d.value, d.label, `${d.reason} (${d.origin})`));
    }
  }
  return { applied: committed.length, committed };
};

/**
 * An upstream's unpin, allow-list removal or release. Only what came from a peer is undone here (a pin
 * or entry this instance's own analysts made stays); a release is a lifecycle move, skipped where the
 * value's state has no way to `released`. What changed, or undefined when nothing did.
 */
const applyRemoval = async (
  tx: Executor,
  library: FederationLibrary,
  actor: Actor,
  d: AuthorityInput,
): Promise<Committed | undefined> => {
  const reason = `${d.reason} (${d.origin})`;
  const r = await tx
    .selectFrom('resources')
    .select(['id', 'status', 'pin_by'])
    .where('type', '=', d.type)
    .where('normalized', '=', d.value)
    .executeTakeFirst();
  if (d.kind === 'pin') {
    if (!r?.pin_by?.startsWith('federation:')) return undefined;
    return library.unpinIn(tx, actor, d.type, d.value, reason);
  }
  if (d.kind === 'allow') {
    const held = await allowEntryOf(tx, d);
    if (!held?.created_by.startsWith('federation:')) return undefined;
    return library.disallowIn(tx, actor, d.type, d.value, reason);
  }
  if (!r || r.status === 'released') return undefined;
  try {
    // The move is checked before anything is written, so a refusal leaves the transaction clean.
    return { changed: await library.transitionIn(tx, actor, Number(r.id), 'released', reason) };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'invalid_transition') return undefined;
    throw e;
  }
};

/** Where a stand-in organisation's claims came from, or undefined for this instance's own organisations. */
export const findOrigin = async (db: Db, orgId: string): Promise<Origin | undefined> => {
  const r = await db
    .selectFrom('federation_origins')
    .select(['instance', 'origin_org'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return r ? { instance: r.instance, org: r.origin_org } : undefined;
};
