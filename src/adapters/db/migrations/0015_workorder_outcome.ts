import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * A work order's answer as a field of its own: `done`, `not_ours` (the value is another organisation's)
 * or `cannot_act`, with `response_note` holding the evidence. Answers given before it wrote the kind of
 * refusal as a prefix of the note (`not_ours: …`); they are moved into the field and the prefix dropped.
 */
export const workOrderOutcome0015 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('work_orders').addColumn('outcome', 'text').execute();
    await sql`update work_orders set outcome = 'done' where status = 'done'`.execute(db);
    for (const code of ['not_ours', 'cannot_act'])
      await sql`update work_orders set outcome = ${code},
        response_note = ltrim(substr(response_note, ${code.length + 2}))
        where status = 'refused' and response_note like ${`${code}:%`}`.execute(db);
    await sql`update work_orders set outcome = 'cannot_act' where status = 'refused' and outcome is null`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('work_orders').dropColumn('outcome').execute();
  },
});
