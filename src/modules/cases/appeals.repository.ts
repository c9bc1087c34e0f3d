/** SQL for appeals (the values they name are read through the library's port). */
import type { Executor } from '../../adapters/db/database.ts';
import type { AppealsTable } from '../../adapters/db/schema.ts';
import type { Appeal, ListOrder } from './cases.types.ts';
import { appealRowToAppeal } from './cases.rows.ts';
import { pageById } from './keyset.ts';

export const appealsRepository = () => ({
  // ---- appeals ------------------------------------------------------------------------------------
  async insertAppeal(tx: Executor, a: Appeal): Promise<void> {
    await tx
      .insertInto('appeals')
      .values({
        id: a.id,
        resource_id: a.resourceId,
        type: a.type,
        normalized: a.normalized,
        org_id: a.orgId,
        against_org_id: a.againstOrgId,
        filed_by: a.filedBy,
        statement: a.statement,
        checklist: JSON.stringify(a.checklist),
        previous_status: a.previousStatus,
        status: a.status,
        created_at: a.createdAt,
        due_at: a.dueAt,
        decided_at: a.decidedAt,
        decided_by: a.decidedBy,
        reason: a.reason,
      })
      .execute();
  },
  async getAppeal(tx: Executor, id: string): Promise<Appeal | undefined> {
    const r = await tx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
    return r && appealRowToAppeal(r);
  },
  async updateAppeal(
    tx: Executor,
    id: string,
    patch: Partial<Pick<AppealsTable, 'status' | 'decided_at' | 'decided_by' | 'reason'>>,
  ): Promise<void> {
    await tx.updateTable('appeals').set(patch).where('id', '=', id).execute();
  },
  async listAppeals(
    tx: Executor,
    o: {
      status?: string | undefined;
      orgId?: string | undefined;
      afterId?: string | undefined;
      order?: ListOrder | undefined;
      limit: number;
    },
  ): Promise<Appeal[]> {
    let q = tx.selectFrom('appeals').selectAll();
    if (o.status) q = q.where('status', '=', o.status);
    if (o.orgId) q = q.where('org_id', '=', o.orgId);
    return (await pageById(q, o)).map(appealRowToAppeal);
  },
  async pendingAppealFor(tx: Executor, resourceId: number): Promise<Appeal | undefined> {
    const r = await tx
      .selectFrom('appeals')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r && appealRowToAppeal(r);
  },
});
