/**
 * The cases module's SQL: cases, their values and timeline, routing and work orders here; the queue and
 * appeals in their own files; one repository object for the services.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { CasesTable, WorkOrdersTable } from '../../adapters/db/schema.ts';
import { parseJsonObject } from '../../shared/parse.ts';
import type { Case, CaseEvent, CaseValue, ListOrder, WorkOrder } from './cases.types.ts';
import type { RoutingTable } from './routing.ts';
import { caseRowToCase, typeOf, workOrderRowToWorkOrder } from './cases.rows.ts';
import { pageById } from './keyset.ts';
import { appealsRepository } from './appeals.repository.ts';
import { queueRepository } from './queue.repository.ts';

export const casesRepository = () => ({
  ...queueRepository(),
  ...appealsRepository(),
  // ---- cases --------------------------------------------------------------------------------------
  async insertCase(tx: Executor, c: Case): Promise<void> {
    await tx
      .insertInto('cases')
      .values({
        id: c.id,
        title: c.title,
        status: c.status,
        severity: c.severity,
        fraud_type: c.fraudType,
        assignee: c.assignee,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
        deadline_at: c.deadlineAt,
        merged_into: c.mergedInto,
      })
      .execute();
  },
  async updateCase(tx: Executor, id: string, patch: Partial<Omit<CasesTable, 'id'>>): Promise<void> {
    await tx.updateTable('cases').set(patch).where('id', '=', id).execute();
  },
  async getCase(tx: Executor, id: string): Promise<Case | undefined> {
    const r = await tx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r && caseRowToCase(r);
  },
  async listCases(
    tx: Executor,
    o: {
      status?: string | undefined;
      afterId?: string | undefined;
      order?: ListOrder | undefined;
      limit: number;
    },
  ): Promise<Case[]> {
    let q = tx.selectFrom('cases').selectAll();
    if (o.status) q = q.where('status', '=', o.status);
    return (await pageById(q, o)).map(caseRowToCase);
  },
  /** The open case a detector (`created_by`) opened about this resource, if any: one per subject. */
  async openCaseOfDetector(tx: Executor, createdBy: string, resourceId: number): Promise<Case | undefined> {
    const r = await tx
      .selectFrom('cases')
      .innerJoin('case_values', 'case_values.case_id', 'cases.id')
      .selectAll('cases')
      .where('cases.created_by', '=', createdBy)
      .where('cases.status', '=', 'open')
      .where('case_values.resource_id', '=', resourceId)
      .orderBy('cases.created_at')
      .limit(1)
      .executeTakeFirst();
    return r && caseRowToCase(r);
  },
  async addCaseValues(tx: Executor, caseId: string, values: readonly CaseValue[]): Promise<void> {
    if (values.length === 0) return;
    await tx
      .insertInto('case_values')
      .values(
        values.map((v) => ({
          case_id: caseId,
          resource_id: v.resourceId,
          type: v.type,
          normalized: v.normalized,
          display: v.display,
          added_at: v.addedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['case_id', 'resource_id']).doNothing())
      .execute();
  },
  async caseValues(tx: Executor, caseId: string): Promise<CaseValue[]> {
    const rows = await tx
      .selectFrom('case_values')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .execute();
    return rows.map((r) => ({
      resourceId: Number(r.resource_id),
      type: typeOf(r.type),
      normalized: r.normalized,
      display: r.display,
      addedAt: r.added_at,
    }));
  },
  async removeCaseValues(tx: Executor, caseId: string, resourceIds: readonly number[]): Promise<void> {
    if (resourceIds.length === 0) return;
    await tx
      .deleteFrom('case_values')
      .where('case_id', '=', caseId)
      .where('resource_id', 'in', [...resourceIds])
      .execute();
  },
  async reassignCase(tx: Executor, from: string, to: string): Promise<void> {
    await tx.updateTable('queue_items').set({ case_id: to }).where('case_id', '=', from).execute();
    await tx.updateTable('work_orders').set({ case_id: to }).where('case_id', '=', from).execute();
  },
  async insertEvent(
    tx: Executor,
    caseId: string,
    e: { at: number; actor: string; kind: string; data: Record<string, unknown> },
  ): Promise<void> {
    await tx
      .insertInto('case_events')
      .values({ case_id: caseId, at: e.at, actor: e.actor, kind: e.kind, data: JSON.stringify(e.data) })
      .execute();
  },
  async events(tx: Executor, caseId: string): Promise<CaseEvent[]> {
    const rows = await tx
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      kind: r.kind,
      data: parseJsonObject(r.data),
    }));
  },

  // ---- routing and work orders --------------------------------------------------------------------
  async routingTable(tx: Executor): Promise<RoutingTable> {
    const rows = await tx.selectFrom('responsibilities').selectAll().execute();
    const m = new Map(rows.map((r) => [`${r.kind}\u0000${r.key}`, r.org_id]));
    return { get: (kind, key) => m.get(`${kind}\u0000${key}`) };
  },
  async setResponsibility(tx: Executor, kind: string, key: string, orgId: string): Promise<void> {
    await tx
      .insertInto('responsibilities')
      .values({ kind, key, org_id: orgId })
      .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ org_id: orgId }))
      .execute();
  },
  async listResponsibilities(tx: Executor): Promise<Array<{ kind: string; key: string; orgId: string }>> {
    return (await tx.selectFrom('responsibilities').selectAll().orderBy('kind').orderBy('key').execute()).map(
      (r) => ({ kind: r.kind, key: r.key, orgId: r.org_id }),
    );
  },
  async insertWorkOrders(tx: Executor, orders: readonly WorkOrder[]): Promise<void> {
    if (orders.length === 0) return;
    await tx
      .insertInto('work_orders')
      .values(
        orders.map((w) => ({
          id: w.id,
          case_id: w.caseId,
          org_id: w.orgId,
          resource_id: w.resourceId,
          type: w.type,
          normalized: w.normalized,
          display: w.display,
          action: w.action,
          severity: w.severity,
          status: w.status,
          escalation_level: w.escalationLevel,
          created_at: w.createdAt,
          deadline_at: w.deadlineAt,
          responded_at: w.respondedAt,
          acted_at: w.actedAt,
          outcome: w.outcome,
          response_note: w.responseNote,
        })),
      )
      .execute();
  },
  async orgKind(tx: Executor, orgId: string): Promise<string | undefined> {
    const r = await tx.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst();
    return r?.kind;
  },
  async getWorkOrder(tx: Executor, id: string): Promise<WorkOrder | undefined> {
    const r = await tx.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
    return r && workOrderRowToWorkOrder(r);
  },
  async updateWorkOrder(
    tx: Executor,
    id: string,
    patch: Partial<
      Pick<
        WorkOrdersTable,
        | 'status'
        | 'escalation_level'
        | 'deadline_at'
        | 'responded_at'
        | 'acted_at'
        | 'outcome'
        | 'response_note'
        | 'org_id'
      >
    >,
  ): Promise<void> {
    await tx.updateTable('work_orders').set(patch).where('id', '=', id).execute();
  },
  async listWorkOrders(
    tx: Executor,
    o: {
      orgId?: string | undefined;
      status?: string | undefined;
      caseId?: string | undefined;
      afterId?: string | undefined;
      order?: ListOrder | undefined;
      limit: number;
    },
  ): Promise<WorkOrder[]> {
    let q = tx.selectFrom('work_orders').selectAll();
    if (o.orgId) q = q.where('org_id', '=', o.orgId);
    if (o.status) q = q.where('status', '=', o.status);
    if (o.caseId) q = q.where('case_id', '=', o.caseId);
    return (await pageById(q, o)).map(workOrderRowToWorkOrder);
  },
  async activeOrdersFor(tx: Executor, resourceIds: readonly number[]): Promise<WorkOrder[]> {
    if (resourceIds.length === 0) return [];
    const rows = await tx
      .selectFrom('work_orders')
      .selectAll()
      .where('resource_id', 'in', [...resourceIds])
      .where('status', 'in', ['open', 'escalated'])
      .execute();
    return rows.map(workOrderRowToWorkOrder);
  },
  async overdueOrders(tx: Executor, now: number, limit: number): Promise<WorkOrder[]> {
    const rows = await tx
      .selectFrom('work_orders')
      .selectAll()
      .where('status', 'in', ['open', 'escalated'])
      .where('deadline_at', '<', now)
      .orderBy('deadline_at')
      .limit(limit)
      .execute();
    return rows.map(workOrderRowToWorkOrder);
  },
  async lastDoneOrgFor(tx: Executor, resourceId: number): Promise<string | null> {
    const r = await tx
      .selectFrom('work_orders')
      .select('org_id')
      .where('resource_id', '=', resourceId)
      .where('status', '=', 'done')
      .orderBy('responded_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r?.org_id ?? null;
  },
});

export type CasesRepository = ReturnType<typeof casesRepository>;
