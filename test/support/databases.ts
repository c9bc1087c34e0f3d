/**
 * Database tests run the real migrations on real SQLite and real PostgreSQL.
 * `describeEachDatabase` gives each suite a fresh database of each dialect. PostgreSQL comes from
 * FANZHA_TEST_PG_URL (default: the server .ci/run starts); when CI=true and it cannot be reached the
 * suite fails instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';

export const PG_ADMIN_URL =
  process.env.FANZHA_TEST_PG_URL ?? 'postgres://fanzha:fanzha@127.0.0.1:5432/postgres';

let pgAvailable: boolean | undefined;
export const postgresAvailable = async (): Promise<boolean> => {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    pgAvailable = true;
  } catch {
    pgAvailable = false;
  }
  return pgAvailable;
};

export interface TestDatabase {
  readonly dialect: Dialect;
  readonly url: string;
  readonly handle: DatabaseHandle;
  /** Closes the handle and removes the database. */
  drop(): Promise<void>;
}

/** A new, migrated database of the given dialect. */
export const createTestDatabase = async (dialect: Dialect): Promise<TestDatabase> => {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-test-'));
    const url = join(dir, 'test.db');
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    return {
      dialect,
      url,
      handle,
      drop: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!(await postgresAvailable())) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_ADMIN_URL} (start it with scripts/ci/start-postgres.sh)`,
    );
  }
  const name = `fanzha_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const handle = openDatabase(url);
  await migrateToLatest(handle);
  return {
    dialect,
    url,
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};

/** The dialects this run tests: both, except PostgreSQL is skipped outside CI when no server answers. */
export const testDialects = async (): Promise<Dialect[]> => {
  if (process.env.CI === 'true' || (await postgresAvailable())) return ['sqlite', 'postgres'];
  console.warn('PostgreSQL not reachable: database tests run on SQLite only (CI=true makes this a failure)');
  return ['sqlite'];
};

const dialects = await testDialects();

/** `describe` once per dialect; the body gets the dialect and sets up its own database in beforeAll. */
export const describeEachDatabase = (title: string, body: (dialect: Dialect) => void): void => {
  for (const dialect of dialects) describe(`${title} [${dialect}]`, () => body(dialect));
};
