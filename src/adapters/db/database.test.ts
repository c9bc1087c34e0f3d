import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { migrateToLatest } from './migrate.ts';

describeEachDatabase('migrations', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.drop());

  it('are idempotent: a second run applies nothing', async () => {
    expect(await migrateToLatest(t.handle)).toEqual([]);
  });

  it('make the audit log append-only in the database itself', async () => {
    const db = t.handle.db;
    await db
      .insertInto('audit_log')
      .values({
        at: 1,
        org_id: null,
        actor: 'system',
        action: 'test',
        entity_type: 't',
        entity_id: '1',
        reason: null,
        data: '{}',
        prev_hash: '',
        hash: 'h',
      })
      .execute();
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    const rows = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db);
    expect(Number(rows.rows[0]?.n)).toBe(1);
  });
});
