/**
 * Failed logins per account name, kept in the database so every API node counts the same guesses: ten
 * wrong passwords in a row lock the name for 15 minutes on all nodes, however the guesses are spread
 * over nodes and addresses. Names are counted whether or not they exist, so a lock-out does not reveal
 * which do.
 */
import type { Db } from '../../adapters/db/database.ts';

/** Failed logins in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 15 * 60_000;
/** Every this many failures, a node drops counts nobody touched for a lock-out's length. */
const PURGE_EVERY = 100;

export const loginFailures = (db: Db) => {
  let sincePurge = 0;
  return {
    /** Whether the name is locked out now. */
    async locked(username: string, now: number): Promise<boolean> {
      const r = await db
        .selectFrom('login_failures')
        .select('locked_until')
        .where('username', '=', username)
        .executeTakeFirst();
      return r !== undefined && Number(r.locked_until) > now;
    },

    /** Counts one failure (atomically across nodes); the tenth in a row locks the name and starts over. */
    async failed(username: string, now: number): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('login_failures')
          .values({ username, count: 1, locked_until: 0, updated_at: now })
          .onConflict((oc) =>
            oc.column('username').doUpdateSet((eb) => ({
              count: eb('login_failures.count', '+', 1),
              updated_at: now,
            })),
          )
          .returning('count')
          .executeTakeFirstOrThrow();
        if (Number(r.count) >= LOCK_AFTER_FAILURES)
          await tx
            .updateTable('login_failures')
            .set({ count: 0, locked_until: now + LOCK_MS })
            .where('username', '=', username)
            .execute();
      });
      if (++sincePurge >= PURGE_EVERY) {
        sincePurge = 0;
        await db
          .deleteFrom('login_failures')
          .where('updated_at', '<', now - LOCK_MS)
          .where('locked_until', '<', now)
          .execute();
      }
    },

    /** A successful login ends the run of failures. */
    async succeeded(username: string): Promise<void> {
      await db.deleteFrom('login_failures').where('username', '=', username).execute();
    },
  };
};
