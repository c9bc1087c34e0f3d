import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Decay's reads: the values that can still decay (a score or a standing, not expired), oldest score first
 * per type (the scheduled rescore takes the most overdue), and claims by the time they stop being valid
 * (a value whose claim just lapsed is due at once). Both partial, so values with nothing to decay and
 * claims without an end cost imports nothing. The decay repository repeats the first predicate verbatim
 * so that SQLite sees the index applies.
 */
export const decay0009 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create index resources_decay_idx on resources (type, scored_at)
      where (score_members > 0 or verdict_members <> 'unknown' or verdict_public <> 'unknown')
      and status <> 'expired'`.execute(db);
    await sql`create index claims_valid_until_idx on claims (valid_until) where valid_until is not null`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop index resources_decay_idx`.execute(db);
    await sql`drop index claims_valid_until_idx`.execute(db);
  },
});
