/**
 * The resource library's domain types. Everything else in fanzha speaks these.
 * API field names are English; the console translates.
 */
import { isOneOf } from '../../shared/parse.ts';
export const RESOURCE_TYPES = [
  'phone',
  'sms',
  'url',
  'domain',
  'ip',
  'app',
  'account',
  'bank',
  'device',
  'subject',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const isResourceType = (v: unknown): v is ResourceType => isOneOf(RESOURCE_TYPES, v);

/** Attribute values a normaliser may attach (operator, province, registrable domain, institution…). */
export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** The normalised value layer: one canonical string per (type, resource). */
export interface NormalizedValue {
  readonly type: ResourceType;
  /** Canonical key, unique per type (E.164 phone, Safe-Browsing-canonical URL, punycode host …). */
  readonly normalized: string;
  /** What a person should see (Unicode domain, formatted number); never a clear personal identifier. */
  readonly display: string;
  readonly attributes: Attributes;
}

/** Why a raw value could not be normalised; `field` is filled by the caller that knows the input's name. */
export interface ValueProblem {
  readonly type: ResourceType;
  readonly message: string;
}

export const VERDICTS = ['fraud', 'suspicious', 'allowed', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a claim asserts about a value. `benign` claims are evidence against fraud. */
export const CLAIM_VERDICTS = ['fraud', 'suspicious', 'benign'] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

export const SHARING_LEVELS = ['private', 'members', 'public'] as const;
export type Sharing = (typeof SHARING_LEVELS)[number];

export const SIGHTING_KINDS = ['seen', 'false_positive', 'expired'] as const;
export type SightingKind = (typeof SIGHTING_KINDS)[number];

export const LIFECYCLE_STATES = [
  'reported',
  'under_review',
  'confirmed',
  'disposed',
  'appealed',
  'released',
  'expired',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** A claim as it comes in from a feed, an import, a report or a detector: the value is still raw. */
export interface ClaimInput {
  readonly type: ResourceType;
  readonly value: string;
  readonly verdict: ClaimVerdict;
  readonly fraudType?: string | undefined;
  /** 0..1: how sure the source is. */
  readonly confidence: number;
  readonly evidence?: Readonly<Record<string, unknown>> | undefined;
  readonly sharing?: Sharing | undefined;
  /** What produced it: `feed`, `import`, `report`, `analyst`, `detector:sms@1.0.0` … one claim per (value, org, source). */
  readonly source: string;
  /** Epoch ms after which the claim no longer counts. */
  readonly validUntil?: number | undefined;
  /** Extra attributes to merge into the value's record (registrar, hosting country, bank institution …). */
  readonly attributes?: Attributes | undefined;
}

export interface LinkInput {
  readonly from: { readonly type: ResourceType; readonly value: string };
  readonly to: { readonly type: ResourceType; readonly value: string };
  /** e.g. `same_device`, `sent_by`, `mentions`, `pays_to`, `hosted_on`, `registered_to`. */
  readonly kind: string;
  readonly evidence?: Readonly<Record<string, unknown>> | undefined;
}

export interface SubmitResult {
  readonly accepted: number;
  readonly rejected: Array<{ index: number; field: string; message: string }>;
}

/** A value as the library holds it: its normalised form, lifecycle state, pin and standing per audience. */
export interface ResourceRecord {
  readonly id: number;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly display: string;
  readonly attributes: Attributes;
  readonly status: LifecycleState;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly pin: {
    readonly verdict: Verdict;
    readonly reason: string;
    readonly by: string;
    readonly at: number;
    readonly overridesAllow: boolean;
  } | null;
  readonly verdictPublic: Verdict;
  readonly scorePublic: number;
  readonly verdictMembers: Verdict;
  readonly scoreMembers: number;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
  readonly updatedAt: number;
}

export interface ClaimRecord {
  readonly id: number;
  readonly resourceId: number;
  readonly orgId: string;
  readonly verdict: ClaimVerdict;
  readonly fraudType: string | null;
  readonly confidence: number;
  readonly evidence: Record<string, unknown>;
  readonly sharing: Sharing;
  readonly source: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly validUntil: number | null;
  readonly withdrawnAt: number | null;
}

export interface SightingRecord {
  readonly id: number;
  readonly resourceId: number;
  readonly orgId: string;
  readonly kind: SightingKind;
  readonly at: number;
  readonly source: string;
  readonly note: string | null;
}

/** The scopes of a pin or an allow entry. */
export const SCOPES = ['national', 'local'] as const;
/** How a caller names a scope: the country's, or its own organisation's. */
export type ScopeName = (typeof SCOPES)[number];

/** A search: free text or a value (read every way it can be), filters, and a keyset page. */
export interface SearchOptions {
  readonly q?: string | undefined;
  readonly type?: ResourceType | undefined;
  readonly verdict?: Verdict | undefined;
  readonly status?: LifecycleState | undefined;
  readonly limit: number;
  /** Values older than this id (the previous page's `nextCursor`). */
  readonly afterId?: number | undefined;
}

/** An allow-list entry added (`allowed`) or removed, as the library's listeners hear of it. */
export interface AllowChange {
  readonly type: ResourceType;
  readonly normalized: string;
  readonly label: string;
  readonly allowed: boolean;
}
