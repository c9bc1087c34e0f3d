import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * What the federation's authority collection reads at every poll of every peer: the pins made after a
 * time (a partial index, only pinned values), and the national removals after a time, by audit action.
 * Without them each read scanned every value and the whole audit log.
 */
export const authorityFeedIndexes0020 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create index resources_pin_at_idx on resources (pin_at) where pin_at is not null`.execute(db);
    await sql`create index audit_action_at_idx on audit_log (action, at)`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop index audit_action_at_idx`.execute(db);
    await sql`drop index resources_pin_at_idx`.execute(db);
  },
});
