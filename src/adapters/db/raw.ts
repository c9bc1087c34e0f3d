/**
 * Prepared statements on the embedded SQLite connection for the few bulk paths (imports, detector
 * feeds) where building a query per row costs more than the row itself. Statements are prepared once and
 * run on the same connection as Kysely, so they take part in the caller's open transaction.
 */
import type { DatabaseHandle } from './database.ts';

export interface RawStatement {
  /** Runs a write; `lastInsertRowid` is the rowid of the last row it inserted. */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number };
  get(...params: unknown[]): unknown;
  /** The first column of the first row (`returning id`), without building a row object. */
  value(...params: unknown[]): unknown;
  /** Every row returned (`returning …` of a multi-row insert), each as an array of its columns. */
  rows(...params: unknown[]): unknown[][];
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
        const plucked = stmt.reader ? sqlite.prepare(sql).pluck() : undefined;
        const arrays = stmt.reader ? sqlite.prepare(sql).raw() : undefined;
        const needsRows = (): never => {
          throw new Error('value() and rows() need a statement that returns rows');
        };
        s = {
          run: (...params) => {
            const r = stmt.run(...params);
            return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
          },
          get: (...params) => stmt.get(...params),
          value: (...params) => (plucked ? plucked.get(...params) : needsRows()),
          rows: (...params) => (arrays ? (arrays.all(...params) as unknown[][]) : needsRows()),
        };
        cache.set(sql, s);
      }
      return s;
    },
  };
};
