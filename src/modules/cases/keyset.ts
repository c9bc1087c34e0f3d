/** One page of a list whose ids grow with time (sequence numbers, time-ordered ids), newest first by default. */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ListOrder } from './cases.types.ts';

export const pageById = <DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  o: { afterId?: string | number | undefined; order?: ListOrder | undefined; limit: number },
): Promise<O[]> => {
  const oldest = o.order === 'oldest';
  const id = sql.ref<string | number>('id');
  const from = o.afterId === undefined || o.afterId === '' ? q : q.where(id, oldest ? '>' : '<', o.afterId);
  return from
    .orderBy(id, oldest ? 'asc' : 'desc')
    .limit(o.limit)
    .execute();
};
