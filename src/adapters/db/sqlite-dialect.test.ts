import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';

// Two handles on one database stand for two processes: each has its own connection and locks.
describeEachDatabase('concurrent writers on one database', (dialect) => {
  let dir: string;
  let url: string;
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanzha-writers-'));
    url = dialect === 'sqlite' ? join(dir, 'w.db') : (process.env.FANZHA_TEST_PG_URL ?? '');
    if (dialect === 'postgres' && !url) url = 'postgres://fanzha:fanzha@127.0.0.1:5432/postgres';
    a = openDatabase(url);
    b = openDatabase(url);
    const table = `writers_${dialect}_${process.pid}`;
    await sql`drop table if exists ${sql.table(table)}`.execute(a.db);
    await sql`create table ${sql.table(table)} (n integer)`.execute(a.db);
  });
  afterAll(async () => {
    await sql`drop table if exists ${sql.table(`writers_${dialect}_${process.pid}`)}`.execute(a.db);
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the other writer instead of failing, in transactions and on their own', async () => {
    const table = sql.table(`writers_${dialect}_${process.pid}`);
    // Each transaction reads first, then writes: with deferred transactions on SQLite the write's
    // upgrade to the write lock fails at once while the other handle holds it.
    const transactionOn = (h: DatabaseHandle, v: number) =>
      h.db.transaction().execute(async (tx) => {
        await sql`select count(*) from ${table}`.execute(tx);
        await new Promise((r) => setTimeout(r, 20));
        await sql`insert into ${table} (n) values (${v})`.execute(tx);
      });
    const single = (h: DatabaseHandle, v: number) =>
      sql`insert into ${table} (n) values (${v})`.execute(h.db);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(transactionOn(a, i), transactionOn(b, 100 + i), single(b, 1000 + i));
    }
    const outcomes = await Promise.allSettled(work);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const rows = await sql<{ n: number }>`select count(*) as n from ${table}`.execute(b.db);
    expect(Number(rows.rows[0]?.n)).toBe(60);
  });
});
