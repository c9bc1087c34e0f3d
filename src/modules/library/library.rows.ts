/**
 * The library's rows and the domain records built from them. Every row read from `resources` and `claims`
 * becomes a record here, with its closed sets parsed; the write shapes are the tables' own column types.
 */
import type { Insertable, Selectable } from 'kysely';
import type { ClaimsTable, ResourcesTable, SightingsTable } from '../../adapters/db/schema.ts';
import { enumParser, parseJsonObject, parseStringArray } from '../../shared/parse.ts';
import {
  CLAIM_VERDICTS,
  LIFECYCLE_STATES,
  RESOURCE_TYPES,
  SHARING_LEVELS,
  SIGHTING_KINDS,
  VERDICTS,
  type Attributes,
  type AttributeValue,
  type ClaimRecord,
  type ResourceRecord,
  type SightingRecord,
} from './library.types.ts';

export const parseType = enumParser(RESOURCE_TYPES, 'resource type');
const parseStatus = enumParser(LIFECYCLE_STATES, 'lifecycle state');
const parseVerdict = enumParser(VERDICTS, 'verdict');
const parseClaimVerdict = enumParser(CLAIM_VERDICTS, 'claim verdict');
const parseSharing = enumParser(SHARING_LEVELS, 'sharing');
const parseSightingKind = enumParser(SIGHTING_KINDS, 'sighting kind');

const parseAttributes = (text: string): Attributes => {
  const o = parseJsonObject(text);
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
};

export const resourceRowToRecord = (r: Selectable<ResourcesTable>): ResourceRecord => ({
  id: Number(r.id),
  type: parseType(r.type),
  normalized: r.normalized,
  display: r.display,
  attributes: parseAttributes(r.attributes),
  status: parseStatus(r.status),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  pin:
    r.pin_verdict === null
      ? null
      : {
          verdict: parseVerdict(r.pin_verdict),
          reason: r.pin_reason ?? '',
          by: r.pin_by ?? '',
          at: r.pin_at ?? 0,
          overridesAllow: r.pin_overrides_allow === 1,
        },
  verdictPublic: parseVerdict(r.verdict_public),
  scorePublic: r.score_public,
  verdictMembers: parseVerdict(r.verdict_members),
  scoreMembers: r.score_members,
  fraudType: r.fraud_type,
  reasons: parseStringArray(r.reasons),
  updatedAt: r.updated_at,
});

export const claimRowToRecord = (r: Selectable<ClaimsTable>): ClaimRecord => ({
  id: Number(r.id),
  resourceId: Number(r.resource_id),
  orgId: r.org_id,
  verdict: parseClaimVerdict(r.verdict),
  fraudType: r.fraud_type,
  confidence: r.confidence,
  evidence: parseJsonObject(r.evidence),
  sharing: parseSharing(r.sharing),
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  validUntil: r.valid_until,
  withdrawnAt: r.withdrawn_at,
});

export const sightingRowToRecord = (r: Selectable<SightingsTable>): SightingRecord => ({
  id: Number(r.id),
  resourceId: Number(r.resource_id),
  orgId: r.org_id,
  kind: parseSightingKind(r.kind),
  at: r.at,
  source: r.source,
  note: r.note,
});

/** A whole resource row as written (every column but the id). */
export type ResourceWrite = Omit<Selectable<ResourcesTable>, 'id'>;
export type ClaimWrite = Insertable<ClaimsTable>;
