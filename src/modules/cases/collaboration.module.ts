/**
 * The collaborative-disposal services (reports, qualification, cases and work orders, appeals, the
 * joint-punishment list, the evaluation index, webhooks), built from the repositories and services the
 * container passes in.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { AccessService } from '../access/access.service.ts';
import type { CreditRepository } from '../credit/credit.repository.ts';
import type { EvaluationRepository } from '../evaluation/evaluation.repository.ts';
import type { ReportsRepository } from '../reports/reports.repository.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { WebhooksRepository } from '../webhooks/webhooks.repository.ts';
import type { CasesRepository } from './cases.repository.ts';
import type { ReportQueue } from '../reports/reports.ports.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createCreditService } from '../credit/credit.service.ts';
import { createEvaluationService } from '../evaluation/evaluation.service.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { NormalizeContext } from '../library/normalize/index.ts';
import { createReportsService } from '../reports/reports.service.ts';
import { createWebhooksService, type Poster } from '../webhooks/webhooks.service.ts';
import { createAppealsService } from './appeals.service.ts';
import { createCasesService } from './cases.service.ts';
import type { GangsOfValues } from './dossier.ts';
import { createDetectorCasesService } from './detector-cases.service.ts';
import { createQualificationService } from './qualification.service.ts';
import { createWorkOrdersService } from './workorders.service.ts';

export interface CollaborationDeps {
  readonly db: Db;
  readonly repos: {
    readonly cases: CasesRepository;
    readonly reports: ReportsRepository;
    readonly reportQueue: ReportQueue;
    readonly credit: CreditRepository;
    readonly evaluation: EvaluationRepository;
    readonly webhooks: WebhooksRepository;
    readonly settings: SettingsRepository;
  };
  readonly library: LibraryService;
  readonly access: Pick<AccessService, 'ensureOrganisationIn'>;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly normalize: NormalizeContext;
  readonly regulatorOrgId: string;
  readonly post?: Poster;
  /** Gang mining's view of a case's values, for the police dossier. */
  readonly gangsOf?: GangsOfValues;
}

export const createCollaborationModule = (deps: CollaborationDeps) => {
  const { db, repos } = deps;
  const base = { db, audit: deps.audit, clock: deps.clock, ids: deps.ids };
  const webhooks = createWebhooksService({
    ...base,
    repo: repos.webhooks,
    logger: deps.logger,
    ...(deps.post ? { post: deps.post } : {}),
  });
  const reports = createReportsService({
    ...base,
    repo: repos.reports,
    queue: repos.reportQueue,
    settings: repos.settings,
    organisations: deps.access,
    library: deps.library,
    normalize: deps.normalize,
    secret: deps.normalize.pseudonymKey,
  });
  const withLibrary = {
    ...base,
    repo: repos.cases,
    library: deps.library,
    webhooks,
    regulatorOrgId: deps.regulatorOrgId,
  };
  const workOrders = createWorkOrdersService(withLibrary);
  return {
    reports,
    qualification: createQualificationService({ ...withLibrary, reports }),
    cases: createCasesService({ ...withLibrary, gangsOf: deps.gangsOf }),
    workOrders,
    /** Detector alerts that open or update cases (the call detectors). */
    detectorCases: createDetectorCasesService(withLibrary),
    appeals: createAppealsService(withLibrary),
    credit: createCreditService({ ...base, repo: repos.credit, library: deps.library }),
    evaluation: createEvaluationService({ db, repo: repos.evaluation }),
    webhooks,
  };
};

export type Collaboration = ReturnType<typeof createCollaborationModule>;
