/**
 * Builds the object graph for the roles asked for (STYLE: Immich's worker roles). Every side effect —
 * database, clock, ids, logger — is created here once and passed down; nothing is a module singleton.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import { rawSqlOf } from './adapters/db/raw.ts';
import type { Config } from './config.ts';
import { edgeRepository } from './modules/edge/edge.repository.ts';
import { createEdgeModule, type EdgeModule } from './modules/edge/edge.module.ts';
import { awarenessRepository } from './modules/awareness/awareness.repository.ts';
import { callsRepository } from './modules/detect/calls/calls.repository.ts';
import { smsRepository } from './modules/detect/sms/sms.repository.ts';
import { accessRepository } from './modules/access/access.repository.ts';
import { createAccessService, type AccessService } from './modules/access/access.service.ts';
import { DEFAULT_RELIABILITY } from './modules/access/access.types.ts';
import { auditRepository } from './modules/audit/audit.repository.ts';
import { createAuditService, type AuditService } from './modules/audit/audit.service.ts';
import { createAwarenessService, type AwarenessService } from './modules/awareness/awareness.service.ts';
import { buildCollaboration, type Collaboration } from './modules/cases/collaboration.module.ts';
import { libraryRepository } from './modules/library/library.repository.ts';
import { createLibraryService, type LibraryService } from './modules/library/library.service.ts';
import { createTransferService, type TransferService } from './modules/library/transfer.service.ts';
import { buildWebModule, type WebModule } from './modules/detect/web/web.module.ts';
import { loadSmsClassifier } from './modules/detect/sms/sms.loader.ts';
import { createCallsService, type CallsService } from './modules/detect/calls/calls.service.ts';
import { loadFraudModel } from './modules/detect/calls/fraud-model.ts';
import { createSmsService, type SmsService } from './modules/detect/sms/sms.service.ts';
import type { SmsClassifier } from './modules/detect/sms/sms.detector.ts';
import type { NormalizeContext } from './modules/library/normalize/index.ts';
import { LookupIndex } from './modules/lookups/lookup-index.ts';
import {
  indexUpdateOf,
  createLookupsService,
  type LookupsService,
} from './modules/lookups/lookups.service.ts';
import { FRAUD_TYPES } from './modules/taxonomy/fraud-types.data.ts';
import { federationRepository } from './modules/federation/federation.repository.ts';
import { createFederationService, type FederationService } from './modules/federation/federation.service.ts';
import { createTaxiiService, type TaxiiService } from './modules/federation/taxii.service.ts';
import { createStixValidator } from './modules/federation/federation.validate.ts';
import { decayRepository } from './modules/library/decay.repository.ts';
import { decayService, type DecayService } from './modules/library/decay.service.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createScheduler, type Scheduler } from './workers/scheduler.ts';
import { scheduledWork } from './workers/scheduled-work.ts';
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
  readonly decay: DecayService;
  /** STIX 2.1 in and out of the library, for imports and the TAXII server. */
  readonly federation: FederationService;
  /** The TAXII 2.1 server's collections over the library. */
  readonly taxii: TaxiiService;
  /** The workers role's scheduled work (started only in a process with that role). */
  readonly scheduler: Scheduler;
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
  const audit = createAuditService({ repo: auditRepository(handle.dialect), clock });
  const accessRepo = accessRepository();
  const access = createAccessService({
    db: handle.db,
    repo: accessRepo,
    audit,
    clock,
    ids,
    sessionHours: config.sessionHours,
  });
  const library = createLibraryService({
    db: handle.db,
    repo: libraryRepository(rawSqlOf(handle)),
    audit,
    clock,
    normalize,
    loadOrganisations: (tx) => accessRepo.listOrganisations(tx),
  });
  const index = new LookupIndex();
  const lookups = createLookupsService({ index, normalize });
  // Without the index (one-shot commands that only write) nothing feeds it either: an index that holds only
  // this command's writes would answer wrongly, and keeping it costs an import about 3 % of its time.
  if (!options.withoutIndex) {
    library.onChange((changed) => lookups.apply(changed));
    library.onAllowChange((e) => lookups.applyAllow(e));
    await loadIndex(library, lookups, index);
  }
  const smsClassifier = loadSmsClassifier();
  const transfer = createTransferService({ library, organisations: () => access.listOrganisations() });

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
  const decay = decayService({ db: handle.db, repo: decayRepository(), library, clock });
  const scheduler = createScheduler(scheduledWork({ decay, collaboration }), logger);
  if (config.roles.includes('workers') && !options.withoutIndex) scheduler.start();

  const calls = createCallsService({
    db: handle.db,
    repo: callsRepository(),
    claims: library,
    clock,
    cases: collaboration.detectorCases,
    fraudModel: () => loadFraudModel(),
  });
  const sms = createSmsService({
    db: handle.db,
    repo: smsRepository(),
    classifier: smsClassifier,
    claims: library,
    clock,
    ids,
  });
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
  const federation = createFederationService({
    db: handle.db,
    repo: federationRepository(),
    library,
    validator: createStixValidator(),
    organisationNames: async () => new Map((await access.listOrganisations()).map((o) => [o.id, o.name])),
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
    index,
    lookups,
    awareness: createAwarenessService({ db: handle.db, clock, repo: awarenessRepository() }),
    transfer,
    web: await buildWebModule({ db: handle.db, clock }),
    smsClassifier,
    calls,
    sms,
    edge,
    collaboration,
    decay,
    federation,
    taxii: createTaxiiService({ db: handle.db, federation, clock }),
    scheduler,
    close: async () => {
      edge.stop();
      await scheduler.stop();
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
