/**
 * The composition root: builds the object graph for the process roles asked for. Every side effect
 * (database, clock, ids, logger) is created here once and passed down, every repository is built here and
 * injected, and every service comes from its module's `createXService` factory; nothing is a module
 * singleton.
 */
import { writeFileSync } from 'node:fs';
import { openDatabase, type DatabaseHandle, type Db } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import type { Bus } from './adapters/bus/bus.port.ts';
import { openBus } from './adapters/bus/redis.bus.ts';
import {
  callAlertIntake,
  organisationActor,
  startDetectorWorkers,
  type DetectorWorkers,
} from './modules/stream/workers.factory.ts';
import { rawSqlOf } from './adapters/db/raw.ts';
import type { Config } from './config.ts';
import { accessRepository } from './modules/access/access.repository.ts';
import { createAccessService, type AccessService } from './modules/access/access.service.ts';
import { auditRepository } from './modules/audit/audit.repository.ts';
import { createAuditService, type AuditService } from './modules/audit/audit.service.ts';
import { awarenessRepository } from './modules/awareness/awareness.repository.ts';
import { createAwarenessService, type AwarenessService } from './modules/awareness/awareness.service.ts';
import { createAuthorityService, type AuthorityService } from './modules/access/authority.ts';
import { brandsRepository } from './modules/brands/brands.repository.ts';
import { casesRepository } from './modules/cases/cases.repository.ts';
import { reportQueue } from './modules/cases/queue.repository.ts';
import { createCollaborationModule, type Collaboration } from './modules/cases/collaboration.module.ts';
import { creditRepository } from './modules/credit/credit.repository.ts';
import { callsRepository } from './modules/detect/calls/calls.repository.ts';
import { createCallsService, type CallsService } from './modules/detect/calls/calls.service.ts';
import { loadFraudModel } from './modules/detect/calls/fraud-model.ts';
import type { SmsClassifier } from './modules/detect/sms/sms.detector.ts';
import { loadSmsClassifier } from './modules/detect/sms/sms.loader.ts';
import { smsRepository } from './modules/detect/sms/sms.repository.ts';
import { createSmsService, type SmsService } from './modules/detect/sms/sms.service.ts';
import { createWebModule, type WebModule } from './modules/detect/web/web.module.ts';
import { createEdgeModule, type EdgeModule } from './modules/edge/edge.module.ts';
import { edgeRepository } from './modules/edge/edge.repository.ts';
import { evaluationRepository } from './modules/evaluation/evaluation.repository.ts';
import { libraryRepository } from './modules/library/library.repository.ts';
import { createLibraryService, type LibraryService } from './modules/library/library.service.ts';
import { createOverridesService, type OverridesService } from './modules/library/library.overrides.ts';
import type { NormalizeContext } from './modules/library/normalize/index.ts';
import { createTransferService, type TransferService } from './modules/library/transfer.service.ts';
import { LookupIndex } from './modules/lookups/lookup-index.ts';
import { OrgViews } from './modules/lookups/org-views.ts';
import { followOrgViews, type OrgViewsFollow } from './modules/lookups/org-views.follow.ts';
import {
  createLookupsService,
  indexUpdateOf,
  type LookupsService,
} from './modules/lookups/lookups.service.ts';
import { federationRepository } from './modules/federation/federation.repository.ts';
import { createFederationService, type FederationService } from './modules/federation/federation.service.ts';
import { createTaxiiService, type TaxiiService } from './modules/federation/taxii.service.ts';
import { createStixValidator } from './modules/federation/federation.validate.ts';
import { createPeersService, peersStore, type PeersService } from './modules/federation/peers.service.ts';
import { createFederationSync, type FederationSync } from './modules/federation/sync.service.ts';
import { decayRepository } from './modules/library/decay.repository.ts';
import { decayService, type DecayService } from './modules/library/decay.service.ts';
import { createGangsModule } from './modules/gangs/gangs.module.ts';
import type { GangsService } from './modules/gangs/gangs.service.ts';
import { createTransfersModule } from './modules/transfers/transfers.module.ts';
import type { TransfersService } from './modules/transfers/transfers.service.ts';
import { reportsRepository } from './modules/reports/reports.repository.ts';
import { settingsRepository } from './modules/settings/settings.repository.ts';
import { thresholdsService, type ThresholdsService } from './modules/settings/thresholds.service.ts';
import { taxonomyRepository } from './modules/taxonomy/taxonomy.repository.ts';
import { webhooksRepository } from './modules/webhooks/webhooks.repository.ts';
import { PLATFORM_ORG_ID, seedDatabase } from './seed.ts';
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
  /** The regulator's verdict thresholds: read, compared in shadow mode, applied. */
  readonly thresholds: ThresholdsService;
  readonly authority: AuthorityService;
  readonly overrides: OverridesService;
  readonly index: LookupIndex;
  readonly lookups: LookupsService;
  /** Each organisation's local overrides and owner standings, applied to its own answers. */
  readonly orgViews: OrgViews;
  /** Keeps `orgViews` current with other nodes' writes (absent for one-shot commands without the index). */
  readonly orgViewsFollow: OrgViewsFollow | undefined;
  readonly awareness: AwarenessService;
  readonly transfer: TransferService;
  /** The active SMS classifier (one copy, shared by the SMS API and the edge hook) and the SMS service. */
  readonly smsClassifier: SmsClassifier;
  readonly sms: SmsService;
  /** The call-records engine (one incremental engine per organisation feeding records). */
  readonly calls: CallsService;
  /** Brands and the URL, page and app detectors. */
  readonly web: WebModule;
  /** Reports, qualification, cases, work orders, appeals, the credit list, evaluation, webhooks. */
  readonly collaboration: Collaboration;
  readonly collaborationAt: (clock: Clock) => Collaboration;
  /** Real-time checks for SIP proxies, SMS centres and payment systems, and the warning loop. */
  readonly edge: EdgeModule;
  readonly decay: DecayService;
  /** STIX 2.1 in and out of the library, for imports and the TAXII server. */
  readonly federation: FederationService;
  /** The TAXII 2.1 server's collections over the library. */
  readonly taxii: TaxiiService;
  readonly peers: PeersService;
  readonly federationSync: FederationSync;
  /** The workers role's scheduled work (started only in a process with that role). */
  readonly scheduler: Scheduler;
  /** The transaction stream and mule-account detection. */
  readonly transfers: TransfersService;
  /** Gang mining over the one graph of values. */
  readonly gangs: GangsService;
  /** The bus: Redis Streams when FANZHA_BUS_URL is set, in-process otherwise. */
  readonly bus: Bus;
  /** Detector workers on the bus, when the workers role is on. */
  readonly workers: DetectorWorkers | undefined;
  close(): Promise<void>;
}

export interface ContainerOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Skip building the hot index (CLI commands that only write). */
  readonly withoutIndex?: boolean;
}

/** Whether this process fills and follows the in-memory hot index: only when it serves the API. */
export const servesIndex = (config: Config, options: ContainerOptions = {}): boolean =>
  config.roles.includes('api') && !options.withoutIndex;

export const buildContainer = async (config: Config, options: ContainerOptions = {}): Promise<Container> => {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? consoleLogger(config.logLevel);
  const handle = openDatabase(config.databaseUrl);
  const db = handle.db;
  const repos = {
    access: accessRepository(),
    audit: auditRepository(handle.dialect),
    awareness: awarenessRepository(),
    brands: brandsRepository,
    calls: callsRepository(),
    cases: casesRepository(),
    credit: creditRepository(),
    edge: edgeRepository(),
    evaluation: evaluationRepository(),
    library: libraryRepository(rawSqlOf(handle)),
    reports: reportsRepository(),
    reportQueue: reportQueue(),
    settings: settingsRepository(),
    sms: smsRepository(),
    taxonomy: taxonomyRepository(),
    webhooks: webhooksRepository(),
  };
  let pseudonymKey: string;
  try {
    await migrateToLatest(handle);
    ({ pseudonymKey } = await seedDatabase({
      db,
      clock,
      repos,
      pseudonymKey: config.pseudonymKeyFromEnv ? config.pseudonymKey : undefined,
    }));
  } catch (e) {
    await handle.close();
    throw e;
  }
  const normalize: NormalizeContext = { pseudonymKey, defaultCountry: 'CN' };
  const audit = createAuditService({ repo: repos.audit, clock });
  const access = createAccessService({
    db,
    repo: repos.access,
    audit,
    clock,
    ids,
    sessionHours: config.sessionHours,
  });
  const authority = createAuthorityService({
    db,
    audit,
    clock,
    organisationExists: async (tx, orgId) =>
      (await repos.access.listOrganisations(tx)).some((o) => o.id === orgId),
  });
  const overrides = createOverridesService({ db, audit, clock });
  const library = createLibraryService({
    db,
    repo: repos.library,
    audit,
    clock,
    normalize,
    loadOrganisations: (tx) => repos.access.listOrganisations(tx),
    authority,
    overrides,
    settings: repos.settings,
  });
  const index = new LookupIndex();
  const orgViews = new OrgViews();
  let orgViewsFollow: OrgViewsFollow | undefined;
  const lookups = createLookupsService({ index, normalize, orgViews });
  // Only a process that serves the API answers lookups from the hot index and the organisations' views, so
  // only it fills them and keeps them current. The workers and the console roles, and one-shot commands that
  // only write, leave them empty: an index holding only this process's writes would answer wrongly, and
  // keeping it costs an import about 3 % of its time.
  if (servesIndex(config, options)) {
    library.onChange((changed) => lookups.apply(changed));
    library.onAllowChange((e) => lookups.applyAllow(e));
    await loadIndex(library, lookups, index);
    orgViewsFollow = await followOrgViews(orgViews, { library, overrides, logger });
  }
  const smsClassifier = loadSmsClassifier();
  const transfer = createTransferService({ library, organisations: () => access.listOrganisations() });
  const gangs = createGangsModule({ db: handle.db, clock });
  /** The collaboration module on another clock: the demo replays days of work on a clock set in the past. */
  const collaborationAt = (at: Clock) =>
    createCollaborationModule({
      db,
      repos,
      library,
      access,
      audit,
      clock: at,
      ids,
      logger,
      normalize,
      regulatorOrgId: PLATFORM_ORG_ID,
      gangsOf: (actor, values) => gangs.forValues(actor, values),
    });
  const collaboration = collaborationAt(clock);
  const stopCheckpoints =
    config.roles.includes('workers') && !options.withoutIndex
      ? startAuditCheckpoints(config, audit, db, logger)
      : () => {};
  const decay = decayService({ db: handle.db, repo: decayRepository(), library, clock });

  const bus = await openBus(config.busUrl, {
    partitions: config.busPartitions,
    onError: (e) => logger.warn('bus connection', { error: e.message }),
  });
  const calls = createCallsService({
    db,
    repo: repos.calls,
    claims: library,
    clock,
    cases: collaboration.detectorCases,
    fraudModel: () => loadFraudModel(),
  });
  const sms = createSmsService({
    db,
    repo: repos.sms,
    classifier: smsClassifier,
    claims: library,
    clock,
    ids,
  });
  const transfers = createTransfersModule({
    db: handle.db,
    clock,
    library,
    cases: collaboration.detectorCases,
    lookups,
    normalize,
  });
  const findOrganisation = (id: string) => repos.access.findOrganisation(db, id);
  // Detector workers consume the bus in the scale-out mode; the embedded default detects in the API process.
  const workers =
    config.roles.includes('workers') && config.busUrl !== undefined && !options.withoutIndex
      ? startDetectorWorkers({
          bus,
          db: handle.db,
          clock,
          logger,
          smsClassifier,
          callAlertIntake: callAlertIntake({
            claims: library,
            cases: collaboration.detectorCases,
            organisation: findOrganisation,
          }),
          transfers: {
            ingest: (actor, raw) => transfers.ingest(actor, raw),
            actorOf: organisationActor(findOrganisation, 'detector:transfers.stream'),
          },
          reports: collaboration.reports,
        })
      : undefined;

  const edge = createEdgeModule({
    db,
    repo: repos.edge,
    clock,
    logger,
    normalize,
    lookups,
    classifier: smsClassifier,
    sms,
    claims: library,
    edgeKeys: config.edgeKeys,
    transfers,
  });
  const federationRepo = federationRepository(config.instance);
  const federation = createFederationService({
    db: handle.db,
    repo: federationRepo,
    library,
    validator: createStixValidator(),
    organisationNames: async () => new Map((await access.listOrganisations()).map((o) => [o.id, o.name])),
    instance: config.instance,
  });
  const peers = createPeersService({ db: handle.db, clock });
  const federationSync = createFederationSync({
    db: handle.db,
    store: peersStore(handle.db),
    federation,
    changes: library,
    clock,
    logger,
    instance: config.instance,
  });
  const scheduler = createScheduler(
    scheduledWork({
      decay,
      collaboration,
      federation: { sync: federationSync, everyMs: config.federationPollMs },
    }),
    logger,
  );
  if (config.roles.includes('workers') && !options.withoutIndex) {
    scheduler.start();
    // A change to the library is pushed to the peers at once rather than at the next turn.
    let pushSoon: NodeJS.Timeout | undefined;
    library.onChange(() => {
      pushSoon ??= setTimeout(() => {
        pushSoon = undefined;
        if (scheduler.started) void scheduler.runNow('federation-push').catch(() => {});
      }, 100).unref();
    });
  }
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
    thresholds: thresholdsService({
      db,
      settings: repos.settings,
      audit,
      library,
      findResources: (tx, ids) => repos.library.findResourcesByIds(tx, ids),
    }),
    authority,
    overrides,
    index,
    orgViews,
    orgViewsFollow,
    lookups,
    awareness: createAwarenessService({ db, clock, repo: repos.awareness }),
    transfer,
    web: await createWebModule({ db, clock, repository: repos.brands, audit, authority }),
    smsClassifier,
    calls,
    sms,
    edge,
    collaboration,
    collaborationAt,
    decay,
    federation,
    taxii: createTaxiiService({ db: handle.db, federation, clock }),
    peers,
    federationSync,
    scheduler,
    gangs,
    transfers,
    bus,
    workers,
    close: async () => {
      orgViewsFollow?.stop();
      await workers?.stop();
      await bus.close();
      edge.stop();
      stopCheckpoints();
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
