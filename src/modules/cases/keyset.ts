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

/** What a list call may ask for: the page after a cursor, in an order, of at most `limit` items. */
export interface PageQuery<C = string> {
  readonly after?: C | undefined;
  readonly order?: ListOrder | undefined;
  readonly limit?: number | undefined;
}

/** The page size asked for: 50 unless given, never above 200. */
export const pageSize = (limit: number | undefined): number => Math.min(200, limit ?? 50);

/** The next page's cursor: the last item's id when the page came back full, else none. */
export const nextCursor = <I>(items: readonly { readonly id: I }[], limit: number): I | undefined =>
  items.length === limit ? items[items.length - 1]?.id : undefined;
