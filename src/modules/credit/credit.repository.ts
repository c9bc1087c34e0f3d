/** The only file in credit that writes SQL. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { CreditEntriesTable } from '../../adapters/db/schema.ts';
import { isOneOf } from '../../shared/parse.ts';
import { CREDIT_MEASURE_NAMES, type CreditEntry } from './credit.types.ts';

export const creditRowToEntry = (r: Selectable<CreditEntriesTable>): CreditEntry => ({
  id: r.id,
  subject: r.subject,
  subjectKind: r.subject_kind === 'company' ? 'company' : 'person',
  measure: isOneOf(CREDIT_MEASURE_NAMES, r.measure) ? r.measure : 'no_non_counter_banking',
  reason: r.reason,
  caseId: r.case_id,
  orgId: r.org_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  liftedAt: r.lifted_at === null ? null : Number(r.lifted_at),
  createdAt: r.created_at,
});

export const creditRepository = () => ({
  async insert(tx: Executor, e: CreditEntry): Promise<void> {
    await tx
      .insertInto('credit_entries')
      .values({
        id: e.id,
        subject: e.subject,
        subject_kind: e.subjectKind,
        measure: e.measure,
        reason: e.reason,
        case_id: e.caseId,
        org_id: e.orgId,
        starts_at: e.startsAt,
        ends_at: e.endsAt,
        lifted_at: e.liftedAt,
        created_at: e.createdAt,
      })
      .execute();
  },
  async lift(tx: Executor, id: string, at: number): Promise<number> {
    const r = await tx
      .updateTable('credit_entries')
      .set({ lifted_at: at })
      .where('id', '=', id)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async forSubject(tx: Executor, subject: string): Promise<CreditEntry[]> {
    return (
      await tx
        .selectFrom('credit_entries')
        .selectAll()
        .where('subject', '=', subject)
        .orderBy('created_at')
        .execute()
    ).map(creditRowToEntry);
  },
  async list(tx: Executor, o: { afterId?: string | undefined; limit: number }): Promise<CreditEntry[]> {
    let q = tx.selectFrom('credit_entries').selectAll();
    if (o.afterId) q = q.where('id', '>', o.afterId);
    return (await q.orderBy('id').limit(o.limit).execute()).map(creditRowToEntry);
  },
});

export type CreditRepository = ReturnType<typeof creditRepository>;
