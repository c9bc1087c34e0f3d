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

/** A scope the regulator delegated to an organisation (migration 0009). */
export interface AuthorityGrantsTable {
  id: Id;
  org_id: string;
  kind: string;
  pattern: string;
  reason: string;
  granted_by: string;
  granted_at: number;
  revoked_at: number | null;
}

/** An organisation's own pin or allow entry, acting only in its views (migration 0009). */
export interface LocalOverridesTable {
  id: Id;
  org_id: string;
  type: string;
  normalized: string;
  kind: string;
  verdict: string;
  overrides_allow: number;
  label: string;
  reason: string;
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
/** One local override set or removed (`0019_override_changes`): the feed nodes follow for their views. */
export interface OverrideChangesTable {
  seq: Id;
  org_id: string;
  type: string;
  normalized: string;
  kind: string;
  at: number;
}

export interface ChangesTable {
  seq: Id;
  resource_id: number;
  at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Situational awareness: counted events with dimensions (modules/awareness). */
export interface AwarenessEventsTable {
  id: Id;
  kind: string;
  at: number;
  day: number;
  month: number;
  province: string | null;
  city: string | null;
  fraud_type: string | null;
  channel: string | null;
  age_group: string | null;
  hosting_country: string | null;
  org_id: string | null;
  count: number;
  demo: number;
}

/** Per kind, dimension, day or month, and organisation: the sum of each dimension value (modules/awareness). */
export interface AwarenessRollupTable {
  kind: string;
  dim: string;
  /** 'd' (bucket = day number) or 'm' (bucket = yyyymm) */
  grain: string;
  bucket: number;
  month: number;
  org_id: string;
  key: string;
  count: number;
}

/** Reports, qualification queue, cases, work orders, appeals, credit list, webhooks (modules/reports, cases, credit, webhooks). */
export interface QueueItemsTable {
  id: Id;
  kind: string;
  fingerprint: string | null;
  status: string;
  title: string;
  channel: string | null;
  fraud_type: string | null;
  source: string;
  values_json: string;
  report_count: number;
  priority: number;
  first_at: number;
  last_at: number;
  case_id: string | null;
  merged_into: number | null;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
}

export interface ReportsTable {
  id: string;
  receipt: string;
  queue_item_id: number;
  channel: string;
  text: string;
  values_json: string;
  amount_lost: number | null;
  occurred_at: number | null;
  client_hash: string;
  contact_sealed: string | null;
  created_at: number;
}

export interface ReportEvidenceTable {
  id: Id;
  report_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  content_base64: string;
}

export interface CasesTable {
  id: string;
  title: string;
  status: string;
  severity: string;
  fraud_type: string | null;
  assignee: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  deadline_at: number | null;
  merged_into: string | null;
}

export interface CaseValuesTable {
  case_id: string;
  resource_id: number;
  type: string;
  normalized: string;
  display: string;
  added_at: number;
}

export interface CaseEventsTable {
  id: Id;
  case_id: string;
  at: number;
  actor: string;
  kind: string;
  data: string;
}

export interface ResponsibilitiesTable {
  kind: string;
  key: string;
  org_id: string;
}

export interface WorkOrdersTable {
  id: string;
  case_id: string;
  org_id: string;
  resource_id: number;
  type: string;
  normalized: string;
  display: string;
  action: string;
  severity: string;
  status: string;
  escalation_level: number;
  created_at: number;
  deadline_at: number;
  responded_at: number | null;
  acted_at: number | null;
  /** `done`, `not_ours` or `cannot_act` once answered; the note holds the evidence. */
  outcome: string | null;
  response_note: string | null;
}

export interface AppealsTable {
  id: string;
  resource_id: number;
  type: string;
  normalized: string;
  org_id: string;
  against_org_id: string | null;
  filed_by: string;
  statement: string;
  checklist: string;
  previous_status: string;
  status: string;
  created_at: number;
  due_at: number;
  decided_at: number | null;
  decided_by: string | null;
  reason: string | null;
}

export interface CreditEntriesTable {
  id: string;
  subject: string;
  subject_kind: string;
  measure: string;
  reason: string;
  case_id: string | null;
  org_id: string;
  starts_at: number;
  ends_at: number;
  lifted_at: number | null;
  created_at: number;
}

export interface WebhookSubscriptionsTable {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  events: string;
  active: number;
  created_at: number;
}

export interface WebhookOutboxTable {
  id: Id;
  subscription_id: string;
  event: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  dead_at: number | null;
  last_error: string | null;
}

/** Call-records engine (migration 0005_calls). */
export interface CallsAlertsTable {
  id: Id;
  org_id: string;
  detector: string;
  subject: string;
  subject_type: string;
  verdict: string;
  score: number;
  reasons: JsonText;
  window_from: number;
  window_to: number;
  action: string;
  at: number;
  related: JsonText;
  created_at: number;
}

export interface CallsNumberFeaturesTable {
  org_id: string;
  phone: string;
  window_to: number;
  features: JsonText;
  updated_at: number;
}

export interface CallsPreregistrationsTable {
  id: Id;
  org_id: string;
  phone: string;
  region: string;
  valid_from: number;
  valid_until: number;
  created_at: number;
}

export interface CallsKickActionsTable {
  id: Id;
  org_id: string;
  phone: string;
  region: string;
  acted_at: number;
  status: string;
  appeal_reason: string | null;
  restored_at: number | null;
  restored_by: string | null;
}

/** A TAXII status resource: the outcome of one POST of a bundle, as JSON. */
export interface TaxiiStatusTable {
  id: string;
  org_id: string;
  created_at: number;
  body: string;
}

/** A peer instance this one pulls from and pushes to (migration 0018). */
export interface FederationPeersTable {
  name: string;
  url: string;
  /** The API key this instance holds at the peer: sent, never shown. */
  api_key: string;
  role: string;
  /** JSON array of the peer's collection ids pulled. */
  collections: string;
  push_collection: string | null;
  created_at: number;
  state: string;
  last_error: string | null;
  last_sync_at: number | null;
  pulled: number;
  pushed: number;
}

/** Where one pull (a collection) or the push of one peer resumes (migration 0018). */
export interface FederationCheckpointsTable {
  peer: string;
  feed: string;
  added_after: number | null;
  next: string | null;
  updated_at: number;
}

/** The instance and organisation behind an organisation known only through a peer (migration 0018). */
export interface FederationOriginsTable {
  org_id: string;
  instance: string;
  origin_org: string;
}

/** Failed logins in a row per account name and its lock-out, shared by every node (migration 0014). */
export interface LoginFailuresTable {
  username: string;
  count: number;
  locked_until: number;
  updated_at: number;
}

export interface Database {
  taxii_status: TaxiiStatusTable;
  federation_peers: FederationPeersTable;
  federation_checkpoints: FederationCheckpointsTable;
  federation_origins: FederationOriginsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  fraud_types: FraudTypesTable;
  resources: ResourcesTable;
  claims: ClaimsTable;
  sightings: SightingsTable;
  allow_entries: AllowEntriesTable;
  authority_grants: AuthorityGrantsTable;
  local_overrides: LocalOverridesTable;
  login_failures: LoginFailuresTable;
  links: LinksTable;
  audit_log: AuditLogTable;
  changes: ChangesTable;
  override_changes: OverrideChangesTable;
  settings: SettingsTable;
  calls_alerts: CallsAlertsTable;
  calls_number_features: CallsNumberFeaturesTable;
  calls_preregistrations: CallsPreregistrationsTable;
  calls_kick_actions: CallsKickActionsTable;
  queue_items: QueueItemsTable;
  reports: ReportsTable;
  report_evidence: ReportEvidenceTable;
  cases: CasesTable;
  case_values: CaseValuesTable;
  case_events: CaseEventsTable;
  responsibilities: ResponsibilitiesTable;
  work_orders: WorkOrdersTable;
  appeals: AppealsTable;
  credit_entries: CreditEntriesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_outbox: WebhookOutboxTable;
  awareness_events: AwarenessEventsTable;
  awareness_rollup: AwarenessRollupTable;
  edge_warnings: EdgeWarningsTable;
  brands: BrandsTable;
  sms_templates: SmsTemplatesTable;
  sms_messages: SmsMessagesTable;
  sms_shadow_decisions: SmsShadowDecisionsTable;
}

/** Edge warnings and their outbox state (migration 0008_edge). */
export interface EdgeWarningsTable {
  id: Id;
  dedup_key: string;
  subscriber: string;
  subscriber_group: string;
  trigger: string;
  deliveries: string;
  verdict: string;
  fraud_type: string | null;
  counterpart: string | null;
  reason: string;
  observed_at: number;
  created_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
  feedback: string | null;
  feedback_at: number | null;
}

/** Marker for JSON-in-text columns when a module adds its own tables. */
export type JsonText = ColumnType<string, string, string>;

/** Protected brands (migration 0004_brands): the brand's fields as JSON in `data`. */
export interface BrandsTable {
  id: string;
  data: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

/** SMS campaigns, messages and shadow decisions (migration 0003_sms). JSON columns are text. */
export interface SmsTemplatesTable {
  id: string;
  pattern: string;
  signature: string;
  message_count: number;
  fraud_count: number;
  spam_count: number;
  first_seen: number;
  last_seen: number;
  fraud_type: string | null;
  fraud_types: string;
  samples: string;
  resources: string;
  detector_version: string;
  updated_at: number;
}

export interface SmsMessagesTable {
  id: string;
  org_id: string;
  sender: string;
  receiver: string;
  sent_at: number;
  text: string;
  normalized_text: string;
  template_id: string;
  verdict: string;
  score: number;
  fraud_type: string | null;
  reasons: string;
  indicators: string;
  detector_version: string;
  created_at: number;
}

export interface SmsShadowDecisionsTable {
  id: Generated<number>;
  message_id: string;
  active_version: string;
  shadow_version: string;
  active_verdict: string;
  verdict: string;
  score: number;
  fraud_type: string | null;
  reasons: string;
  created_at: number;
}
