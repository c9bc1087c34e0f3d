/**
 * The SMS engine's service: classify, ingest (verdict → template → stored message → library claims for
 * fraud), list templates, and shadow mode — the runner evaluates the active detector version and, when
 * one is configured, a shadow version whose decision is recorded and never acted on.
 */
import type { Db } from '../../../adapters/db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { IdGenerator } from '../../../shared/ids.ts';
import { resourceTypeOf, type Indicator } from '../../extract/extract.ts';
import type { ClaimSink } from '../../library/library.port.ts';
import type { ClaimInput, LinkInput, ResourceType } from '../../library/library.types.ts';
import type { Actor } from '../../../shared/actor.ts';
import { requireMay } from '../../../shared/policy.ts';
import { DomainError } from '../../../shared/errors.ts';
import { isOneOf } from '../../../shared/parse.ts';
import {
  SMS_VERDICTS,
  type SmsAnalysis,
  type SmsClassifier,
  type SmsDecision,
  type SmsVerdict,
} from './sms.detector.ts';
import type { ShadowSummary, SmsRepository, StoredTemplate, TemplateFilter } from './sms.repository.ts';
import { TemplateMatcher } from './template-matcher.ts';
import { DEFAULT_TEMPLATE_OPTIONS, minhashSignature, slotText, type TemplateOptions } from './templates.ts';

export interface SmsServiceDeps {
  readonly db: Db;
  readonly repo: SmsRepository;
  /** The active detector version: its verdicts act (claims, interception). */
  readonly classifier: SmsClassifier;
  /** A candidate version run in shadow mode: its decisions are recorded only. */
  readonly shadow?: SmsClassifier | undefined;
  readonly claims: ClaimSink;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly templateOptions?: Partial<TemplateOptions>;
}

export interface SmsRecord {
  readonly id?: string | undefined;
  readonly sender: string;
  readonly receiver: string;
  /** Epoch ms when the message was sent. */
  readonly time: number;
  readonly text: string;
}

export interface IngestResult extends SmsDecision {
  readonly id: string;
  readonly templateId: string;
  readonly indicators: ReadonlyArray<{ readonly kind: string; readonly value: string }>;
  readonly claims: number;
  readonly shadow?: { readonly version: string; readonly verdict: SmsVerdict; readonly score: number };
}

export interface RunResult {
  readonly active: SmsAnalysis;
  readonly shadow?: { readonly version: string; readonly decision: SmsDecision };
}

/**
 * Runs the active version and, if configured, the shadow version on one message; `sender`, when the
 * record has one, is evidence too (a service port is not a private mobile).
 */
export const runSmsDetectors = (
  active: SmsClassifier,
  shadow: SmsClassifier | undefined,
  text: string,
  sender?: string,
): RunResult => {
  const input = sender === undefined ? { text } : { text, sender };
  const analysis = active.analyze(input);
  if (!shadow) return { active: analysis };
  return { active: analysis, shadow: { version: shadow.version, decision: shadow.classify(input) } };
};

const MAX_SAMPLES = 3;
const MAX_RESOURCES = 20;

/** The template after one more message: counters, seen times, samples, resources, majority type. */
export const mergeIntoTemplate = (
  t: StoredTemplate,
  m: { text: string; time: number; decision: SmsDecision; indicators: readonly Indicator[]; version: string },
): StoredTemplate => {
  const fraudTypes = { ...t.fraudTypes };
  if (m.decision.verdict === 'fraud' && m.decision.fraudType)
    fraudTypes[m.decision.fraudType] = (fraudTypes[m.decision.fraudType] ?? 0) + 1;
  const resources = t.resources.map((r) => ({ ...r }));
  for (const ind of m.indicators) {
    if (resourceTypeOf(ind.kind) === undefined) continue;
    const existing = resources.find((r) => r.kind === ind.kind && r.value === ind.value);
    if (existing) existing.count++;
    else resources.push({ kind: ind.kind, value: ind.value, count: 1 });
  }
  const fraudType = Object.entries(fraudTypes).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]?.[0];
  return {
    ...t,
    count: t.count + 1,
    fraudCount: t.fraudCount + (m.decision.verdict === 'fraud' ? 1 : 0),
    spamCount: t.spamCount + (m.decision.verdict === 'spam' ? 1 : 0),
    firstSeen: Math.min(t.firstSeen, m.time),
    lastSeen: Math.max(t.lastSeen, m.time),
    fraudTypes,
    fraudType,
    samples:
      t.samples.length < MAX_SAMPLES && !t.samples.includes(m.text) ? [...t.samples, m.text] : t.samples,
    resources: resources.sort((a, b) => b.count - a.count).slice(0, MAX_RESOURCES),
    detectorVersion: m.version,
  };
};

/** Claims and links for a fraud message: the text, its sender, and every resource it mentions. */
export const fraudClaims = (
  record: SmsRecord,
  decision: SmsDecision,
  indicators: readonly Indicator[],
  source: string,
  evidence: Record<string, unknown>,
): { claims: ClaimInput[]; links: LinkInput[] } => {
  const base = {
    verdict: 'fraud' as const,
    fraudType: decision.fraudType,
    confidence: decision.score,
    source,
    evidence,
  };
  const claims: ClaimInput[] = [
    { ...base, type: 'sms', value: record.text },
    { ...base, type: 'phone', value: record.sender },
  ];
  const sms = { type: 'sms' as const, value: record.text };
  const links: LinkInput[] = [{ from: sms, to: { type: 'phone', value: record.sender }, kind: 'sent_by' }];
  const seen = new Set<string>();
  for (const ind of indicators) {
    const type: ResourceType | undefined = ind.kind === 'email' ? undefined : resourceTypeOf(ind.kind);
    if (!type || seen.has(`${type}:${ind.value}`)) continue;
    seen.add(`${type}:${ind.value}`);
    claims.push({ ...base, type, value: ind.value });
    links.push({ from: sms, to: { type, value: ind.value }, kind: 'mentions' });
  }
  return { claims, links };
};

/** Thrown inside an ingest transaction to roll it back when another request stored the same record id. */
class ConcurrentReplay extends Error {}

export const createSmsService = (deps: SmsServiceDeps) => {
  const options = { ...DEFAULT_TEMPLATE_OPTIONS, ...deps.templateOptions };
  const source = `detector:${deps.classifier.version}`;
  let matcher: Promise<TemplateMatcher> | undefined;
  const templateMatcher = (): Promise<TemplateMatcher> => {
    matcher ??= deps.repo.listTemplateSignatures(deps.db).then((rows) => {
      const m = new TemplateMatcher(options);
      for (const r of rows) m.add(r.id, r.signature);
      return m;
    });
    return matcher;
  };

  /** The answer a record got when it was first ingested; another organisation's id is a conflict. */
  const replayOf = async (actor: Actor, id: string): Promise<IngestResult> => {
    const m = await deps.repo.findMessage(deps.db, id);
    if (!m || m.orgId !== actor.orgId)
      throw new DomainError('conflict', `record id ${id} is already used by another organisation`, 'id');
    return {
      id,
      verdict: isOneOf(SMS_VERDICTS, m.verdict) ? m.verdict : 'normal',
      score: m.score,
      ...(m.fraudType ? { fraudType: m.fraudType } : {}),
      reasons: m.reasons,
      templateId: m.templateId,
      indicators: m.indicators,
      claims: 0,
    };
  };

  const ingestOne = async (actor: Actor, record: SmsRecord): Promise<IngestResult> => {
    const run = runSmsDetectors(deps.classifier, deps.shadow, record.text, record.sender);
    const { decision, features } = run.active;
    const { slotted } = slotText(record.text);
    const signature = minhashSignature(slotted, options.hashes);
    const m = await templateMatcher();
    const now = deps.clock.now().getTime();
    const id = record.id ?? deps.ids.next('sms');
    const matched = m.match(signature);
    const templateId = matched ?? deps.ids.next('tpl');
    const message = {
      text: features.normalized.text,
      time: record.time,
      decision,
      indicators: features.indicators,
      version: deps.classifier.version,
    };
    const stored = await deps.db
      .transaction()
      .execute(async (tx) => {
        // A record id seen before (a client retrying after a timeout) changes nothing.
        if (record.id !== undefined && (await deps.repo.findMessage(tx, id))) return false;
        const existing = matched ? await deps.repo.findTemplate(tx, matched) : undefined;
        if (existing) await deps.repo.updateTemplate(tx, mergeIntoTemplate(existing, message), now);
        else {
          const empty: StoredTemplate = {
            id: templateId,
            pattern: slotted,
            signature,
            count: 0,
            fraudCount: 0,
            spamCount: 0,
            firstSeen: record.time,
            lastSeen: record.time,
            fraudType: undefined,
            fraudTypes: {},
            samples: [],
            resources: [],
            detectorVersion: deps.classifier.version,
          };
          await deps.repo.insertTemplate(tx, mergeIntoTemplate(empty, message), now);
        }
        const fresh = await deps.repo.insertMessage(tx, {
          id,
          orgId: actor.orgId,
          sender: record.sender,
          receiver: record.receiver,
          sentAt: record.time,
          text: record.text,
          normalizedText: features.normalized.text,
          templateId,
          verdict: decision.verdict,
          score: decision.score,
          fraudType: decision.fraudType,
          reasons: decision.reasons,
          indicators: features.indicators,
          detectorVersion: deps.classifier.version,
          createdAt: now,
        });
        // Another request with the same id committed in between: undo this one's template counts.
        if (!fresh) throw new ConcurrentReplay();
        if (run.shadow) {
          await deps.repo.insertShadowDecision(tx, {
            messageId: id,
            activeVersion: deps.classifier.version,
            shadowVersion: run.shadow.version,
            activeVerdict: decision.verdict,
            verdict: run.shadow.decision.verdict,
            score: run.shadow.decision.score,
            fraudType: run.shadow.decision.fraudType,
            reasons: run.shadow.decision.reasons,
            createdAt: now,
          });
        }
        return true;
      })
      .catch((e: unknown) => {
        if (e instanceof ConcurrentReplay) return false;
        throw e;
      });
    if (!stored) return replayOf(actor, id);
    // Only after commit: a rolled-back template must not be matched later.
    if (!matched) m.add(templateId, signature);
    let claims = 0;
    if (decision.verdict === 'fraud') {
      const evidence = { messageId: id, templateId, reasons: decision.reasons };
      const batch = fraudClaims(record, decision, features.indicators, source, evidence);
      claims = (await deps.claims.submitClaims(actor, batch.claims, batch.links)).accepted;
    }
    return {
      id,
      ...decision,
      templateId,
      indicators: features.indicators.map((i) => ({ kind: i.kind, value: i.value })),
      claims,
      ...(run.shadow
        ? {
            shadow: {
              version: run.shadow.version,
              verdict: run.shadow.decision.verdict,
              score: run.shadow.decision.score,
            },
          }
        : {}),
    };
  };

  return {
    version: deps.classifier.version,
    shadowVersion: deps.shadow?.version,
    classify: (texts: readonly string[]): SmsDecision[] =>
      texts.map((text) => deps.classifier.classify({ text })),
    /** Records are ingested one after the other so each sees the templates of the ones before. */
    async ingest(actor: Actor, records: readonly SmsRecord[]): Promise<IngestResult[]> {
      requireMay(actor, 'sms.ingest');
      const out: IngestResult[] = [];
      for (const r of records) out.push(await ingestOne(actor, r));
      return out;
    },
    async listTemplates(actor: Actor, filter: TemplateFilter): Promise<StoredTemplate[]> {
      requireMay(actor, 'sms.templates.read');
      return deps.repo.listTemplates(deps.db, filter);
    },
    shadowSummary: (): Promise<ShadowSummary | undefined> =>
      deps.shadow ? deps.repo.summarizeShadow(deps.db, deps.shadow.version) : Promise.resolve(undefined),
  };
};

export type SmsService = ReturnType<typeof createSmsService>;
