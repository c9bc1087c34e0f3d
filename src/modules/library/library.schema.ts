/** What comes in and goes out of the library's HTTP API (TypeBox: validation and OpenAPI from one source). */
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../shared/schemas.ts';
import {
  SCOPES,
  CLAIM_VERDICTS,
  LIFECYCLE_STATES,
  RESOURCE_TYPES,
  SHARING_LEVELS,
  SIGHTING_KINDS,
  VERDICTS,
} from './library.types.ts';

export const ResourceTypeSchema = StringEnum(RESOURCE_TYPES, 'resource type');
export const VerdictSchema = StringEnum(VERDICTS);
export const LifecycleSchema = StringEnum(LIFECYCLE_STATES);

const Value = Type.String({ minLength: 1, maxLength: 4096 });

export const ClaimInputSchema = Type.Object(
  {
    type: ResourceTypeSchema,
    value: Value,
    verdict: StringEnum(CLAIM_VERDICTS),
    fraudType: Type.Optional(Type.String({ maxLength: 64 })),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    evidence: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    sharing: Type.Optional(StringEnum(SHARING_LEVELS)),
    source: Type.String({ minLength: 1, maxLength: 200 }),
    validUntil: Type.Optional(Type.Integer({ minimum: 0 })),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    ),
  },
  { additionalProperties: false },
);

export const ValueRef = Type.Object(
  { type: ResourceTypeSchema, value: Value },
  { additionalProperties: false },
);

export const LinkInputSchema = Type.Object(
  {
    from: ValueRef,
    to: ValueRef,
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    evidence: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const SubmitClaimsBody = Type.Object(
  {
    claims: Type.Array(ClaimInputSchema, { maxItems: 5000 }),
    links: Type.Optional(Type.Array(LinkInputSchema, { maxItems: 5000 })),
  },
  { additionalProperties: false },
);

export const SubmitResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), field: Type.String(), message: Type.String() })),
});

export const SightingBody = Type.Object(
  {
    type: ResourceTypeSchema,
    value: Value,
    kind: StringEnum(SIGHTING_KINDS),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/**
 * Where a pin or an allow entry acts: `national` (the regulator's, or a scope it delegated) changes
 * every organisation's answer; `local` only the caller's organisation's views.
 */
export const ScopeSchema = StringEnum(
  SCOPES,
  'national (regulator or delegated scope) or local (your organisation only); default national',
);

export const LocalOverrideSchema = Type.Object({
  scope: Type.Literal('local'),
  orgId: Type.String(),
  type: ResourceTypeSchema,
  normalized: Type.String(),
  kind: StringEnum(['pin', 'allow'] as const),
  verdict: VerdictSchema,
  label: Type.String(),
  reason: Type.String(),
  by: Type.String(),
  at: Type.Number(),
});

export const PinBody = Type.Object(
  {
    scope: Type.Optional(ScopeSchema),
    type: ResourceTypeSchema,
    value: Value,
    verdict: VerdictSchema,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    overridesAllow: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UnpinBody = Type.Object(
  {
    scope: Type.Optional(ScopeSchema),
    type: ResourceTypeSchema,
    value: Value,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    type: ResourceTypeSchema,
    value: Value,
    to: LifecycleSchema,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const AllowBody = Type.Object(
  {
    scope: Type.Optional(ScopeSchema),
    type: ResourceTypeSchema,
    value: Value,
    label: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const ResourceSchema = Type.Object(
  {
    id: Type.Integer(),
    type: ResourceTypeSchema,
    normalized: Type.String(),
    display: Type.String(),
    attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    status: LifecycleSchema,
    verdict: VerdictSchema,
    score: Type.Number(),
    fraudType: Type.Union([Type.String(), Type.Null()]),
    reasons: Type.Array(Type.String()),
    firstSeen: Type.Integer(),
    lastSeen: Type.Integer(),
    pinned: Type.Union([
      Type.Object({
        verdict: VerdictSchema,
        reason: Type.String(),
        by: Type.String(),
        at: Type.Integer(),
        overridesAllow: Type.Boolean(),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'Resource' },
);

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 4096 })),
  type: Type.Optional(ResourceTypeSchema),
  verdict: Type.Optional(VerdictSchema),
  status: Type.Optional(LifecycleSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
});
