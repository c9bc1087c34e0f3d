/**
 * What the cases, work-order and detector-case services share: finding an open case, recording a case
 * event on its timeline together with its audit entry, and dispatching new work orders (row, audit entry,
 * webhook to the organisation that must act), all in the caller's transaction.
 */
import type { Executor } from '../../adapters/db/database.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { WebhookOutbox } from '../webhooks/webhooks.service.ts';
import type { CasesRepository } from './cases.repository.ts';
import { DEADLINE_MS, type Case, type WorkOrder } from './cases.types.ts';

/** What a new work order says; the rest (id, status, deadline by severity, timestamps) is the same for all. */
export type WorkOrderRequest = Pick<
  WorkOrder,
  'caseId' | 'orgId' | 'resourceId' | 'type' | 'normalized' | 'display' | 'action' | 'severity'
>;

export interface CaseEventsDeps {
  readonly repo: CasesRepository;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly webhooks: WebhookOutbox;
}

export const caseEvents = ({ repo, audit, clock, ids, webhooks }: CaseEventsDeps) => ({
  /** A new open work order, due by its severity's deadline. */
  newWorkOrder: (r: WorkOrderRequest, now: number): WorkOrder => ({
    id: ids.next('wo'),
    ...r,
    status: 'open',
    escalationLevel: 0,
    createdAt: now,
    deadlineAt: now + DEADLINE_MS[r.severity],
    respondedAt: null,
    actedAt: null,
    outcome: null,
    responseNote: null,
  }),

  /** Writes new work orders, each with its audit entry and a webhook to the organisation that must act. */
  dispatch: async (tx: Executor, actor: Actor, orders: readonly WorkOrder[]): Promise<void> => {
    await repo.insertWorkOrders(tx, orders);
    for (const w of orders) {
      await audit.append(tx, {
        orgId: actor.orgId,
        actor: actor.actor,
        action: 'workorder.create',
        entityType: 'work_order',
        entityId: w.id,
        data: { caseId: w.caseId, orgId: w.orgId, action: w.action, deadlineAt: w.deadlineAt },
      });
      await webhooks.enqueueIn(tx, 'workorder.created', [w.orgId], { workOrder: w });
    }
  },

  openCase: async (tx: Executor, id: string, field = 'id'): Promise<Case> => {
    const c = await repo.getCase(tx, id);
    if (!c) throw notFound('case', field);
    if (c.status !== 'open') throw new DomainError('invalid_transition', `case is ${c.status}`, field);
    return c;
  },

  event: async (
    tx: Executor,
    actor: Actor,
    caseId: string,
    kind: string,
    data: Record<string, unknown>,
    reason: string | null = null,
  ): Promise<void> => {
    const at = clock.now().getTime();
    await repo.insertEvent(tx, caseId, { at, actor: actor.actor, kind, data });
    await repo.updateCase(tx, caseId, { updated_at: at });
    await audit.append(tx, {
      orgId: actor.orgId,
      actor: actor.actor,
      action: `case.${kind}`,
      entityType: 'case',
      entityId: caseId,
      reason,
      data,
    });
  },
});
