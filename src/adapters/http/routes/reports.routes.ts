/**
 * Public report endpoints (anonymous, rate-limited) and the report desk's settings. Fixed points used by
 * independent checks: `POST /api/v1/reports` → 201 `{receipt, extracted}`, `GET /api/v1/reports/{receipt}`.
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { errorResponses } from '../../../shared/schemas.ts';
import { DEFAULT_POW } from '../../../modules/reports/reports.pow.ts';
import {
  ChallengeSchema,
  PowSettingsBody,
  PublicStatusSchema,
  ReceiptSchema,
  ReportBody,
  reportInputOf,
} from '../../../modules/reports/reports.schema.ts';
import type { ReportsService } from '../../../modules/reports/reports.service.ts';

const tags = ['reports'];

export const reportsRoutes =
  (deps: { reports: ReportsService; anonymousRateLimit: number }) => async (app: App) => {
    const { reports } = deps;
    const rateLimit = { max: deps.anonymousRateLimit, timeWindow: '1 minute' };

    app.get(
      '/api/v1/reports/challenge',
      {
        config: { rateLimit },
        schema: {
          tags,
          summary: 'A proof-of-work challenge for one anonymous report',
          response: { 200: ChallengeSchema },
        },
      },
      async () => reports.challenge(),
    );

    app.post(
      '/api/v1/reports',
      {
        config: { rateLimit },
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Report fraud anonymously (channel, text, values, evidence files); answers a receipt',
          body: ReportBody,
          response: { 201: ReceiptSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const input = reportInputOf(request.body);
        const r = await reports.submit(input, request.ip);
        return reply.status(201).send({ ...r, extracted: [...r.extracted] });
      },
    );

    app.get(
      '/api/v1/reports/:receipt',
      {
        config: { rateLimit },
        schema: {
          tags,
          summary: 'The public status of a report, by its receipt',
          params: Type.Object({ receipt: Type.String({ minLength: 1, maxLength: 40 }) }),
          response: { 200: PublicStatusSchema, ...errorResponses },
        },
      },
      async (request) => reports.status(request.params.receipt),
    );

    app.put(
      '/api/v1/reports/settings',
      {
        schema: {
          tags,
          summary: 'Proof-of-work difficulty and whether it is required (platform administrators)',
          body: PowSettingsBody,
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return reports.setPowSettings(actor, {
          ...request.body,
          ttlMs: request.body.ttlMs ?? DEFAULT_POW.ttlMs,
        });
      },
    );
  };
