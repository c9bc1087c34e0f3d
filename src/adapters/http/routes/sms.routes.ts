/**
 * The SMS engine's HTTP API: classify one message or a batch, ingest SMS records (templates, stored
 * verdicts, library claims for fraud), list templates with filters. Handlers validate and delegate.
 */
import type { App } from '../http.types.ts';
import { actorOf, requireActor, requirePrincipal } from '../guards.ts';
import { errorResponses } from '../../../shared/schemas.ts';
import { invalidInput } from '../../../shared/errors.ts';
import type { StoredTemplate } from '../../../modules/detect/sms/sms.repository.ts';
import {
  ClassifyBody,
  ClassifyResponse,
  IngestBody,
  IngestResponse,
  TemplatesQuery,
  TemplatesResponse,
} from '../../../modules/detect/sms/sms.schema.ts';
import type { SmsService } from '../../../modules/detect/sms/sms.service.ts';

const epochOf = (iso: string | undefined, field: string): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw invalidInput(field, 'not an ISO 8601 date-time');
  return t;
};

const templateView = (t: StoredTemplate) => ({
  id: t.id,
  pattern: t.pattern,
  count: t.count,
  fraudCount: t.fraudCount,
  spamCount: t.spamCount,
  firstSeen: new Date(t.firstSeen).toISOString(),
  lastSeen: new Date(t.lastSeen).toISOString(),
  ...(t.fraudType ? { fraudType: t.fraudType } : {}),
  samples: [...t.samples],
  resources: t.resources.map((r) => ({ ...r })),
  detectorVersion: t.detectorVersion,
});

export const smsRoutes =
  (deps: { sms: SmsService }) =>
  (app: App): Promise<void> => {
    const { sms } = deps;
    const tags = ['sms'];

    app.post(
      '/api/v1/sms/classify',
      {
        schema: {
          tags,
          summary:
            'Classify one SMS (`text`) or a batch (`messages`): fraud, spam or normal, with type and reasons',
          body: ClassifyBody,
          response: { 200: ClassifyResponse, ...errorResponses },
        },
      },
      (request) => {
        requirePrincipal(request);
        const messages = 'messages' in request.body ? request.body.messages : [request.body];
        const decisions = sms.classify(messages.map((m) => m.text));
        return {
          version: sms.version,
          results: decisions.map((d, i) => ({
            ...(messages[i]?.id !== undefined ? { id: messages[i]?.id } : {}),
            ...d,
          })),
        };
      },
    );

    app.post(
      '/api/v1/sms/ingest',
      {
        schema: {
          tags,
          summary: 'Ingest SMS records: verdict, template, stored message; fraud becomes library claims',
          body: IngestBody,
          response: { 200: IngestResponse, ...errorResponses },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const records = request.body.records.map((r, i) => ({
          ...r,
          time: epochOf(r.time, `records[${i}].time`) ?? 0,
        }));
        const results = await sms.ingest(actorOf(principal), records);
        return {
          version: sms.version,
          ...(sms.shadowVersion ? { shadowVersion: sms.shadowVersion } : {}),
          results: results.map((r) => ({
            ...r,
            reasons: [...r.reasons],
            indicators: r.indicators.map((i) => ({ ...i })),
          })),
        };
      },
    );

    app.get(
      '/api/v1/sms/templates',
      {
        schema: {
          tags,
          summary: 'SMS templates (campaigns), largest first, filtered by fraud type, verdict, size and time',
          querystring: TemplatesQuery,
          response: { 200: TemplatesResponse, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const q = request.query;
        const items = await sms.listTemplates(actor, {
          fraudType: q.fraudType,
          verdict: q.verdict,
          minCount: q.minCount,
          since: epochOf(q.since, 'since'),
          until: epochOf(q.until, 'until'),
          limit: q.limit,
          offset: q.offset,
        });
        return { items: items.map(templateView) };
      },
    );
    return Promise.resolve();
  };
