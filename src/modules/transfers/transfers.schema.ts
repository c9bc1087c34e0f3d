/**
 * The transaction stream's wire format (documented in docs/transfers.md): one transfer as a bank or
 * payment institution sends it. `recordId` is the sender's own id: sending a record again, or late,
 * changes nothing.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { MuleReason } from './transfers.types.ts';

export const TransferInputSchema = Type.Object(
  {
    recordId: Type.String({ minLength: 1, maxLength: 128 }),
    payer: Type.String({ minLength: 1, maxLength: 64 }),
    payee: Type.String({ minLength: 1, maxLength: 64 }),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    /** Epoch ms or an ISO date-time. */
    time: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ format: 'date-time' })]),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** The payee's institution (bank code such as ICBC, or a BIC). */
    institution: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type TransferInput = Static<typeof TransferInputSchema>;

export const TransferBatchSchema = Type.Object({
  transfers: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10_000 }),
});

export const MuleReasonSchema = Type.Object({
  pattern: Type.String(),
  message: Type.String(),
  path: Type.Optional(Type.Array(Type.String())),
});

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  expired: Type.Integer(),
  scored: Type.Integer(),
  mules: Type.Integer(),
  casesOpened: Type.Integer(),
  casesUpdated: Type.Integer(),
});
export type IngestResult = Static<typeof IngestResultSchema>;

export const MuleAlertSchema = Type.Object({
  account: Type.String(),
  institution: Type.Union([Type.String(), Type.Null()]),
  score: Type.Number(),
  reasons: Type.Array(MuleReasonSchema),
  model: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  firstAt: Type.Number(),
  updatedAt: Type.Number(),
});

/** Reasons as the response schema types them (mutable arrays). */
export const reasonsOut = (reasons: readonly MuleReason[]): Array<Static<typeof MuleReasonSchema>> =>
  reasons.map((r) => ({ pattern: r.pattern, message: r.message, ...(r.path ? { path: [...r.path] } : {}) }));
