/**
 * Builds issue 6's services (reports, qualification, cases and work orders, appeals, credit list,
 * evaluation index, webhooks) from the container's parts, and lists their HTTP routes. The container
 * and routes.ts each call one function from here.
 */
import type { DatabaseHandle } from '../../adapters/db/database.ts';
import type { App } from '../../adapters/http/http.types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { creditRepository } from '../credit/credit.repository.ts';
import { creditRoutes } from '../credit/credit.routes.ts';
import { creditService } from '../credit/credit.service.ts';
import { evaluationRepository } from '../evaluation/evaluation.repository.ts';
import { evaluationRoutes } from '../evaluation/evaluation.routes.ts';
import { evaluationService } from '../evaluation/evaluation.service.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { NormalizeContext } from '../library/normalize/index.ts';
import { reportsRepository } from '../reports/reports.repository.ts';
import { reportsRoutes } from '../reports/reports.routes.ts';
import { reportsService } from '../reports/reports.service.ts';
import { webhooksRepository } from '../webhooks/webhooks.repository.ts';
import { webhooksRoutes } from '../webhooks/webhooks.routes.ts';
import { webhooksService, type Poster } from '../webhooks/webhooks.service.ts';
import { appealsService } from './appeals.service.ts';
import { casesRepository } from './cases.repository.ts';
import { casesRoutes } from './cases.routes.ts';
import { casesService } from './cases.service.ts';
import { detectorCasesService } from './detector-cases.service.ts';
import { qualificationService } from './qualification.service.ts';
import { workOrdersService } from './workorders.service.ts';
import { workOrdersRoutes } from './workorders.routes.ts';

export interface CollaborationDeps {
  readonly handle: DatabaseHandle;
  readonly library: LibraryService;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly normalize: NormalizeContext;
  readonly regulatorOrgId: string;
  readonly post?: Poster;
}

export const buildCollaboration = (deps: CollaborationDeps) => {
  const db = deps.handle.db;
  const base = { db, audit: deps.audit, clock: deps.clock, ids: deps.ids };
  const webhooks = webhooksService({
    ...base,
    repo: webhooksRepository(),
    logger: deps.logger,
    ...(deps.post ? { post: deps.post } : {}),
  });
  const repo = casesRepository();
  const withLibrary = { ...base, repo, library: deps.library, webhooks, regulatorOrgId: deps.regulatorOrgId };
  const cases = casesService(withLibrary);
  const workOrders = workOrdersService(withLibrary);
  const collaboration = {
    reports: reportsService({
      ...base,
      repo: reportsRepository(),
      library: deps.library,
      normalize: deps.normalize,
      secret: deps.normalize.pseudonymKey,
    }),
    qualification: qualificationService(withLibrary),
    cases,
    workOrders,
    /** Detector alerts that open or update cases (issue 5's call detectors). */
    detectorCases: detectorCasesService(withLibrary),
    appeals: appealsService(withLibrary),
    credit: creditService({ ...base, repo: creditRepository(), library: deps.library }),
    evaluation: evaluationService({ db, repo: evaluationRepository() }),
    webhooks,
  };
  return collaboration;
};

export type Collaboration = ReturnType<typeof buildCollaboration>;

export const collaborationRoutes = (
  c: Collaboration,
  o: { anonymousRateLimit: number; clock: Clock },
): Array<(app: App) => Promise<void>> => [
  reportsRoutes({ reports: c.reports, anonymousRateLimit: o.anonymousRateLimit }),
  casesRoutes({
    qualification: c.qualification,
    cases: c.cases,
    workOrders: c.workOrders,
    reports: c.reports,
    clock: o.clock,
  }),
  workOrdersRoutes({ workOrders: c.workOrders, appeals: c.appeals }),
  creditRoutes({ credit: c.credit }),
  evaluationRoutes({ evaluation: c.evaluation }),
  webhooksRoutes({ webhooks: c.webhooks }),
];
