/**
 * The only file of the SMS engine that speaks SQL: templates, messages and shadow
 * decisions. Every function takes an `Executor` so the caller owns the transaction (rule 5); rows are
 * mapped to domain types here and never leave (rule 2).
 */
import type { Executor } from '../../../adapters/db/database.ts';
import type { SmsTemplatesTable } from '../../../adapters/db/schema.ts';
import type { Selectable } from 'kysely';
import type { Indicator } from '../../extract/extract.ts';

export interface StoredTemplate {
  readonly id: string;
  readonly pattern: string;
  readonly signature: Uint32Array;
  readonly count: number;
  readonly fraudCount: number;
  readonly spamCount: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly fraudType: string | undefined;
  readonly fraudTypes: Readonly<Record<string, number>>;
  readonly samples: readonly string[];
  readonly resources: ReadonlyArray<{
    readonly kind: string;
    readonly value: string;
    readonly count: number;
  }>;
  readonly detectorVersion: string;
}

export interface NewMessage {
  readonly id: string;
  readonly orgId: string;
  readonly sender: string;
  readonly receiver: string;
  readonly sentAt: number;
  readonly text: string;
  readonly normalizedText: string;
  readonly templateId: string;
  readonly verdict: string;
  readonly score: number;
  readonly fraudType: string | undefined;
  readonly reasons: readonly string[];
  readonly indicators: readonly Indicator[];
  readonly detectorVersion: string;
  readonly createdAt: number;
}

export interface NewShadowDecision {
  readonly messageId: string;
  readonly activeVersion: string;
  readonly shadowVersion: string;
  readonly activeVerdict: string;
  readonly verdict: string;
  readonly score: number;
  readonly fraudType: string | undefined;
  readonly reasons: readonly string[];
  readonly createdAt: number;
}

export interface TemplateFilter {
  readonly fraudType?: string | undefined;
  readonly minCount?: number | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  /** Only templates with at least one fraud (or spam) message. */
  readonly verdict?: 'fraud' | 'spam' | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface ShadowSummary {
  readonly shadowVersion: string;
  readonly activeVersion: string;
  readonly decisions: number;
  readonly agreements: number;
  readonly byPair: ReadonlyArray<{
    readonly active: string;
    readonly shadow: string;
    readonly count: number;
  }>;
}

const parseJson = <T>(text: string, fallback: T, guard: (v: unknown) => v is T): T => {
  try {
    const v: unknown = JSON.parse(text);
    return guard(v) ? v : fallback;
  } catch {
    return fallback;
  }
};
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');
const isCountRecord = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'number');
type ResourceCount = { kind: string; value: string; count: number };
const isResourceList = (v: unknown): v is ResourceCount[] =>
  Array.isArray(v) &&
  v.every(
    (x: unknown) =>
      typeof x === 'object' &&
      x !== null &&
      'kind' in x &&
      'value' in x &&
      'count' in x &&
      typeof x.kind === 'string' &&
      typeof x.value === 'string' &&
      typeof x.count === 'number',
  );

const templateRowToTemplate = (row: Selectable<SmsTemplatesTable>): StoredTemplate => ({
  id: row.id,
  pattern: row.pattern,
  signature: Uint32Array.from(parseJson(row.signature, [], isNumberArray)),
  count: Number(row.message_count),
  fraudCount: Number(row.fraud_count),
  spamCount: Number(row.spam_count),
  firstSeen: Number(row.first_seen),
  lastSeen: Number(row.last_seen),
  fraudType: row.fraud_type ?? undefined,
  fraudTypes: parseJson(row.fraud_types, {}, isCountRecord),
  samples: parseJson(row.samples, [], isStringArray),
  resources: parseJson(row.resources, [], isResourceList),
  detectorVersion: row.detector_version,
});

export const findTemplate = async (db: Executor, id: string): Promise<StoredTemplate | undefined> => {
  const row = await db.selectFrom('sms_templates').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? templateRowToTemplate(row) : undefined;
};

/** Every template's id and signature, to rebuild the in-memory matcher at start. */
export const listTemplateSignatures = async (
  db: Executor,
): Promise<Array<{ readonly id: string; readonly signature: Uint32Array }>> => {
  const rows = await db.selectFrom('sms_templates').select(['id', 'signature']).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    signature: Uint32Array.from(parseJson(r.signature, [], isNumberArray)),
  }));
};

/** The columns a template's counters and summaries live in (written on insert and on every update). */
const templateCounters = (t: StoredTemplate, now: number) => ({
  message_count: t.count,
  fraud_count: t.fraudCount,
  spam_count: t.spamCount,
  first_seen: t.firstSeen,
  last_seen: t.lastSeen,
  fraud_type: t.fraudType ?? null,
  fraud_types: JSON.stringify(t.fraudTypes),
  samples: JSON.stringify(t.samples),
  resources: JSON.stringify(t.resources),
  detector_version: t.detectorVersion,
  updated_at: now,
});

export const insertTemplate = async (db: Executor, t: StoredTemplate, now: number): Promise<void> => {
  await db
    .insertInto('sms_templates')
    .values({
      id: t.id,
      pattern: t.pattern,
      signature: JSON.stringify(Array.from(t.signature)),
      ...templateCounters(t, now),
    })
    .execute();
};

/** Writes a template's new counters and summaries (read, merged by the service, written back in one transaction). */
export const updateTemplate = async (db: Executor, t: StoredTemplate, now: number): Promise<void> => {
  await db.updateTable('sms_templates').set(templateCounters(t, now)).where('id', '=', t.id).execute();
};

export const listTemplates = async (db: Executor, filter: TemplateFilter): Promise<StoredTemplate[]> => {
  let q = db.selectFrom('sms_templates').selectAll();
  if (filter.fraudType !== undefined) q = q.where('fraud_type', '=', filter.fraudType);
  if (filter.minCount !== undefined) q = q.where('message_count', '>=', filter.minCount);
  if (filter.since !== undefined) q = q.where('last_seen', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('first_seen', '<=', filter.until);
  if (filter.verdict === 'fraud') q = q.where('fraud_count', '>', 0);
  if (filter.verdict === 'spam') q = q.where('spam_count', '>', 0);
  const rows = await q
    .orderBy('message_count', 'desc')
    .orderBy('last_seen', 'desc')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(templateRowToTemplate);
};

/** A stored message as its ingest answered it (a client retrying a record gets the same answer). */
export interface StoredMessage {
  readonly id: string;
  readonly orgId: string;
  readonly templateId: string;
  readonly verdict: string;
  readonly score: number;
  readonly fraudType: string | undefined;
  readonly reasons: string[];
  readonly indicators: Array<{ kind: string; value: string }>;
}

const parseJsonArray = (text: string): unknown[] => {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v : [];
};

export const findMessage = async (db: Executor, id: string): Promise<StoredMessage | undefined> => {
  const r = await db.selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    orgId: r.org_id,
    templateId: r.template_id,
    verdict: r.verdict,
    score: r.score,
    fraudType: r.fraud_type ?? undefined,
    reasons: parseJsonArray(r.reasons).map(String),
    indicators: parseJsonArray(r.indicators).flatMap((i) =>
      typeof i === 'object' && i !== null && 'kind' in i && 'value' in i
        ? [{ kind: String(i.kind), value: String(i.value) }]
        : [],
    ),
  };
};

/** Inserts the message unless its id is taken; false when it was (the caller's record is a replay). */
export const insertMessage = async (db: Executor, m: NewMessage): Promise<boolean> => {
  const r = await db
    .insertInto('sms_messages')
    .values({
      id: m.id,
      org_id: m.orgId,
      sender: m.sender,
      receiver: m.receiver,
      sent_at: m.sentAt,
      text: m.text,
      normalized_text: m.normalizedText,
      template_id: m.templateId,
      verdict: m.verdict,
      score: m.score,
      fraud_type: m.fraudType ?? null,
      reasons: JSON.stringify(m.reasons),
      indicators: JSON.stringify(
        m.indicators.map((i) => ({ kind: i.kind, value: i.value, raw: i.raw, start: i.start, end: i.end })),
      ),
      detector_version: m.detectorVersion,
      created_at: m.createdAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
};

export const countMessages = async (db: Executor, templateId?: string): Promise<number> => {
  let q = db.selectFrom('sms_messages').select((eb) => eb.fn.countAll<number>().as('n'));
  if (templateId !== undefined) q = q.where('template_id', '=', templateId);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
};

export const insertShadowDecision = async (db: Executor, d: NewShadowDecision): Promise<void> => {
  await db
    .insertInto('sms_shadow_decisions')
    .values({
      message_id: d.messageId,
      active_version: d.activeVersion,
      shadow_version: d.shadowVersion,
      active_verdict: d.activeVerdict,
      verdict: d.verdict,
      score: d.score,
      fraud_type: d.fraudType ?? null,
      reasons: JSON.stringify(d.reasons),
      created_at: d.createdAt,
    })
    .execute();
};

/** How often a shadow version agreed with the active one, and the verdict pairs where it did not. */
export const summarizeShadow = async (
  db: Executor,
  shadowVersion: string,
): Promise<ShadowSummary | undefined> => {
  const rows = await db
    .selectFrom('sms_shadow_decisions')
    .select(['active_version', 'active_verdict', 'verdict', (eb) => eb.fn.countAll<number>().as('n')])
    .where('shadow_version', '=', shadowVersion)
    .groupBy(['active_version', 'active_verdict', 'verdict'])
    .orderBy('active_verdict')
    .orderBy('verdict')
    .execute();
  if (rows.length === 0) return undefined;
  let decisions = 0;
  let agreements = 0;
  for (const r of rows) {
    decisions += Number(r.n);
    if (r.active_verdict === r.verdict) agreements += Number(r.n);
  }
  return {
    shadowVersion,
    activeVersion: rows[0]?.active_version ?? '',
    decisions,
    agreements,
    byPair: rows.map((r) => ({ active: r.active_verdict, shadow: r.verdict, count: Number(r.n) })),
  };
};

/** The SMS engine's tables as one object, built by the container and passed to the service. */
export const smsRepository = () => ({
  findTemplate,
  listTemplateSignatures,
  insertTemplate,
  updateTemplate,
  listTemplates,
  findMessage,
  insertMessage,
  countMessages,
  insertShadowDecision,
  summarizeShadow,
});

export type SmsRepository = ReturnType<typeof smsRepository>;
