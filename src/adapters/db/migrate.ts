import { Migrator } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { migrationProvider } from './migrations/index.ts';

/** Brings the schema up to date; a failure stops start-up with the migration's name and message. */
export const migrateToLatest = async (handle: DatabaseHandle): Promise<string[]> => {
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed} failed: ${message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
};
