/**
 * The platform's own key–value settings (the pseudonym key, the report form's proof-of-work difficulty):
 * the one module that reads and writes the `settings` table; others reach it through this port.
 */
import type { Executor } from '../../adapters/db/database.ts';

export const settingsRepository = () => ({
  async get(tx: Executor, key: string): Promise<string | undefined> {
    return (await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  },

  async put(tx: Executor, key: string, value: string): Promise<void> {
    await tx
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },

  /** The stored value, or `make()` stored first; when two processes race, both read the one that won. */
  async getOrCreate(tx: Executor, key: string, make: () => string): Promise<string> {
    const held = await this.get(tx, key);
    if (held !== undefined) return held;
    await tx
      .insertInto('settings')
      .values({ key, value: make() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const again = await this.get(tx, key);
    if (again === undefined) throw new Error(`setting ${key} could not be stored`);
    return again;
  },
});

export type SettingsRepository = ReturnType<typeof settingsRepository>;
