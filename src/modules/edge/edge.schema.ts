/** TypeBox schemas of what the edge endpoints take and give (OpenAPI comes from these). */
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../shared/schemas.ts';
import { LIST_NAMES } from './edge.lists.ts';
import { WARNING_TRIGGERS } from './edge.warnings.plan.ts';

/** Longest phone and group accepted by the edge endpoints (the lean listener checks the same bounds). */
export const MAX_PHONE = 64;
export const MAX_GROUP = 40;
const Phone = Type.String({ minLength: 1, maxLength: MAX_PHONE });
const Group = Type.Optional(Type.String({ maxLength: MAX_GROUP }));

export const CallQuery = Type.Object({
  from: Phone,
  to: Phone,
  group: Group,
});

export const CompletedCallBody = Type.Object({
  caller: Phone,
  callee: Phone,
  group: Group,
});

export const SmsBody = Type.Object({
  sender: Phone,
  receiver: Phone,
  text: Type.String({ maxLength: 4000 }),
  group: Group,
});

export const EdgeDecisionSchema = Type.Object({
  action: Type.String(),
  fraudType: Type.Optional(Type.String()),
  reasons: Type.Array(Type.String()),
  classifier: Type.Optional(Type.String()),
});

export const PayeeBody = Type.Object({
  payer: Type.String({ minLength: 1, maxLength: 64 }),
  payee: Type.Object({
    account: Type.String({ minLength: 1, maxLength: 64 }),
    institution: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    phone: Type.Optional(Phone),
    holder: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "the account holder's ID number or company code, checked against the joint-punishment list",
      }),
    ),
  }),
  amount: Type.Number({ minimum: 0 }),
  channel: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'mobile_app, online_banking, counter, atm, api, standing_order …',
  }),
});

export const ListParams = Type.Object({ name: StringEnum(LIST_NAMES, 'list name') });
export const ListQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

export const WebhookBody = Type.Object({
  url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
  secret: Type.String({ minLength: 16, maxLength: 200 }),
});
export const WarningsQuery = Type.Object({
  subscriber: Type.Optional(Phone),
  status: Type.Optional(StringEnum(['pending', 'delivered', 'suppressed', 'failed'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export const FeedbackBody = Type.Object({ accurate: Type.Boolean() });
export const WarningEventBody = Type.Object({
  subscriber: Phone,
  trigger: StringEnum(WARNING_TRIGGERS),
  verdict: StringEnum(['suspicious', 'fraud'] as const),
  counterpart: Type.Optional(Type.String({ maxLength: 200 })),
  fraudType: Type.Optional(Type.String({ maxLength: 60 })),
  group: Group,
  reason: Type.String({ minLength: 1, maxLength: 500 }),
});
export const WarningIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const AccuracyQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
