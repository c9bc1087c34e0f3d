/**
 * Audit checkpoints on both databases: a checkpoint sealed with the key verifies; deleting the tail,
 * rebuilding the chain from an earlier entry, or a checkpoint sealed with another key all fail, though
 * the chain alone still verifies after the first two.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { systemClock } from '../../shared/clock.ts';
import { chainHash, GENESIS } from './audit.chain.ts';
import { auditRepository } from './audit.repository.ts';
import { createAuditService } from './audit.service.ts';

const KEY = 'audit-checkpoint-key-0123456789';

describeEachDatabase('audit checkpoints', (dialect) => {
  let t: TestDatabase;
  let audit: ReturnType<typeof createAuditService>;
  const append = (i: number) =>
    t.handle.db.transaction().execute((tx) =>
      audit.append(tx, {
        orgId: 'org_platform',
        actor: 'user:test',
        action: 'resource.pin',
        entityType: 'resource',
        entityId: String(i),
        reason: `pin ${i}`,
        data: { scope: 'national' },
      }),
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    audit = createAuditService({ repo: auditRepository(dialect), clock: systemClock });
    // The tampering below is by someone with the database's owner rights, who can drop the triggers.
    if (dialect === 'sqlite') {
      await sql`drop trigger audit_log_no_update`.execute(t.handle.db);
      await sql`drop trigger audit_log_no_delete`.execute(t.handle.db);
    } else await sql`drop trigger audit_log_no_change on audit_log`.execute(t.handle.db);
  });
  afterAll(async () => t.drop());

  it('detects a deleted tail that the chain alone does not', async () => {
    for (let i = 1; i <= 5; i++) await append(i);
    const cp = JSON.stringify(await audit.checkpoint(t.handle.db, KEY));
    expect(await audit.verifyAgainst(t.handle.db, KEY, cp)).toMatchObject({ ok: true, entries: 5 });
    await append(6);
    expect((await audit.verifyAgainst(t.handle.db, KEY, cp)).ok).toBe(true);
    const head = await t.handle.db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    await t.handle.db.deleteFrom('audit_log').where('seq', '>=', Number(head[1]?.seq)).execute();
    expect((await audit.verify(t.handle.db)).ok).toBe(true);
    expect(await audit.verifyAgainst(t.handle.db, KEY, cp)).toMatchObject({
      ok: false,
      problem: 'checkpointed entry is missing',
    });
  });

  it('detects a chain recomputed after an edit, and a checkpoint sealed with another key', async () => {
    await append(7);
    const cp = JSON.stringify(await audit.checkpoint(t.handle.db, KEY));
    // Rewrite the reason of the second entry and recompute every hash after it, as an insider could.
    const rows = await t.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').execute();
    let prev = GENESIS;
    for (const [i, r] of rows.entries()) {
      const reason = i === 1 ? 'nothing to see' : r.reason;
      const hash = chainHash(prev, {
        at: Number(r.at),
        orgId: r.org_id,
        actor: r.actor,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        reason,
        dataText: r.data,
      });
      await t.handle.db
        .updateTable('audit_log')
        .set({ reason, prev_hash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
    expect((await audit.verify(t.handle.db)).ok).toBe(true);
    expect((await audit.verifyAgainst(t.handle.db, KEY, cp)).problem).toMatch(/rewritten/);
    const forged = JSON.stringify(await audit.checkpoint(t.handle.db, 'another-key-0123456789'));
    expect((await audit.verifyAgainst(t.handle.db, KEY, forged)).problem).toMatch(/seal does not match/);
    expect((await audit.verifyAgainst(t.handle.db, KEY, 'not json')).ok).toBe(false);
  });
});
