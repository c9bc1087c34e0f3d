/**
 * SQLite for several processes on one file (the server beside `fanzha import`, or two servers).
 *
 * In WAL mode readers never wait, but only one connection at a time may write. Kysely's driver opens
 * transactions with a deferred `begin`: the first write inside then has to upgrade a read snapshot to the
 * write lock, and when another process holds it SQLite answers SQLITE_BUSY at once, without the busy
 * handler (waiting could not help a snapshot that is already stale). Here every transaction takes the
 * write lock up front (`begin immediate`), and both that and any write outside a transaction wait for a
 * busy lock by retrying on a timer, so a process waiting for another's commit keeps answering lookups
 * instead of sleeping inside the driver. The driver's own busy timeout stays short for the same reason.
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** How long one SQLite call may block the event loop waiting for a lock (better-sqlite3's `timeout`). */
export const SQLITE_BLOCKING_WAIT_MS = 5;
/** How long a write waits in all for another process's write lock before it fails. */
export const SQLITE_LOCK_WAIT_MS = 30_000;

const isBusy = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  'code' in e &&
  typeof e.code === 'string' &&
  e.code.startsWith('SQLITE_BUSY');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY or `waitMs` has passed, sleeping between tries
 * (1, 2, 4 … up to 25 ms, so a lock freed by a short commit is taken soon after).
 */
export const retryWhileBusy = async <T>(attempt: () => T | Promise<T>, waitMs: number): Promise<T> => {
  const deadline = Date.now() + waitMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 25)) {
    try {
      return await attempt();
    } catch (e) {
      if (!isBusy(e) || Date.now() + pause > deadline) throw e;
      await sleep(pause);
    }
  }
};

/** Retries a statement that runs on its own (autocommit) when another process holds the write lock. */
class WaitingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly waitMs: number,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction the write lock is already held (`begin immediate`); a retry there would
    // repeat one statement of a half-done unit of work, so only statements on their own are retried.
    if (this.sqlite.inTransaction) return this.inner.executeQuery<R>(query);
    return retryWhileBusy(() => this.inner.executeQuery<R>(query), this.waitMs);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ImmediateDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, WaitingConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly waitMs: number,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let w = this.wrapped.get(connection);
    if (!w) {
      w = new WaitingConnection(connection, this.sqlite, this.waitMs);
      this.wrapped.set(connection, w);
    }
    return w;
  }

  // Outside a transaction the connection retries a busy statement itself, `begin immediate` included.
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(
      connection instanceof WaitingConnection ? connection.inner : connection,
    );
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Kysely's SQLite dialect with immediate write transactions and lock waits that do not block. */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly waitMs: number = SQLITE_LOCK_WAIT_MS,
  ) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new ImmediateDriver(super.createDriver(), this.sqlite, this.waitMs);
  }
}
