/**
 * One ordered list of migrations for both dialects. Modules add theirs here under a name that sorts
 * after the ones they depend on (e.g. `0003_sms`). Migrations never change once released.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database.ts';
import { library0001 } from './0001_library.ts';
import { sms0003 } from './0003_sms.ts';
import { brands0004 } from './0004_brands.ts';
import { calls0005 } from './0005_calls.ts';
import { cases0006 } from './0006_cases.ts';
import { awareness0007 } from './0007_awareness.ts';
import { edge0008 } from './0008_edge.ts';
import { decay0009 } from './0009_decay.ts';
import { bankRouting0010 } from './0010_bank_routing.ts';
import { transfersMules0011 } from './0011_transfers_mules.ts';
import { authority0012 } from './0012_authority.ts';
import { federationTaxii0013 } from './0013_federation_taxii.ts';
import { loginFailures0014 } from './0014_login_failures.ts';
import { workOrderOutcome0015 } from './0015_workorder_outcome.ts';
import { federationPeers0018 } from './0018_federation_peers.ts';
import { overrideChanges0019 } from './0019_override_changes.ts';
import { authorityFeedIndexes0020 } from './0020_authority_feed_indexes.ts';

export type DialectMigration = (dialect: Dialect) => Migration;

const all: Record<string, DialectMigration> = {
  '0001_library': library0001,
  '0003_sms': sms0003,
  '0004_brands': brands0004,
  '0005_calls': calls0005,
  '0006_cases': cases0006,
  '0007_awareness': awareness0007,
  '0008_edge': edge0008,
  '0009_decay': decay0009,
  '0010_bank_routing': bankRouting0010,
  '0011_transfers_mules': transfersMules0011,
  '0012_authority': authority0012,
  '0013_federation_taxii': federationTaxii0013,
  '0014_login_failures': loginFailures0014,
  '0015_workorder_outcome': workOrderOutcome0015,
  '0018_federation_peers': federationPeers0018,
  '0019_override_changes': overrideChanges0019,
  '0020_authority_feed_indexes': authorityFeedIndexes0020,
};

export const migrationProvider = (dialect: Dialect): MigrationProvider => ({
  getMigrations: () =>
    Promise.resolve(Object.fromEntries(Object.entries(all).map(([name, m]) => [name, m(dialect)]))),
});
