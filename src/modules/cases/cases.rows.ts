/** Row → domain mappers for the cases repositories (rows never leave the repositories). */
import type { Selectable } from 'kysely';
import type { AppealsTable, CasesTable, QueueItemsTable, WorkOrdersTable } from '../../adapters/db/schema.ts';
import { isOneOf } from '../../shared/parse.ts';
import { isResourceType, type ResourceType } from '../library/library.types.ts';
import { parseValues } from '../reports/reports.repository.ts';
import {
  APPEAL_STATUSES,
  CASE_STATUSES,
  QUEUE_KINDS,
  QUEUE_STATUSES,
  SEVERITIES,
  WORK_ORDER_ACTIONS,
  WORK_ORDER_OUTCOMES,
  WORK_ORDER_STATUSES,
  type Appeal,
  type Case,
  type QueueItem,
  type QueueValue,
  type WorkOrder,
} from './cases.types.ts';

/** `v` when it is one of `allowed`, else `fallback` (rows written by an older version read leniently). */
export const oneOfOr = <T extends string>(allowed: readonly T[], v: string, fallback: T): T =>
  isOneOf(allowed, v) ? v : fallback;
export const typeOf = (v: string): ResourceType => (isResourceType(v) ? v : 'phone');
export const num = (v: number | null): number | null => (v === null ? null : Number(v));

export const queueRowToItem = (r: Selectable<QueueItemsTable>): QueueItem => ({
  id: Number(r.id),
  kind: oneOfOr(QUEUE_KINDS, r.kind, 'report'),
  status: oneOfOr(QUEUE_STATUSES, r.status, 'open'),
  title: r.title,
  channel: r.channel,
  fraudType: r.fraud_type,
  source: r.source,
  values: parseValues(r.values_json).map((v): QueueValue => ({
    type: v.type,
    normalized: v.normalized,
    display: v.display,
  })),
  reportCount: r.report_count,
  priority: r.priority,
  firstAt: r.first_at,
  lastAt: r.last_at,
  caseId: r.case_id,
  mergedInto: num(r.merged_into),
  decidedBy: r.decided_by,
  decidedAt: num(r.decided_at),
  reason: r.reason,
});

export const caseRowToCase = (r: CasesTable): Case => ({
  id: r.id,
  title: r.title,
  status: oneOfOr(CASE_STATUSES, r.status, 'open'),
  severity: oneOfOr(SEVERITIES, r.severity, 'medium'),
  fraudType: r.fraud_type,
  assignee: r.assignee,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deadlineAt: num(r.deadline_at),
  mergedInto: r.merged_into,
});

export const workOrderRowToWorkOrder = (r: WorkOrdersTable): WorkOrder => ({
  id: r.id,
  caseId: r.case_id,
  orgId: r.org_id,
  resourceId: Number(r.resource_id),
  type: typeOf(r.type),
  normalized: r.normalized,
  display: r.display,
  action: oneOfOr(WORK_ORDER_ACTIONS, r.action, 'warn_user'),
  severity: oneOfOr(SEVERITIES, r.severity, 'medium'),
  status: oneOfOr(WORK_ORDER_STATUSES, r.status, 'open'),
  escalationLevel: r.escalation_level,
  createdAt: r.created_at,
  deadlineAt: r.deadline_at,
  respondedAt: num(r.responded_at),
  actedAt: num(r.acted_at),
  outcome: r.outcome === null ? null : oneOfOr(WORK_ORDER_OUTCOMES, r.outcome, 'cannot_act'),
  responseNote: r.response_note,
});

const checklistOf = (json: string): Appeal['checklist'] => {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown) => {
    if (typeof x !== 'object' || x === null) return [];
    const { item, provided, note } = x as Record<string, unknown>;
    return typeof item === 'string'
      ? [{ item, provided: provided === true, note: typeof note === 'string' ? note : '' }]
      : [];
  });
};

export const appealRowToAppeal = (r: AppealsTable): Appeal => ({
  id: r.id,
  resourceId: Number(r.resource_id),
  type: typeOf(r.type),
  normalized: r.normalized,
  orgId: r.org_id,
  againstOrgId: r.against_org_id,
  filedBy: r.filed_by,
  statement: r.statement,
  checklist: checklistOf(r.checklist),
  previousStatus: r.previous_status,
  status: oneOfOr(APPEAL_STATUSES, r.status, 'pending'),
  createdAt: r.created_at,
  dueAt: r.due_at,
  decidedAt: num(r.decided_at),
  decidedBy: r.decided_by,
  reason: r.reason,
});
