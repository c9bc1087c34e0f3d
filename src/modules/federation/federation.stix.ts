/**
 * STIX 2.1 for every library type, both ways. Values are cyber-observables: `url`, `domain-name` and
 * `ipv4-addr`/`ipv6-addr` where STIX has them, and for the types it lacks (numbers, bank accounts,
 * devices, apps, handles, subjects, SMS senders) new observable types declared by `extension-definition`
 * objects that carry their JSON schema. Claims are indicators (fraud, suspicious) or opinions (benign)
 * created by the claiming organisation's identity, with a property extension for what STIX has no field
 * for; sightings are sightings and links are relationships. Every id is a UUID v5 of the normalised value
 * (and of the claim's organisation and source), so one value is one object on every instance.
 * Subjects travel only as keyed pseudonyms (`person:<hex>`), which every instance of a federation derives
 * with the same shared key.
 */
import { uuidV5 } from '../library/io/stix.ts';
import type { ClaimVerdict, ResourceType, Sharing, SightingKind } from '../library/library.types.ts';

/** The namespace STIX 2.1 gives for the UUID v5 of cyber-observable ids (section 2.9). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The observable type of each library type that STIX itself lacks. */
export const CUSTOM_SCO: Partial<Record<ResourceType, string>> = {
  phone: 'x-fanzha-phone',
  bank: 'x-fanzha-bank-account',
  device: 'x-fanzha-device',
  app: 'x-fanzha-app',
  account: 'x-fanzha-handle',
  subject: 'x-fanzha-subject',
  sms: 'x-fanzha-sms-sender',
};

const STIX_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$';

/** The value pattern of each new observable type (what its schema requires of `value`). */
const VALUE_PATTERNS: Record<string, string> = {
  'x-fanzha-phone': '^\\+?[0-9]{3,20}$',
  'x-fanzha-bank-account': '^[0-9A-Za-z:._-]{4,80}$',
  'x-fanzha-device': '^[0-9A-Za-z:._-]{4,80}$',
  'x-fanzha-app': '^.{1,300}$',
  'x-fanzha-handle': '^.{1,300}$',
  'x-fanzha-subject': '^(person|company):[0-9a-f]{32}$',
  'x-fanzha-sms-sender': '^.{1,300}$',
};

/** The identity every fanzha extension definition is created by. */
export const FANZHA_IDENTITY = `identity--${uuidV5('fanzha:federation')}`;
const EPOCH = '2026-01-01T00:00:00.000Z';

/** Ids that depend only on a type or an organisation, computed once (an export needs them per claim). */
const memo = (f: (k: string) => string, limit = 10_000): ((k: string) => string) => {
  const seen = new Map<string, string>();
  return (k) => {
    let v = seen.get(k);
    if (v === undefined) {
      v = f(k);
      if (seen.size < limit) seen.set(k, v);
    }
    return v;
  };
};

export const extensionIdOf = memo(
  (scoType: string): string => `extension-definition--${uuidV5(`extension:${scoType}`)}`,
);

/** The property extension carried by claims (indicators, opinions) and sightings. */
export const CLAIM_EXTENSION = extensionIdOf('fanzha-claim');

/** JSON schema of each new observable type and of the claim property extension, keyed by type. */
export const EXTENSION_SCHEMAS: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(VALUE_PATTERNS).map(([type, pattern]) => [
    type,
    {
      $id: `https://fanzha.invalid/stix/${type}.json`,
      type: 'object',
      required: ['type', 'id', 'value', 'extensions'],
      properties: {
        type: { const: type },
        id: { type: 'string', pattern: `^${type}--[0-9a-f-]{36}$` },
        value: { type: 'string', pattern },
        extensions: {
          type: 'object',
          required: [extensionIdOf(type)],
          properties: {
            [extensionIdOf(type)]: {
              type: 'object',
              required: ['extension_type'],
              properties: { extension_type: { const: 'new-sco' } },
            },
          },
        },
      },
    },
  ]),
);

/** The schema of the claim property extension (checked on every indicator, opinion and sighting read). */
export const CLAIM_EXTENSION_SCHEMA = {
  type: 'object',
  required: ['extension_type', 'source'],
  properties: {
    extension_type: { const: 'property-extension' },
    verdict: { enum: ['fraud', 'suspicious', 'benign'] },
    fraud_type: { type: 'string', maxLength: 100 },
    source: { type: 'string', minLength: 1, maxLength: 200 },
    sharing: { enum: ['members', 'public'] },
    sighting_kind: { enum: ['seen', 'false_positive', 'expired'] },
    origin_instance: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    origin_org: { type: 'string', minLength: 1, maxLength: 200 },
    origin_reliability: { type: 'number', minimum: 0, maximum: 1 },
    confirmed: { type: 'boolean' },
    authority: { enum: ['pin', 'allow', 'release'] },
    pin_verdict: { enum: ['fraud', 'suspicious', 'allowed', 'unknown'] },
    overrides_allow: { type: 'boolean' },
    label: { type: 'string', minLength: 1, maxLength: 300 },
    reason: { type: 'string', maxLength: 2000 },
    valid_until: { type: 'string', pattern: STIX_TIMESTAMP },
  },
} as const;

/**
 * TLP 2.0 marking definitions: the ids OASIS publishes for TLP 2.0 in STIX (cti-stix-common-objects,
 * extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d), which FIRST's TLP 2.0 replaced TLP 1.0
 * with. fanzha writes CLEAR and GREEN.
 */
export const TLP = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  amberStrict: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const;

/** The TLP 1.0 marking definitions STIX 2.1 itself defines (section 7.2.1.4), still read on import. */
export const TLP_V1 = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

/** Markings whose data may not travel beyond an organisation (and its clients): never imported. */
const RESTRICTED: readonly string[] = [TLP.amber, TLP.amberStrict, TLP.red, TLP_V1.amber, TLP_V1.red];

/** Sharing level → TLP 2.0: public is CLEAR, members-level is GREEN (the federation's community). */
export const tlpOf = (sharing: Exclude<Sharing, 'private'>): string =>
  sharing === 'public' ? TLP.clear : TLP.green;
/** TLP markings → sharing level: undefined for AMBER, AMBER+STRICT and RED (1.0 or 2.0), refused. */
export const sharingOfMarkings = (refs: readonly string[] | undefined): Sharing | undefined => {
  if (!refs || refs.length === 0) return 'members';
  if (refs.some((r) => RESTRICTED.includes(r))) return undefined;
  if (refs.includes(TLP.green) || refs.includes(TLP_V1.green)) return 'members';
  if (refs.includes(TLP.clear) || refs.includes(TLP_V1.white)) return 'public';
  return 'members';
};

export type StixObject = Record<string, unknown> & { readonly type: string; readonly id: string };

const iso = (ms: number): string => new Date(ms).toISOString();

/** Where a claim first came from: the instance and the organisation there. */
export interface Origin {
  readonly instance: string;
  readonly org: string;
}

/** An organisation of the federation: its id at its own instance, qualified by the instance. */
export const originKey = (o: Origin): string => `${o.instance}/${o.org}`;

const identityIdByKey = memo((key: string): string => `identity--${uuidV5(`org:${key}`)}`);
export const identityIdOf = (o: Origin): string => identityIdByKey(originKey(o));

/** The observable type and the value's id (the last one kept: a value and its claim ask in turn). */
let lastSco: { type: ResourceType; normalized: string; sco: { scoType: string; id: string } } | undefined;
export const scoOf = (type: ResourceType, normalized: string): { scoType: string; id: string } => {
  if (lastSco?.type === type && lastSco.normalized === normalized) return lastSco.sco;
  const sco = computeSco(type, normalized);
  lastSco = { type, normalized, sco };
  return sco;
};
const computeSco = (type: ResourceType, normalized: string): { scoType: string; id: string } => {
  const scoType =
    CUSTOM_SCO[type] ??
    (type === 'url'
      ? 'url'
      : type === 'domain'
        ? 'domain-name'
        : normalized.includes(':')
          ? 'ipv6-addr'
          : 'ipv4-addr');
  // A value's id is the STIX-defined UUID v5 of its id-contributing property, `value`.
  return { scoType, id: `${scoType}--${uuidV5(JSON.stringify({ value: normalized }), STIX_SCO_NAMESPACE)}` };
};

export const valueObject = (type: ResourceType, normalized: string): StixObject => {
  const { scoType, id } = scoOf(type, normalized);
  return {
    type: scoType,
    spec_version: '2.1',
    id,
    value: normalized,
    ...(CUSTOM_SCO[type] ? { extensions: { [extensionIdOf(scoType)]: { extension_type: 'new-sco' } } } : {}),
  };
};

const TYPE_OF_SCO: ReadonlyMap<string, ResourceType> = new Map([
  ...Object.entries(CUSTOM_SCO).map(([t, s]) => [s, t as ResourceType] as const),
  ['url', 'url'],
  ['domain-name', 'domain'],
  ['ipv4-addr', 'ip'],
  ['ipv6-addr', 'ip'],
]);

/** The library type an observable type stands for. */
export const resourceTypeOf = (scoType: string): ResourceType | undefined => TYPE_OF_SCO.get(scoType);

/** The extension definitions and the identity behind them: sent once at the head of every bundle. */
export const extensionDefinitions = (): StixObject[] => [
  {
    type: 'identity',
    spec_version: '2.1',
    id: FANZHA_IDENTITY,
    created: EPOCH,
    modified: EPOCH,
    name: 'fanzha federation',
    identity_class: 'system',
  },
  ...Object.keys(VALUE_PATTERNS).map((type) => ({
    type: 'extension-definition',
    spec_version: '2.1',
    id: extensionIdOf(type),
    created_by_ref: FANZHA_IDENTITY,
    created: EPOCH,
    modified: EPOCH,
    name: type,
    description: `A fanzha value of type ${type.replace('x-fanzha-', '')}: the normalised value in \`value\`.`,
    schema: JSON.stringify(EXTENSION_SCHEMAS[type]),
    version: '1.0.0',
    extension_types: ['new-sco'],
  })),
  {
    type: 'extension-definition',
    spec_version: '2.1',
    id: CLAIM_EXTENSION,
    created_by_ref: FANZHA_IDENTITY,
    created: EPOCH,
    modified: EPOCH,
    name: 'fanzha-claim',
    description: 'What a fanzha claim or sighting says beyond STIX: verdict, fraud type, source, origin.',
    schema: JSON.stringify(CLAIM_EXTENSION_SCHEMA),
    version: '1.0.0',
    extension_types: ['property-extension'],
  },
];

/** One claim as the exporter reads it. */
export interface ClaimFact {
  readonly type: ResourceType;
  readonly normalized: string;
  readonly org: string;
  readonly verdict: ClaimVerdict;
  readonly fraudType: string | null;
  /** 0..1. */
  readonly confidence: number;
  readonly sharing: Exclude<Sharing, 'private'>;
  readonly source: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly validUntil: number | null;
  /** Where the claim first came from: this instance for its own organisations' claims. */
  readonly origin: Origin;
  /** The claiming organisation's reliability at its own instance (0..1). */
  readonly reliability: number;
  /** Whether the value's review confirmed it as fraud where the claim is read. */
  readonly confirmed: boolean;
  /** When the organisation withdrew the claim: it then travels revoked. */
  readonly withdrawnAt?: number | null;
}

/** `'` and `\` escaped for a STIX pattern's string literal. */
const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const claimId = (
  kind: 'indicator' | 'opinion',
  c: Pick<ClaimFact, 'origin' | 'source' | 'type' | 'normalized'>,
) => `${kind}--${uuidV5(`claim:${originKey(c.origin)}:${c.source}:${c.type}:${c.normalized}`)}`;

export const claimObject = (c: ClaimFact): StixObject => {
  const sco = scoOf(c.type, c.normalized);
  const withdrawn = c.withdrawnAt !== undefined && c.withdrawnAt !== null;
  const common = {
    spec_version: '2.1',
    created: iso(c.createdAt),
    // A withdrawal is a newer version of the claim, revoked: the STIX way to say it no longer holds.
    modified: iso(Math.max(c.createdAt, c.updatedAt, withdrawn ? (c.withdrawnAt ?? 0) : 0)),
    ...(withdrawn ? { revoked: true } : {}),
    created_by_ref: identityIdOf(c.origin),
    confidence: Math.round(Math.min(1, Math.max(0, c.confidence)) * 100),
    object_marking_refs: [tlpOf(c.sharing)],
    extensions: {
      [CLAIM_EXTENSION]: {
        extension_type: 'property-extension',
        verdict: c.verdict,
        ...(c.fraudType ? { fraud_type: c.fraudType } : {}),
        source: c.source,
        sharing: c.sharing,
        origin_instance: c.origin.instance,
        origin_org: c.origin.org,
        origin_reliability: Math.min(1, Math.max(0, c.reliability)),
        ...(c.confirmed ? { confirmed: true } : {}),
        ...(c.validUntil !== null ? { valid_until: iso(c.validUntil) } : {}),
      },
    },
  };
  if (c.verdict === 'benign')
    return {
      type: 'opinion',
      id: claimId('opinion', c),
      ...common,
      opinion: 'strongly-disagree',
      explanation: 'the organisation holds this value to be legitimate',
      object_refs: [sco.id],
    };
  return {
    type: 'indicator',
    id: claimId('indicator', c),
    ...common,
    indicator_types: [c.verdict === 'fraud' ? 'malicious-activity' : 'anomalous-activity'],
    pattern: `[${sco.scoType}:value = ${literal(c.normalized)}]`,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: iso(c.createdAt),
    ...(c.validUntil !== null && c.validUntil > c.createdAt ? { valid_until: iso(c.validUntil) } : {}),
  };
};

export interface SightingFact {
  readonly type: ResourceType;
  readonly normalized: string;
  readonly org: Origin;
  readonly kind: SightingKind;
  readonly at: number;
  readonly source: string;
  /** The indicator of a claim on the same value, which the sighting is of. */
  readonly indicatorId: string;
}

export const sightingObject = (s: SightingFact): StixObject => ({
  type: 'sighting',
  spec_version: '2.1',
  // One sighting is one object: its organisation, kind, time and source on the value.
  id: `sighting--${uuidV5(`sighting:${originKey(s.org)}:${s.kind}:${s.at}:${s.source}:${s.type}:${s.normalized}`)}`,
  created: iso(s.at),
  modified: iso(s.at),
  created_by_ref: identityIdOf(s.org),
  first_seen: iso(s.at),
  last_seen: iso(s.at),
  count: 1,
  sighting_of_ref: s.indicatorId,
  where_sighted_refs: [identityIdOf(s.org)],
  extensions: {
    [CLAIM_EXTENSION]: {
      extension_type: 'property-extension',
      source: s.source,
      sighting_kind: s.kind,
      origin_instance: s.org.instance,
      origin_org: s.org.org,
    },
  },
});

export interface LinkFact {
  readonly from: { readonly type: ResourceType; readonly normalized: string };
  readonly to: { readonly type: ResourceType; readonly normalized: string };
  readonly kind: string;
  readonly org: Origin;
  readonly createdAt: number;
}

/** A link's kind as a STIX relationship type (lower-case words joined by hyphens). */
export const relationshipTypeOf = (kind: string): string => kind.replace(/_/g, '-');

export const relationshipObject = (l: LinkFact): StixObject => {
  const from = scoOf(l.from.type, l.from.normalized).id;
  const to = scoOf(l.to.type, l.to.normalized).id;
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${uuidV5(`link:${from}:${l.kind}:${to}`)}`,
    created: iso(l.createdAt),
    modified: iso(l.createdAt),
    created_by_ref: identityIdOf(l.org),
    relationship_type: relationshipTypeOf(l.kind),
    source_ref: from,
    target_ref: to,
    extensions: {
      [CLAIM_EXTENSION]: {
        extension_type: 'property-extension',
        source: 'link',
        origin_instance: l.org.instance,
        origin_org: l.org.org,
      },
    },
  };
};

export const identityObject = (org: Origin, name: string): StixObject => ({
  type: 'identity',
  spec_version: '2.1',
  id: identityIdOf(org),
  created: EPOCH,
  modified: EPOCH,
  name,
  identity_class: 'organization',
});

/** The value an indicator's pattern names (`[type:value = '…']`), or a reason it names none. */
export const patternValue = (pattern: string): { scoType: string; value: string } | { problem: string } => {
  const m = /^\[([a-z0-9-]+):value = '((?:[^'\\]|\\.)*)'\]$/.exec(pattern);
  if (!m) return { problem: "must be one comparison [type:value = '…']" };
  return { scoType: m[1] ?? '', value: (m[2] ?? '').replace(/\\(.)/g, '$1') };
};

/**
 * A national decision on one value: a pin (a verdict set by an analyst), an allow-list entry, or a
 * release (an appeal upheld). An unpin or an allow-list removal is the pin or entry, revoked.
 */
export interface AuthorityFact {
  readonly kind: 'pin' | 'allow' | 'release';
  readonly type: ResourceType;
  readonly normalized: string;
  /** The pinned verdict (pins only). */
  readonly verdict?: 'fraud' | 'suspicious' | 'allowed' | 'unknown';
  readonly overridesAllow?: boolean;
  /** Whose number, brand or app (allow entries only). */
  readonly label?: string;
  readonly reason: string;
  /** When it was decided, or (revoked) when it was lifted: the object's `modified`. */
  readonly at: number;
  /**
   * When the decision itself was made: the object's `created`, and part of its id, so a pin lifted and
   * made again is a new object while the lifted one stays revoked, as STIX has it.
   */
  readonly since: number;
  /** The instance that decided it; its platform identity is the creator. */
  readonly origin: Origin;
  /** The pin was lifted or the entry removed at `at`. */
  readonly revoked?: boolean;
}

/**
 * A pin to fraud or suspicious travels as an indicator, any other pin and an allow-list entry as an
 * opinion against the value; the `authority` property says it is a decision, not a claim, so only an
 * instance that trusts the sender for authority applies it.
 */
export const authorityObject = (a: AuthorityFact): StixObject => {
  const sco = scoOf(a.type, a.normalized);
  const ext = {
    extension_type: 'property-extension',
    source: `authority:${a.kind}`,
    authority: a.kind,
    origin_instance: a.origin.instance,
    origin_org: a.origin.org,
    reason: a.reason.slice(0, 2000),
    ...(a.verdict ? { pin_verdict: a.verdict } : {}),
    ...(a.overridesAllow ? { overrides_allow: true } : {}),
    ...(a.label ? { label: a.label.slice(0, 300) } : {}),
  };
  const common = {
    spec_version: '2.1',
    created: iso(a.since),
    modified: iso(a.at),
    ...(a.revoked ? { revoked: true } : {}),
    created_by_ref: identityIdOf(a.origin),
    object_marking_refs: [TLP.green],
    extensions: { [CLAIM_EXTENSION]: ext },
  };
  const key = `authority:${originKey(a.origin)}:${a.kind}:${a.type}:${a.normalized}:${a.since}`;
  if (a.kind === 'pin' && (a.verdict === 'fraud' || a.verdict === 'suspicious'))
    return {
      type: 'indicator',
      id: `indicator--${uuidV5(key)}`,
      ...common,
      indicator_types: [a.verdict === 'fraud' ? 'malicious-activity' : 'anomalous-activity'],
      pattern: `[${sco.scoType}:value = ${literal(a.normalized)}]`,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: iso(a.since),
    };
  return {
    type: 'opinion',
    id: `opinion--${uuidV5(key)}`,
    ...common,
    opinion: a.verdict === 'unknown' ? 'neutral' : 'strongly-disagree',
    explanation:
      a.kind === 'allow'
        ? `allow-listed: ${a.label ?? ''}`
        : a.kind === 'release'
          ? 'released: an appeal was upheld'
          : 'pinned by an analyst',
    object_refs: [sco.id],
  };
};
