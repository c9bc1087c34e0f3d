import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The first routing table sent every bank account without an organisation of its own to ICBC (`bank`,
 * `default`): freeze orders for other banks' accounts went to the wrong bank. That row becomes ICBC's own;
 * an account of a bank with no organisation is now left unrouted, with the reason.
 */
export const bankRouting0010 = (_d: Dialect): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`update responsibilities set key = 'ICBC'
      where kind = 'bank' and key = 'default' and org_id = 'org_icbc'
      and not exists (select 1 from responsibilities r where r.kind = 'bank' and r.key = 'ICBC')`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`update responsibilities set key = 'default'
      where kind = 'bank' and key = 'ICBC' and org_id = 'org_icbc'`.execute(db);
  },
});
