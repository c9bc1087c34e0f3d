/**
 * Table types for Kysely. Times are epoch milliseconds (integer in SQLite, bigint in PostgreSQL,
 * parsed to number by the adapter) so time buckets are the same arithmetic on both. JSON is text.
 * Booleans are 0/1 integers. Repositories map rows to domain types; rows never leave them.
 */
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  region: string | null;
  reliability: number;
  parent_id: string | null;
  created_at: number;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  disabled: number;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface FraudTypesTable {
  code: string;
  name_zh: string;
  name_en: string;
  group_code: string;
  group_zh: string;
  group_en: string;
  sort: number;
}

export interface ResourcesTable {
  id: Id;
  type: string;
  normalized: string;
  display: string;
  attributes: string;
  status: string;
  first_seen: number;
  last_seen: number;
  pin_verdict: string | null;
  pin_reason: string | null;
  pin_by: string | null;
  pin_at: number | null;
  pin_overrides_allow: number;
  /** The verdict and score computed from public claims only (anonymous lookups). */
  verdict_public: string;
  score_public: number;
  /** The verdict and score from public and members-shared claims (member organisations). */
  verdict_members: string;
  score_members: number;
  fraud_type: string | null;
  /** JSON array of short reasons for the members-level verdict. */
  reasons: string;
  scored_at: number;
  updated_at: number;
}

export interface ClaimsTable {
  id: Id;
  resource_id: number;
  org_id: string;
  verdict: string;
  fraud_type: string | null;
  confidence: number;
  evidence: string;
  sharing: string;
  source: string;
  created_at: number;
  updated_at: number;
  valid_until: number | null;
  withdrawn_at: number | null;
}

export interface SightingsTable {
  id: Id;
  resource_id: number;
  org_id: string;
  kind: string;
  at: number;
  source: string;
  note: string | null;
}

export interface AllowEntriesTable {
  id: Id;
  type: string;
  normalized: string;
  label: string;
  reason: string;
  org_id: string;
  created_by: string;
  created_at: number;
}

export interface LinksTable {
  id: Id;
  from_id: number;
  to_id: number;
  kind: string;
  evidence: string;
  org_id: string;
  created_at: number;
}

export interface AuditLogTable {
  seq: Id;
  at: number;
  org_id: string | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  reason: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** Every change to a resource's standing, in order: list deltas and other nodes' indexes follow it. */
export interface ChangesTable {
  seq: Id;
  resource_id: number;
  at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  fraud_types: FraudTypesTable;
  resources: ResourcesTable;
  claims: ClaimsTable;
  sightings: SightingsTable;
  allow_entries: AllowEntriesTable;
  links: LinksTable;
  audit_log: AuditLogTable;
  changes: ChangesTable;
  settings: SettingsTable;
}

/** Marker for JSON-in-text columns when a module adds its own tables. */
export type JsonText = ColumnType<string, string, string>;
