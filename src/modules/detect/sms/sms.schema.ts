/** What the SMS engine's HTTP API takes and gives (TypeBox: validation and OpenAPI from one source). */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../../shared/schemas.ts';
import { FRAUD_TYPES } from '../../taxonomy/fraud-types.data.ts';
import { SMS_VERDICTS } from './sms.detector.ts';

const MAX_TEXT = 2000;
const MAX_BATCH = 1000;

export const SmsVerdictSchema = StringEnum(SMS_VERDICTS, 'fraud, spam or normal');
export const FraudTypeSchema = StringEnum(
  FRAUD_TYPES.map((t) => t.code),
  'fraud type code from the taxonomy',
);

export const DecisionSchema = Type.Object({
  id: Type.Optional(Type.String()),
  verdict: SmsVerdictSchema,
  score: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'probability that the message is unwanted (fraud or spam)',
  }),
  fraudType: Type.Optional(Type.String()),
  reasons: Type.Array(Type.String()),
});

const MessageIn = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 200 })),
  text: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
});

/** One message (`text`) or a batch (`messages`). */
export const ClassifyBody = Type.Union([
  MessageIn,
  Type.Object({ messages: Type.Array(MessageIn, { minItems: 1, maxItems: MAX_BATCH }) }),
]);
export type ClassifyBody = Static<typeof ClassifyBody>;

export const ClassifyResponse = Type.Object({ version: Type.String(), results: Type.Array(DecisionSchema) });

export const SmsRecordSchema = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sender: Type.String({ minLength: 1, maxLength: 64 }),
  receiver: Type.String({ minLength: 1, maxLength: 64 }),
  time: Type.String({ format: 'date-time', description: 'when the message was sent (ISO 8601)' }),
  text: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
});
export const IngestBody = Type.Object({
  records: Type.Array(SmsRecordSchema, { minItems: 1, maxItems: MAX_BATCH }),
});

export const IngestResponse = Type.Object({
  version: Type.String(),
  shadowVersion: Type.Optional(Type.String()),
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      verdict: SmsVerdictSchema,
      score: Type.Number(),
      fraudType: Type.Optional(Type.String()),
      reasons: Type.Array(Type.String()),
      templateId: Type.String(),
      indicators: Type.Array(Type.Object({ kind: Type.String(), value: Type.String() })),
      claims: Type.Integer(),
      shadow: Type.Optional(
        Type.Object({ version: Type.String(), verdict: SmsVerdictSchema, score: Type.Number() }),
      ),
    }),
  ),
});

export const TemplatesQuery = Type.Object({
  fraudType: Type.Optional(FraudTypeSchema),
  verdict: Type.Optional(StringEnum(['fraud', 'spam'] as const)),
  minCount: Type.Optional(Type.Integer({ minimum: 1 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

export const TemplateSchema = Type.Object({
  id: Type.String(),
  pattern: Type.String(),
  count: Type.Integer(),
  fraudCount: Type.Integer(),
  spamCount: Type.Integer(),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  fraudType: Type.Optional(Type.String()),
  samples: Type.Array(Type.String()),
  resources: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), count: Type.Integer() })),
  detectorVersion: Type.String(),
});
export const TemplatesResponse = Type.Object({ items: Type.Array(TemplateSchema) });
