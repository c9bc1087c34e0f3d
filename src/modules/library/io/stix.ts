/**
 * STIX 2.1 export: one `indicator` per value, with `identity` objects for the organisations that made the
 * claims, in a `bundle`. Ids are UUIDv5 of the value (and of the organisation), so exporting the same
 * library twice gives the same objects and a partner's TAXII store updates rather than duplicates.
 * Types STIX has no observable for (phone, bank account, internet account, app, SMS, device, subject) use
 * custom `x-fanzha-*` object types in the pattern, as the specification allows.
 */
import { createHash } from 'node:crypto';
import type { ResourceType, Verdict } from '../library.types.ts';
import type { ExportRecord } from './export.ts';

/** The namespace of fanzha's UUIDv5 ids (a fixed random UUID). */
export const FANZHA_NAMESPACE = '3b1f9d0e-6c1a-4f7e-9a55-2d8c0e6b7f41';

/** RFC 4122 version-5 UUID (SHA-1 of namespace bytes + name). */
/** A UUID v5 over a name given in pieces (a streamed bundle's object ids); `uuidV5` is the one-piece case. */
/** Namespace bytes by namespace: a federation export hashes several ids per claim. */
const namespaceBytes = new Map<string, Buffer>();
export const uuidV5Builder = (namespace: string = FANZHA_NAMESPACE) => {
  let bytes = namespaceBytes.get(namespace);
  if (!bytes) {
    bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (namespaceBytes.size < 64) namespaceBytes.set(namespace, bytes);
  }
  const sha1 = createHash('sha1').update(bytes);
  return {
    update(piece: string): void {
      sha1.update(piece, 'utf8');
    },
    digest: (): string => uuidOf(sha1.digest()),
  };
};

export const uuidV5 = (name: string, namespace: string = FANZHA_NAMESPACE): string => {
  const b = uuidV5Builder(namespace);
  b.update(name);
  return b.digest();
};

const uuidOf = (hash: Buffer): string => {
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export interface StixIdentity {
  readonly type: 'identity';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: string;
  readonly modified: string;
  readonly name: string;
  readonly identity_class: 'organization';
}

export interface StixIndicator {
  readonly type: 'indicator';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: string;
  readonly modified: string;
  readonly name: string;
  readonly indicator_types: readonly string[];
  readonly pattern: string;
  readonly pattern_type: 'stix';
  readonly pattern_version: '2.1';
  readonly valid_from: string;
  readonly valid_until?: string;
  readonly labels: readonly string[];
  readonly confidence: number;
  readonly created_by_ref?: string;
  readonly x_fanzha_type: ResourceType;
  readonly x_fanzha_status: string;
}

export interface StixBundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects: ReadonlyArray<StixIdentity | StixIndicator>;
}

const OBSERVABLE: Record<ResourceType, string> = {
  url: 'url:value',
  domain: 'domain-name:value',
  ip: 'ipv4-addr:value',
  phone: 'x-fanzha-phone:value',
  bank: 'x-fanzha-bank-account:value',
  account: 'x-fanzha-account:value',
  app: 'x-fanzha-app:value',
  sms: 'x-fanzha-sms:value',
  device: 'x-fanzha-device:value',
  subject: 'x-fanzha-subject:value',
};

/** A STIX string literal: backslash and single quote escaped. */
const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const stixPattern = (type: ResourceType, normalized: string): string => {
  const path = type === 'ip' && normalized.includes(':') ? 'ipv6-addr:value' : OBSERVABLE[type];
  return `[${path} = ${literal(normalized)}]`;
};

const INDICATOR_TYPES: Record<Verdict, readonly string[]> = {
  fraud: ['malicious-activity'],
  suspicious: ['anomalous-activity'],
  allowed: ['benign'],
  unknown: ['unknown'],
};

const iso = (ms: number): string => new Date(ms).toISOString();
export const identityId = (org: string): string => `identity--${uuidV5(`org:${org}`)}`;

export const toStixIndicator = (r: ExportRecord): StixIndicator => {
  const creator = [...r.claims].sort((a, b) => a.createdAt - b.createdAt)[0];
  const untils = r.claims.map((c) => c.validUntil);
  const lastValid =
    untils.every((u): u is number => u !== undefined) && untils.length > 0 ? Math.max(...untils) : undefined;
  const modified = Math.max(r.updatedAt, r.createdAt);
  const labels = [`fanzha-${r.type}`, ...(r.fraudType ? [r.fraudType] : [])];
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidV5(`${r.type}:${r.normalized}`)}`,
    created: iso(r.createdAt),
    modified: iso(modified),
    name: `${r.type} ${r.value}`,
    indicator_types: INDICATOR_TYPES[r.verdict],
    pattern: stixPattern(r.type, r.normalized),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: iso(r.createdAt),
    ...(lastValid !== undefined && lastValid > r.createdAt ? { valid_until: iso(lastValid) } : {}),
    labels,
    confidence: Math.round(Math.min(1, Math.max(0, r.score)) * 100),
    ...(creator ? { created_by_ref: identityId(creator.org) } : {}),
    x_fanzha_type: r.type,
    x_fanzha_status: r.status,
  };
};

/**
 * A bundle of the records' indicators and the identities they refer to. `organisationNames` gives each
 * organisation id its display name (an id without a name is exported under its id).
 */
export const toStixBundle = (
  records: readonly ExportRecord[],
  organisationNames: ReadonlyMap<string, string> = new Map(),
): StixBundle => {
  const indicators = records.map(toStixIndicator);
  const creators = new StixCreators();
  records.forEach((r, i) => creators.add(r, indicators[i]));
  const objects = [...creators.identities(organisationNames), ...indicators];
  return { type: 'bundle', id: `bundle--${uuidV5(objects.map((o) => o.id).join(','))}`, objects };
};

/** The organisations behind a bundle's indicators, gathered record by record, as identity objects. */
export class StixCreators {
  private readonly firstSeen = new Map<string, number>();
  private readonly referenced = new Set<string>();

  add(r: ExportRecord, indicator: StixIndicator | undefined): void {
    for (const c of r.claims)
      this.firstSeen.set(c.org, Math.min(this.firstSeen.get(c.org) ?? Infinity, c.createdAt));
    if (indicator?.created_by_ref) this.referenced.add(indicator.created_by_ref);
  }

  identities(organisationNames: ReadonlyMap<string, string>): StixIdentity[] {
    return [...this.firstSeen.entries()]
      .filter(([org]) => this.referenced.has(identityId(org)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([org, at]) => ({
        type: 'identity',
        spec_version: '2.1',
        id: identityId(org),
        created: iso(at),
        modified: iso(at),
        name: organisationNames.get(org) ?? org,
        identity_class: 'organization',
      }));
  }
}

/**
 * A STIX 2.1 bundle written object by object, so an export of any size holds one record at a time: the
 * indicators as they come, then the identities of the organisations behind them, then the bundle's id
 * (a UUID v5 over every object id in that order, so the same library gives the same id).
 */
export async function* streamStixBundle(
  records: AsyncIterable<ExportRecord>,
  organisationNames: () => Promise<ReadonlyMap<string, string>>,
): AsyncGenerator<string> {
  const creators = new StixCreators();
  const bundleId = uuidV5Builder();
  let first = true;
  const object = (o: StixIndicator | StixIdentity): string => {
    bundleId.update(`${o.id},`);
    const text = `${first ? '' : ',\n'}${JSON.stringify(o)}`;
    first = false;
    return text;
  };
  yield '{"type":"bundle","objects":[\n';
  for await (const r of records) {
    const indicator = toStixIndicator(r);
    creators.add(r, indicator);
    yield object(indicator);
  }
  for (const identity of creators.identities(await organisationNames())) yield object(identity);
  yield `\n],"id":"bundle--${bundleId.digest()}"}\n`;
}
