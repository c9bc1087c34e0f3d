/**
 * Prepared statements on the embedded SQLite connection for the few bulk paths (imports, detector
 * feeds) where building a query per row costs more than the row itself. Statements are prepared once and
 * run on the same connection as Kysely, so they take part in the caller's open transaction.
 */
import type { DatabaseHandle } from './database.ts';

export interface RawStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}

export interface RawSql {
  prepare(sql: string): RawStatement;
}

export const rawSqlOf = (handle: DatabaseHandle): RawSql | undefined => {
  const sqlite = handle.sqlite;
  if (!sqlite) return undefined;
  const cache = new Map<string, RawStatement>();
  return {
    prepare(sql: string): RawStatement {
      let s = cache.get(sql);
      if (!s) {
        const stmt = sqlite.prepare(sql);
        s = {
          run: (...params) => ({ changes: stmt.run(...params).changes }),
          get: (...params) => stmt.get(...params),
        };
        cache.set(sql, s);
      }
      return s;
    },
  };
};
