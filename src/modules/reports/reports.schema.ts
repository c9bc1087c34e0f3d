/** TypeBox schemas of what comes into and goes out of the report API (OpenAPI comes from them). */
import { Type, type Static } from '@sinclair/typebox';
import { invalidInput } from '../../shared/errors.ts';
import { StringEnum } from '../../shared/schemas.ts';
import { ResourceTypeSchema } from '../library/library.schema.ts';
import { PUBLIC_STATUSES, REPORT_CHANNELS, type ReportInput } from './reports.types.ts';

export const ReportChannelSchema = StringEnum(REPORT_CHANNELS, 'where the fraud reached the reporter');

export const ReportBody = Type.Object({
  channel: ReportChannelSchema,
  text: Type.String({
    minLength: 1,
    maxLength: 10_000,
    description: 'what happened, in the reporter’s words',
  }),
  values: Type.Optional(
    Type.Array(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 2048 }),
        Type.Object({
          type: Type.Optional(ResourceTypeSchema),
          value: Type.String({ minLength: 1, maxLength: 2048 }),
        }),
      ]),
      { maxItems: 50, description: 'numbers, links, accounts, bank accounts the reporter has' },
    ),
  ),
  amountLost: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  occurredAt: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time' })),
  contact: Type.Optional(
    Type.String({ minLength: 3, maxLength: 200, description: 'sealed; only the regulator sees it' }),
  ),
  files: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.Optional(Type.String({ maxLength: 200 })),
        contentBase64: Type.String({ minLength: 4 }),
      }),
      { maxItems: 4 },
    ),
  ),
  pow: Type.Optional(
    Type.Object({
      challenge: Type.String({ minLength: 1, maxLength: 200 }),
      nonce: Type.String({ minLength: 1, maxLength: 64 }),
    }),
  ),
});

export const ExtractedSchema = Type.Object({
  type: ResourceTypeSchema,
  value: Type.String(),
  normalized: Type.String(),
  display: Type.String(),
  from: Type.String(),
});

export const ReceiptSchema = Type.Object({
  receipt: Type.String(),
  extracted: Type.Array(ExtractedSchema),
  groupSize: Type.Integer(),
});

export const PublicStatusSchema = Type.Object({
  receipt: Type.String(),
  status: StringEnum(PUBLIC_STATUSES),
  channel: Type.String(),
  submittedAt: Type.Integer(),
  updatedAt: Type.Integer(),
  similarReports: Type.Integer(),
});

export const ChallengeSchema = Type.Object({
  challenge: Type.String(),
  difficulty: Type.Integer(),
  expiresAt: Type.Integer(),
});

export const PowSettingsBody = Type.Object({
  difficulty: Type.Integer({ minimum: 0, maximum: 28 }),
  required: Type.Boolean(),
  ttlMs: Type.Optional(Type.Integer({ minimum: 10_000, maximum: 3_600_000 })),
});

/** The service's input from a validated body (HTTP or a CLI JSONL line). */
export const reportInputOf = (b: Static<typeof ReportBody>): ReportInput => {
  let occurredAt: number | undefined;
  if (b.occurredAt !== undefined) {
    occurredAt = Date.parse(b.occurredAt);
    if (Number.isNaN(occurredAt)) throw invalidInput('occurredAt', 'not a date-time');
  }
  return {
    channel: b.channel,
    text: b.text,
    values: b.values?.map((v) => (typeof v === 'string' ? { value: v } : v)),
    amountLost: b.amountLost,
    occurredAt,
    contact: b.contact,
    files: b.files,
    pow: b.pow,
  };
};
