/** The only file in evaluation that writes SQL: the facts of the index, per organisation, for a period. */
import type { Executor } from '../../adapters/db/database.ts';
import type { EvaluationFacts } from './evaluation.index.ts';

export const evaluationRepository = () => ({
  async organisations(tx: Executor): Promise<Array<{ id: string; kind: string; name: string }>> {
    return tx.selectFrom('organisations').select(['id', 'kind', 'name']).orderBy('id').execute();
  },

  async facts(tx: Executor, orgIds: readonly string[], from: number, to: number): Promise<EvaluationFacts[]> {
    if (orgIds.length === 0) return [];
    const orders = await tx
      .selectFrom('work_orders')
      .select(['org_id', 'status', 'created_at', 'responded_at', 'deadline_at', 'escalation_level'])
      .where('org_id', 'in', [...orgIds])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
    const upheld = await tx
      .selectFrom('appeals')
      .select(['against_org_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'upheld')
      .where('against_org_id', 'in', [...orgIds])
      .where('decided_at', '>=', from)
      .where('decided_at', '<', to)
      .groupBy('against_org_id')
      .execute();
    const claims = await tx
      .selectFrom('claims')
      .innerJoin('resources', 'resources.id', 'claims.resource_id')
      .select(['claims.org_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('claims.org_id', 'in', [...orgIds])
      .where('claims.verdict', '!=', 'benign')
      .where('claims.created_at', '>=', from)
      .where('claims.created_at', '<', to)
      .where('resources.status', 'in', ['confirmed', 'disposed'])
      .groupBy('claims.org_id')
      .execute();
    return orgIds.map((orgId) => {
      const mine = orders.filter((o) => o.org_id === orgId);
      const answered = mine.filter((o) => o.responded_at !== null);
      return {
        orgId,
        workOrders: mine.length,
        responded: answered.length,
        done: mine.filter((o) => o.status === 'done').length,
        refused: mine.filter((o) => o.status === 'refused').length,
        onTime: answered.filter((o) => o.escalation_level === 0 && Number(o.responded_at) <= o.deadline_at)
          .length,
        reactionMinutes: answered.map((o) => (Number(o.responded_at) - o.created_at) / 60_000),
        appealsUpheldAgainst: Number(upheld.find((u) => u.against_org_id === orgId)?.n ?? 0),
        confirmedClaims: Number(claims.find((c) => c.org_id === orgId)?.n ?? 0),
      };
    });
  },
});

export type EvaluationRepository = ReturnType<typeof evaluationRepository>;
