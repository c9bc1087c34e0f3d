/** Qualification, cases, work orders and appeals (协同处置): vocabulary and policy as data. */
import type { ResourceType } from '../library/library.types.ts';

export const QUEUE_STATUSES = ['open', 'escalated', 'confirmed', 'rejected', 'merged'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const QUEUE_KINDS = ['report', 'alert'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CASE_STATUSES = ['open', 'closed', 'merged'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const WORK_ORDER_ACTIONS = [
  'suspend_number',
  'take_down_domain',
  'ban_account',
  'freeze_account',
  'warn_user',
  /** 二次实人核验: the subscriber must prove again, in person, that the number is theirs. */
  'reverify_subscriber',
  /** 核实账户持有人: the bank confirms who holds the account and that they opened and use it themselves. */
  'verify_holder',
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

export const WORK_ORDER_STATUSES = ['open', 'escalated', 'done', 'refused'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** How the addressed organisation answered: it acted, the value is not its own, or it cannot act. */
export const WORK_ORDER_OUTCOMES = ['done', 'not_ours', 'cannot_act'] as const;
export type WorkOrderOutcome = (typeof WORK_ORDER_OUTCOMES)[number];

/** The order of the queue, cases, work orders and appeals: newest first unless the caller asks. */
export const LIST_ORDERS = ['newest', 'oldest'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** How long the recipient has to act, by severity (the report's 'hours, not days' for live fraud). */
export const DEADLINE_MS: Readonly<Record<Severity, number>> = {
  critical: 2 * 3600_000,
  high: 6 * 3600_000,
  medium: 24 * 3600_000,
  low: 72 * 3600_000,
};

/** After a missed deadline the order is escalated and gets this share of its original time again. */
export const ESCALATION = { graceShare: 0.5, maxLevel: 3 } as const;

export const APPEAL_SLA_MS = 24 * 3600_000;

/** What an appeal must show; each item is ticked with a note by the filing organisation. */
export const APPEAL_CHECKLIST = [
  'identity_verified',
  'usage_explained',
  'no_new_reports',
  'owner_statement',
] as const;

export interface QueueValue {
  readonly type: ResourceType;
  readonly normalized: string;
  readonly display: string;
}

export interface QueueItem {
  readonly id: number;
  readonly kind: QueueKind;
  readonly status: QueueStatus;
  readonly title: string;
  readonly channel: string | null;
  readonly fraudType: string | null;
  readonly source: string;
  readonly values: readonly QueueValue[];
  readonly reportCount: number;
  readonly priority: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly caseId: string | null;
  readonly mergedInto: number | null;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly reason: string | null;
}

export interface Case {
  readonly id: string;
  readonly title: string;
  readonly status: CaseStatus;
  readonly severity: Severity;
  readonly fraudType: string | null;
  readonly assignee: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deadlineAt: number | null;
  readonly mergedInto: string | null;
}

export interface CaseValue {
  readonly resourceId: number;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly display: string;
  readonly addedAt: number;
}

export interface CaseEvent {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

export interface WorkOrder {
  readonly id: string;
  readonly caseId: string;
  readonly orgId: string;
  readonly resourceId: number;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly display: string;
  readonly action: WorkOrderAction;
  readonly severity: Severity;
  readonly status: WorkOrderStatus;
  readonly escalationLevel: number;
  readonly createdAt: number;
  readonly deadlineAt: number;
  readonly respondedAt: number | null;
  readonly actedAt: number | null;
  readonly outcome: WorkOrderOutcome | null;
  /** The answer's note: what was done, or the evidence for not acting. */
  readonly responseNote: string | null;
}

export interface Appeal {
  readonly id: string;
  readonly resourceId: number;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly orgId: string;
  readonly againstOrgId: string | null;
  readonly filedBy: string;
  readonly statement: string;
  readonly checklist: ReadonlyArray<{ item: string; provided: boolean; note: string }>;
  readonly previousStatus: string;
  readonly status: AppealStatus;
  readonly createdAt: number;
  readonly dueAt: number;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
  readonly reason: string | null;
}
