/** What the gang endpoints return. */
import { Type } from '@sinclair/typebox';

const Evidence = Type.Object({ kind: Type.String(), source: Type.String(), at: Type.Number() });
export const EvidenceStepSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  weight: Type.Number(),
  evidence: Type.Array(Evidence),
});

export const GangSummarySchema = Type.Object({
  id: Type.String(),
  score: Type.Number(),
  size: Type.Integer(),
  flagged: Type.Integer(),
  members: Type.Record(Type.String(), Type.Array(Type.String())),
  fraudTypes: Type.Array(Type.String()),
  templates: Type.Array(Type.String()),
  firstAt: Type.Union([Type.Number(), Type.Null()]),
  lastAt: Type.Union([Type.Number(), Type.Null()]),
});

export const GangDetailSchema = Type.Intersect([
  GangSummarySchema,
  Type.Object({
    nodes: Type.Array(Type.Object({ key: Type.String(), role: Type.String(), verdict: Type.String() })),
    edges: Type.Array(EvidenceStepSchema),
  }),
]);

export const GangIdParams = Type.Object({ id: Type.String({ pattern: '^gang_[0-9a-f]{12}$' }) });
