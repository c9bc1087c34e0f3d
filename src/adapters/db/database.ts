/**
 * The database adapter: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg), chosen by
 * the URL. The only place that imports the drivers.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema.ts';
import { ImmediateSqliteDialect, SQLITE_BLOCKING_WAIT_MS } from './sqlite-dialect.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories take this so the caller owns the transaction. */
export type Executor = Db | Tx;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  /** The raw SQLite handle, for the few bulk paths that need prepared statements (import, index load). */
  readonly sqlite: SqliteDatabase.Database | undefined;
  close(): Promise<void>;
}

// bigint (int8) and numeric come back as strings by default; every bigint we store is an epoch-ms or id.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/**
 * Creates the database's folder and any missing parents one level at a time. Node's recursive mkdir keeps
 * retrying under some paths it can never create (`/proc/…` hangs it); one level at a time fails at once.
 */
const ensureDirectory = (dir: string): void => {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    if (code === 'EEXIST') return;
    throw new Error(`cannot create the folder ${dir} for the SQLite database (${code || String(e)})`);
  }
};

export const openDatabase = (url: string): DatabaseHandle => {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', sqlite: undefined, close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') ensureDirectory(dirname(file));
  // Opening may wait for another process's lock (switching to WAL, a checkpoint): it happens once, at
  // start, so it waits in the driver; afterwards waits are short and retried without blocking.
  const sqlite = new SqliteDatabase(file, { timeout: 10_000 });
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit that was acknowledged survives power loss too (WAL with NORMAL can lose the last ones).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BLOCKING_WAIT_MS}`);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
};
