/** TypeBox schemas for the qualification, case, work-order and appeal endpoints. */
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../shared/schemas.ts';
import { ResourceTypeSchema } from '../library/library.schema.ts';
import {
  APPEAL_CHECKLIST,
  APPEAL_STATUSES,
  CASE_STATUSES,
  LIST_ORDERS,
  QUEUE_KINDS,
  QUEUE_STATUSES,
  SEVERITIES,
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATUSES,
} from './cases.types.ts';

export const Reason = Type.String({ minLength: 1, maxLength: 2000 });
export const SeveritySchema = StringEnum(SEVERITIES);
export const IntId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const TextId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200 }));
/** Lists run newest first unless `order=oldest`. */
export const Order = Type.Optional(StringEnum(LIST_ORDERS, 'newest (the default) or oldest first'));

export const QueueQuery = Type.Object({
  status: Type.Optional(StringEnum(QUEUE_STATUSES)),
  kind: Type.Optional(StringEnum(QUEUE_KINDS)),
  /** The previous page's `nextCursor` (an opaque string; the queue's happens to be a number's digits). */
  after: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]+$' })),
  order: Order,
  limit: Limit,
});
export const AlertBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  source: Type.String({ minLength: 1, maxLength: 100 }),
  fraudType: Type.Optional(Type.String({ maxLength: 60 })),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  values: Type.Array(
    Type.Object({ type: ResourceTypeSchema, value: Type.String({ minLength: 1, maxLength: 2048 }) }),
    { minItems: 1, maxItems: 100 },
  ),
});
export const DecisionBody = Type.Union([
  Type.Object({
    decision: Type.Literal('confirm'),
    reason: Reason,
    severity: Type.Optional(SeveritySchema),
    fraudType: Type.Optional(Type.String({ maxLength: 60 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    caseId: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  Type.Object({ decision: Type.Literal('reject'), reason: Reason }),
  Type.Object({ decision: Type.Literal('escalate'), reason: Reason }),
  Type.Object({ decision: Type.Literal('merge'), reason: Reason, into: Type.Integer({ minimum: 1 }) }),
]);

export const CaseQuery = Type.Object({
  status: Type.Optional(StringEnum(CASE_STATUSES)),
  after: Type.Optional(Type.String({ maxLength: 64 })),
  order: Order,
  limit: Limit,
});
export const CasePatch = Type.Object({
  assignee: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  severity: Type.Optional(SeveritySchema),
  status: Type.Optional(StringEnum(['open', 'closed'] as const)),
  reason: Type.Optional(Reason),
});
export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) });
export const MergeBody = Type.Object({ into: Type.String({ minLength: 1, maxLength: 64 }), reason: Reason });
export const SplitBody = Type.Object({
  resourceIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
});
export const WorkOrdersBody = Type.Object({
  severity: Type.Optional(SeveritySchema),
  action: Type.Optional(StringEnum(WORK_ORDER_ACTIONS)),
});
export const DossierQuery = Type.Object({ format: Type.Optional(StringEnum(['json', 'html'] as const)) });

export const WorkOrderQuery = Type.Object({
  status: Type.Optional(StringEnum(WORK_ORDER_STATUSES)),
  caseId: Type.Optional(Type.String({ maxLength: 64 })),
  orgId: Type.Optional(Type.String({ maxLength: 64 })),
  after: Type.Optional(Type.String({ maxLength: 64 })),
  order: Order,
  limit: Limit,
});
export const FeedbackBody = Type.Object({
  outcome: StringEnum(
    ['done', 'not_ours', 'cannot_act', 'refused'] as const,
    'done, not_ours (the value is another organisation’s) or cannot_act; refused reads as cannot_act',
  ),
  note: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'what was done, or the evidence for not acting',
    }),
  ),
  actedAt: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time' })),
});
export const RerouteBody = Type.Object({
  orgId: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Reason,
});
export const RoutingBody = Type.Object({
  kind: StringEnum(['operator', 'registrar', 'platform', 'bank'] as const),
  key: Type.String({ minLength: 1, maxLength: 100 }),
  orgId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const AppealBody = Type.Object({
  type: ResourceTypeSchema,
  value: Type.String({ minLength: 1, maxLength: 2048 }),
  statement: Type.String({ minLength: 1, maxLength: 5000 }),
  checklist: Type.Array(
    Type.Object({
      item: StringEnum(APPEAL_CHECKLIST),
      provided: Type.Boolean(),
      note: Type.Optional(Type.String({ maxLength: 1000 })),
    }),
    { maxItems: 10 },
  ),
});
export const AppealDecisionBody = Type.Object({
  decision: StringEnum(['upheld', 'rejected'] as const),
  reason: Reason,
});
export const AppealQuery = Type.Object({
  status: Type.Optional(StringEnum(APPEAL_STATUSES)),
  after: Type.Optional(Type.String({ maxLength: 64 })),
  order: Order,
  limit: Limit,
});
