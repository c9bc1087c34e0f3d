/**
 * Work orders (协同处置): generated from a case and routed to the organisation that can act, with
 * deadlines by severity, escalation by a sweep (a timer, or a test's ManualClock), and feedback from
 * the recipient that updates the library (done → disposed).
 */
import { DomainError, invalidInput, notFound } from '../../shared/errors.ts';
import type { ResourceRecord } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import { may, recordsOf, requireMay } from '../../shared/policy.ts';
import { nextCursor, pageSize, type PageQuery } from './keyset.ts';
import type { CasesDeps } from './cases.service.ts';
import {
  DEADLINE_MS,
  ESCALATION,
  type Severity,
  type WorkOrder,
  type WorkOrderAction,
  type WorkOrderOutcome,
} from './cases.types.ts';

/** What a recipient may answer: the three outcomes, and `refused`, the older name of `cannot_act`. */
export type FeedbackOutcome = WorkOrderOutcome | 'refused';
import { routeValue } from './routing.ts';
import { caseEvents } from './case-events.ts';

const ACTING_KINDS: readonly string[] = ['operator', 'platform', 'bank', 'registrar'];

export const createWorkOrdersService = (deps: CasesDeps) => {
  const { db, repo, audit, clock, library } = deps;
  const { openCase, event, newWorkOrder, dispatch } = caseEvents(deps);

  const orderVisible = (actor: Actor, w: WorkOrder): boolean =>
    may(actor, 'workorder.read', { ownerOrgId: w.orgId });

  return {
    /** One work order per routable value without an active order; unroutable values come back with the reason. */
    async createWorkOrders(
      actor: Actor,
      caseId: string,
      o: { severity?: Severity | undefined; action?: WorkOrderAction | undefined } = {},
    ) {
      requireMay(actor, 'case.write');
      return db.transaction().execute(async (tx) => {
        const c = await openCase(tx, caseId, 'caseId');
        const severity = o.severity ?? c.severity;
        const values = await repo.caseValues(tx, caseId);
        const table = await repo.routingTable(tx);
        const active = new Set(
          (
            await repo.activeOrdersFor(
              tx,
              values.map((v) => v.resourceId),
            )
          ).map((w) => `${w.resourceId}:${w.orgId}`),
        );
        const now = clock.now().getTime();
        const resources = await library.resourcesIn(
          tx,
          values.map((v) => v.resourceId),
        );
        const created: WorkOrder[] = [];
        const unrouted: Array<{ type: string; display: string; reason: string }> = [];
        for (const v of values) {
          const route = routeValue(
            v.type,
            resources.get(v.resourceId)?.attributes ?? {},
            table,
            v.normalized,
          );
          if (!route.ok) {
            unrouted.push({ type: v.type, display: v.display, reason: route.reason });
            continue;
          }
          if (active.has(`${v.resourceId}:${route.orgId}`)) continue;
          // An action the caller names replaces the route's; otherwise the route's main action and the
          // orders that go beside it (a bank's freeze and holder verification).
          const actions = o.action ? [o.action] : [route.action, ...(route.also ?? [])];
          for (const action of actions)
            created.push(
              newWorkOrder(
                {
                  caseId,
                  orgId: route.orgId,
                  resourceId: v.resourceId,
                  type: v.type,
                  normalized: v.normalized,
                  display: v.display,
                  action,
                  severity,
                },
                now,
              ),
            );
        }
        await dispatch(tx, actor, created);
        if (created.length > 0)
          await event(tx, actor, caseId, 'work_orders', {
            created: created.map((w) => ({ id: w.id, orgId: w.orgId, action: w.action })),
            unrouted,
          });
        return { created, unrouted };
      });
    },

    async listWorkOrders(
      actor: Actor,
      o: PageQuery & {
        status?: string | undefined;
        caseId?: string | undefined;
        orgId?: string | undefined;
      },
    ) {
      requireMay(actor, 'workorder.read');
      const limit = pageSize(o.limit);
      // Acting organisations see only the orders addressed to them, whatever filter they send.
      const orgId = recordsOf(actor, 'workorder.read') ?? o.orgId;
      const items = await repo.listWorkOrders(db, {
        status: o.status,
        caseId: o.caseId,
        orgId,
        afterId: o.after,
        order: o.order,
        limit,
      });
      return { items, nextCursor: nextCursor(items, limit) };
    },

    async getWorkOrder(actor: Actor, id: string): Promise<WorkOrder> {
      requireMay(actor, 'workorder.read');
      const w = await repo.getWorkOrder(db, id);
      if (!w || !orderVisible(actor, w)) throw notFound('work order', 'id');
      return w;
    },

    /**
     * The recipient answers: `done` (with when it acted) disposes the value in the library; `not_ours` and
     * `cannot_act` refuse the order and need their evidence in the note. `refused`, the answer's older
     * name, reads as `cannot_act`.
     */
    async feedback(
      actor: Actor,
      id: string,
      f: { outcome: FeedbackOutcome; note?: string | undefined; actedAt?: number | undefined },
    ): Promise<WorkOrder> {
      requireMay(actor, 'workorder.feedback');
      const outcome: WorkOrderOutcome = f.outcome === 'refused' ? 'cannot_act' : f.outcome;
      const status = outcome === 'done' ? 'done' : 'refused';
      if (outcome !== 'done' && !f.note?.trim()) throw invalidInput('note', 'a refusal needs its evidence');
      const { order, changed } = await db.transaction().execute(async (tx) => {
        const w = await repo.getWorkOrder(tx, id);
        if (!w || !orderVisible(actor, w)) throw notFound('work order', 'id');
        requireMay(actor, 'workorder.feedback', { ownerOrgId: w.orgId });
        if (w.status !== 'open' && w.status !== 'escalated')
          throw new DomainError('invalid_transition', `work order is already ${w.status}`, 'id');
        const now = clock.now().getTime();
        const actedAt = outcome === 'done' ? Math.min(f.actedAt ?? now, now) : null;
        await repo.updateWorkOrder(tx, id, {
          status,
          responded_at: now,
          acted_at: actedAt,
          outcome,
          response_note: f.note ?? null,
        });
        let changed: ResourceRecord[] = [];
        if (outcome === 'done') {
          const r = (await library.resourcesIn(tx, [w.resourceId])).get(w.resourceId);
          if (r?.status === 'confirmed')
            changed = await library.transitionIn(
              tx,
              actor,
              w.resourceId,
              'disposed',
              `work order ${id}: ${w.action}${f.note ? ` (${f.note})` : ''}`,
            );
        }
        await repo.insertEvent(tx, w.caseId, {
          at: now,
          actor: actor.actor,
          kind: `work_order_${status}`,
          data: { workOrder: id, orgId: w.orgId, outcome, note: f.note ?? null },
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: `workorder.${status}`,
          entityType: 'work_order',
          entityId: id,
          reason: f.note ?? null,
          data: { outcome, actedAt },
        });
        await deps.webhooks.enqueueIn(tx, 'workorder.feedback', [deps.regulatorOrgId], {
          workOrder: id,
          caseId: w.caseId,
          outcome: status,
          result: outcome,
          note: f.note ?? null,
          actedAt,
        });
        return { order: await repo.getWorkOrder(tx, id), changed };
      });
      library.notify(changed);
      if (!order) throw notFound('work order', 'id');
      return order;
    },

    /**
     * The regulator hands an unanswered (or refused) order to another acting organisation: the order
     * reopens there with a fresh deadline, and the case's timeline and the audit say who moved it and why.
     */
    async reroute(actor: Actor, id: string, o: { orgId: string; reason: string }): Promise<WorkOrder> {
      requireMay(actor, 'workorder.route');
      if (!o.reason.trim()) throw invalidInput('reason', 'a re-routing needs a reason');
      const order = await db.transaction().execute(async (tx) => {
        const w = await repo.getWorkOrder(tx, id);
        if (!w) throw notFound('work order', 'id');
        if (w.status === 'done')
          throw new DomainError('invalid_transition', 'work order is already done', 'id');
        const kind = await repo.orgKind(tx, o.orgId);
        if (!kind || !ACTING_KINDS.includes(kind))
          throw invalidInput('orgId', 'not an operator, platform, bank or registrar');
        if (o.orgId === w.orgId) throw invalidInput('orgId', 'the order is already addressed there');
        const now = clock.now().getTime();
        await repo.updateWorkOrder(tx, id, {
          org_id: o.orgId,
          status: 'open',
          escalation_level: 0,
          deadline_at: now + DEADLINE_MS[w.severity],
          responded_at: null,
          acted_at: null,
          outcome: null,
          response_note: null,
        });
        await repo.insertEvent(tx, w.caseId, {
          at: now,
          actor: actor.actor,
          kind: 'work_order_rerouted',
          data: { workOrder: id, from: w.orgId, to: o.orgId, reason: o.reason },
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'workorder.route',
          entityType: 'work_order',
          entityId: id,
          reason: o.reason,
          data: { from: w.orgId, to: o.orgId },
        });
        const moved = await repo.getWorkOrder(tx, id);
        // The new recipient hears of it as of a new order, in the same shape.
        await deps.webhooks.enqueueIn(tx, 'workorder.created', [o.orgId], { workOrder: moved });
        return moved;
      });
      if (!order) throw notFound('work order', 'id');
      return order;
    },

    /** Escalates orders past their deadline (callable from a timer and from tests with a ManualClock). */
    async sweep(actor: Actor): Promise<{ escalated: WorkOrder[] }> {
      requireMay(actor, 'workorder.sweep');
      const now = clock.now().getTime();
      const overdue = (await repo.overdueOrders(db, now, 500)).filter(
        (w) => w.escalationLevel < ESCALATION.maxLevel,
      );
      const escalated: WorkOrder[] = [];
      for (const w of overdue) {
        await db.transaction().execute(async (tx) => {
          const deadlineAt = now + DEADLINE_MS[w.severity] * ESCALATION.graceShare;
          await repo.updateWorkOrder(tx, w.id, {
            status: 'escalated',
            escalation_level: w.escalationLevel + 1,
            deadline_at: deadlineAt,
          });
          await repo.insertEvent(tx, w.caseId, {
            at: now,
            actor: actor.actor,
            kind: 'work_order_escalated',
            data: { workOrder: w.id, level: w.escalationLevel + 1 },
          });
          await audit.append(tx, {
            orgId: actor.orgId,
            actor: actor.actor,
            action: 'workorder.escalate',
            entityType: 'work_order',
            entityId: w.id,
            data: { level: w.escalationLevel + 1, missedDeadline: w.deadlineAt },
          });
          await deps.webhooks.enqueueIn(tx, 'workorder.escalated', [w.orgId, deps.regulatorOrgId], {
            workOrder: w.id,
            caseId: w.caseId,
            level: w.escalationLevel + 1,
            deadlineAt,
          });
          escalated.push({ ...w, status: 'escalated', escalationLevel: w.escalationLevel + 1, deadlineAt });
        });
      }
      return { escalated };
    },

    async routing(actor: Actor) {
      requireMay(actor, 'case.read');
      return repo.listResponsibilities(db);
    },

    async setRouting(
      actor: Actor,
      kind: 'operator' | 'registrar' | 'platform' | 'bank',
      key: string,
      orgId: string,
    ): Promise<void> {
      requireMay(actor, 'routing.write');
      await db.transaction().execute(async (tx) => {
        await repo.setResponsibility(tx, kind, key, orgId);
        await audit.append(tx, {
          orgId: actor.orgId,
          actor: actor.actor,
          action: 'routing.set',
          entityType: 'responsibility',
          entityId: `${kind}:${key}`,
          data: { orgId },
        });
      });
    },
  };
};

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;
