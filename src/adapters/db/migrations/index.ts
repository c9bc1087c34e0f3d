/**
 * One ordered list of migrations for both dialects. Modules add theirs here under a name that sorts
 * after the ones they depend on (e.g. `0003_sms`). Migrations never change once released.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database.ts';
import { library0001 } from './0001_library.ts';

export type DialectMigration = (dialect: Dialect) => Migration;

const all: Record<string, DialectMigration> = {
  '0001_library': library0001,
};

export const migrationProvider = (dialect: Dialect): MigrationProvider => ({
  getMigrations: () =>
    Promise.resolve(Object.fromEntries(Object.entries(all).map(([name, m]) => [name, m(dialect)]))),
});

