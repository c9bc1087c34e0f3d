/**
 * Builds the object graph for the roles asked for (STYLE: Immich's worker roles). Every side effect —
 * database, clock, ids, logger — is created here once and passed down; nothing is a module singleton.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import { rawSqlOf } from './adapters/db/raw.ts';
import type { Config } from './config.ts';
import { accessRepository } from './modules/access/access.repository.ts';
import { accessService, type AccessService } from './modules/access/access.service.ts';
import { DEFAULT_RELIABILITY } from './modules/access/access.types.ts';
import { auditRepository } from './modules/audit/audit.repository.ts';
import { auditService, type AuditService } from './modules/audit/audit.service.ts';
import { awarenessService, type AwarenessService } from './modules/awareness/awareness.service.ts';
import { libraryRepository } from './modules/library/library.repository.ts';
import { libraryService, type LibraryService } from './modules/library/library.service.ts';
import type { NormalizeContext } from './modules/library/normalize/index.ts';
import { LookupIndex } from './modules/lookups/lookup-index.ts';
import { indexUpdateOf, lookupsService, type LookupsService } from './modules/lookups/lookups.service.ts';
import { FRAUD_TYPES } from './modules/taxonomy/fraud-types.data.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { randomIds, type IdGenerator } from './shared/ids.ts';
import { consoleLogger, type Logger } from './shared/logger.ts';

export interface Container {
  readonly config: Config;
  readonly handle: DatabaseHandle;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly normalize: NormalizeContext;
  readonly audit: AuditService;
  readonly access: AccessService;
  readonly library: LibraryService;
  readonly index: LookupIndex;
  readonly lookups: LookupsService;
  readonly awareness: AwarenessService;
  close(): Promise<void>;
}

export interface ContainerOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Skip building the hot index (CLI commands that only write). */
  readonly withoutIndex?: boolean;
}

export const PLATFORM_ORG_ID = 'org_platform';

/** Settings the platform keeps in its own database so they survive restarts (e.g. the pseudonym key). */
const setting = async (handle: DatabaseHandle, key: string, make: () => string): Promise<string> => {
  const row = await handle.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (row) return row.value;
  const value = make();
  await handle.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const again = await handle.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return again.value;
};

const seedBase = async (handle: DatabaseHandle, clock: Clock): Promise<void> => {
  const db = handle.db;
  for (const [sort, t] of FRAUD_TYPES.entries()) {
    await db
      .insertInto('fraud_types')
      .values({ code: t.code, name_zh: t.nameZh, name_en: t.nameEn, group_code: t.groupCode, group_zh: t.groupZh, group_en: t.groupEn, sort })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  await db
    .insertInto('organisations')
    .values({ id: PLATFORM_ORG_ID, name: '反诈平台 (platform)', kind: 'regulator', region: null, reliability: DEFAULT_RELIABILITY.regulator, parent_id: null, created_at: clock.now().getTime() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
};

export const buildContainer = async (config: Config, options: ContainerOptions = {}): Promise<Container> => {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? consoleLogger(config.logLevel);
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle);
    await seedBase(handle, clock);
  } catch (e) {
    await handle.close();
    throw e;
  }
  const pseudonymKey = config.pseudonymKeyFromEnv ? config.pseudonymKey : await setting(handle, 'pseudonym_key', () => randomBytes(32).toString('hex'));
  const normalize: NormalizeContext = { pseudonymKey, defaultCountry: 'CN' };
  const audit = auditService({ repo: auditRepository(handle.dialect), clock });
  const accessRepo = accessRepository();
  const access = accessService({ db: handle.db, repo: accessRepo, audit, clock, ids, sessionHours: config.sessionHours });
  const library = libraryService({
    db: handle.db,
    repo: libraryRepository(rawSqlOf(handle)),
    audit,
    clock,
    normalize,
    loadOrganisations: (tx) => accessRepo.listOrganisations(tx),
  });
  const index = new LookupIndex();
  const lookups = lookupsService({ index, normalize });
  library.onChange((changed) => lookups.apply(changed));
  library.onAllowChange((e) => lookups.applyAllow(e));
  if (!options.withoutIndex) await loadIndex(library, lookups, index);

  return {
    config,
    handle,
    clock,
    ids,
    logger,
    normalize,
    audit,
    access,
    library,
    index,
    lookups,
    awareness: awarenessService({ db: handle.db, clock }),
    close: () => handle.close(),
  };
};

/** Fills the hot index from the library: every value with a standing, then allow-only entries. */
export const loadIndex = async (library: LibraryService, lookups: LookupsService, index: LookupIndex): Promise<number> => {
  for await (const page of library.scanStanding()) for (const r of page) index.set(indexUpdateOf(r));
  for await (const e of library.scanAllowEntries()) lookups.applyAllow({ ...e, allowed: true });
  return index.size;
};
