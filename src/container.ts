/**
 * Builds the object graph for the roles asked for (STYLE: Immich's worker roles). Every side effect —
 * database, clock, ids, logger — is created here once and passed down; nothing is a module singleton.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { openDatabase, type DatabaseHandle, type Db } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import { rawSqlOf } from './adapters/db/raw.ts';
import type { Config } from './config.ts';
import { edgeRepository } from './modules/edge/edge.repository.ts';
import { createEdgeModule, type EdgeModule } from './modules/edge/edge.module.ts';
import { accessRepository } from './modules/access/access.repository.ts';
import { accessService, type AccessService } from './modules/access/access.service.ts';
import { DEFAULT_RELIABILITY } from './modules/access/access.types.ts';
import { auditRepository } from './modules/audit/audit.repository.ts';
import { auditService, type AuditService } from './modules/audit/audit.service.ts';
import { awarenessService, type AwarenessService } from './modules/awareness/awareness.service.ts';
import { buildCollaboration, type Collaboration } from './modules/cases/collaboration.module.ts';
import { libraryRepository } from './modules/library/library.repository.ts';
import { libraryService, type LibraryService } from './modules/library/library.service.ts';
import { overridesService, type OverridesService } from './modules/library/library.overrides.ts';
import { authorityService, type AuthorityService } from './modules/access/authority.ts';
import { transferService, type TransferService } from './modules/library/transfer.service.ts';
import { buildWebModule, type WebModule } from './modules/detect/web/web.module.ts';
import { loadSmsClassifier } from './modules/detect/sms/sms.loader.ts';
import { createCallsService, type CallsService } from './modules/detect/calls/calls.service.ts';
import { loadFraudModel } from './modules/detect/calls/fraud-model.ts';
import { smsService, type SmsService } from './modules/detect/sms/sms.service.ts';
import type { SmsClassifier } from './modules/detect/sms/sms.detector.ts';
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
  readonly authority: AuthorityService;
  readonly overrides: OverridesService;
  readonly index: LookupIndex;
  readonly lookups: LookupsService;
  readonly awareness: AwarenessService;
  readonly transfer: TransferService;
  /** Issue 3: the active SMS classifier (one copy, shared by the SMS API and the edge hook) and the SMS service. */
  readonly smsClassifier: SmsClassifier;
  readonly sms: SmsService;
  /** Issue 5: the call-records engine (one incremental engine per organisation feeding records). */
  readonly calls: CallsService;
  /** Issue 4: brands and the URL, page and app detectors. */
  readonly web: WebModule;
  /** Issue 6: reports, qualification, cases, work orders, appeals, credit list, evaluation, webhooks. */
  readonly collaboration: Collaboration;
  /** Real-time checks for SIP proxies, SMS centres and payment systems, and the warning loop. */
  readonly edge: EdgeModule;
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
  const row = await handle.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  if (row) return row.value;
  const value = make();
  await handle.db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const again = await handle.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return again.value;
};

const seedBase = async (handle: DatabaseHandle, clock: Clock): Promise<void> => {
  const db = handle.db;
  for (const [sort, t] of FRAUD_TYPES.entries()) {
    await db
      .insertInto('fraud_types')
      .values({
        code: t.code,
        name_zh: t.nameZh,
        name_en: t.nameEn,
        group_code: t.groupCode,
        group_zh: t.groupZh,
        group_en: t.groupEn,
        sort,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  await db
    .insertInto('organisations')
    .values({
      id: PLATFORM_ORG_ID,
      name: '反诈平台 (platform)',
      kind: 'regulator',
      region: null,
      reliability: DEFAULT_RELIABILITY.regulator,
      parent_id: null,
      created_at: clock.now().getTime(),
    })
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
  const pseudonymKey = config.pseudonymKeyFromEnv
    ? config.pseudonymKey
    : await setting(handle, 'pseudonym_key', () => randomBytes(32).toString('hex'));
  const normalize: NormalizeContext = { pseudonymKey, defaultCountry: 'CN' };
  const audit = auditService({ repo: auditRepository(handle.dialect), clock });
  const accessRepo = accessRepository();
  const access = accessService({
    db: handle.db,
    repo: accessRepo,
    audit,
    clock,
    ids,
    sessionHours: config.sessionHours,
  });
  const authority = authorityService({
    db: handle.db,
    audit,
    clock,
    organisationExists: async (tx, orgId) =>
      (await accessRepo.listOrganisations(tx)).some((o) => o.id === orgId),
  });
  const overrides = overridesService({ db: handle.db, audit, clock });
  const library = libraryService({
    db: handle.db,
    repo: libraryRepository(rawSqlOf(handle)),
    audit,
    clock,
    normalize,
    loadOrganisations: (tx) => accessRepo.listOrganisations(tx),
    authority,
    overrides,
  });
  const index = new LookupIndex();
  const lookups = lookupsService({ index, normalize });
  // Without the index (one-shot commands that only write) nothing feeds it either: an index that holds only
  // this command's writes would answer wrongly, and keeping it costs an import about 3 % of its time.
  if (!options.withoutIndex) {
    library.onChange((changed) => lookups.apply(changed));
    library.onAllowChange((e) => lookups.applyAllow(e));
    await loadIndex(library, lookups, index);
  }
  const smsClassifier = loadSmsClassifier();
  const transfer = transferService({ library, organisations: () => access.listOrganisations() });

  const collaboration = buildCollaboration({
    handle,
    library,
    audit,
    clock,
    ids,
    logger,
    normalize,
    regulatorOrgId: PLATFORM_ORG_ID,
  });
  const stopCollaboration =
    config.roles.includes('workers') && !options.withoutIndex ? collaboration.start() : () => {};
  const stopCheckpoints =
    config.roles.includes('workers') && !options.withoutIndex
      ? startAuditCheckpoints(config, audit, handle.db, logger)
      : () => {};

  const calls = createCallsService({
    db: handle.db,
    claims: library,
    clock,
    cases: collaboration.detectorCases,
    fraudModel: () => loadFraudModel(),
  });
  const sms = smsService({ db: handle.db, classifier: smsClassifier, claims: library, clock, ids });
  const edge = createEdgeModule({
    db: handle.db,
    repo: edgeRepository(),
    clock,
    logger,
    normalize,
    lookups,
    classifier: smsClassifier,
    sms,
    claims: library,
    edgeKeys: config.edgeKeys,
  });
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
    authority,
    overrides,
    index,
    lookups,
    awareness: awarenessService({ db: handle.db, clock }),
    transfer,
    web: await buildWebModule({ db: handle.db, clock, audit, authority }),
    smsClassifier,
    calls,
    sms,
    edge,
    collaboration,
    close: async () => {
      edge.stop();
      stopCollaboration();
      stopCheckpoints();
      await calls.close();
      return handle.close();
    },
  };
};

/** Fills the hot index from the library: every value with a standing, then allow-only entries. */
export const loadIndex = async (
  library: LibraryService,
  lookups: LookupsService,
  index: LookupIndex,
): Promise<number> => {
  for await (const page of library.scanStanding()) for (const r of page) index.set(indexUpdateOf(r));
  for await (const e of library.scanAllowEntries()) lookups.applyAllow({ ...e, allowed: true });
  return index.size;
};

/**
 * The workers seal the audit chain's head into a file outside the database every few minutes (when a key
 * and a file are configured), so `fanzha audit verify --checkpoint` can later prove nothing was removed.
 */
const startAuditCheckpoints = (config: Config, audit: AuditService, db: Db, logger: Logger): (() => void) => {
  const { auditKey: key, auditCheckpointFile: file } = config;
  if (!key || !file) return () => {};
  const write = (): void => {
    audit
      .checkpoint(db, key)
      .then((cp) => writeFileSync(file, `${JSON.stringify(cp)}\n`))
      .catch((e: unknown) => logger.warn('audit checkpoint failed', { error: String(e) }));
  };
  write();
  const timer = setInterval(write, config.auditCheckpointMs);
  timer.unref();
  return () => clearInterval(timer);
};
