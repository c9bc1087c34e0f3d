/**
 * Builds issue 6's services (reports, qualification, cases and work orders, appeals, credit list,
 * evaluation index, webhooks) from the container's parts.
 */
import type { DatabaseHandle } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { creditRepository } from '../credit/credit.repository.ts';
import { createCreditService } from '../credit/credit.service.ts';
import { evaluationRepository } from '../evaluation/evaluation.repository.ts';
import { createEvaluationService } from '../evaluation/evaluation.service.ts';
import type { Actor } from '../../shared/actor.ts';
import type { LibraryService } from '../library/library.service.ts';
import type { NormalizeContext } from '../library/normalize/index.ts';
import { reportsRepository } from '../reports/reports.repository.ts';
import { createReportsService } from '../reports/reports.service.ts';
import { webhooksRepository } from '../webhooks/webhooks.repository.ts';
import { createWebhooksService, type Poster } from '../webhooks/webhooks.service.ts';
import { createAppealsService } from './appeals.service.ts';
import { casesRepository } from './cases.repository.ts';
import { createCasesService } from './cases.service.ts';
import { createDetectorCasesService } from './detector-cases.service.ts';
import { createQualificationService } from './qualification.service.ts';
import { createWorkOrdersService } from './workorders.service.ts';

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
  const webhooks = createWebhooksService({
    ...base,
    repo: webhooksRepository(),
    logger: deps.logger,
    ...(deps.post ? { post: deps.post } : {}),
  });
  const repo = casesRepository();
  const withLibrary = { ...base, repo, library: deps.library, webhooks, regulatorOrgId: deps.regulatorOrgId };
  const cases = createCasesService(withLibrary);
  const workOrders = createWorkOrdersService(withLibrary);
  const collaboration = {
    reports: createReportsService({
      ...base,
      repo: reportsRepository(),
      library: deps.library,
      normalize: deps.normalize,
      secret: deps.normalize.pseudonymKey,
    }),
    qualification: createQualificationService(withLibrary),
    cases,
    workOrders,
    /** Detector alerts that open or update cases (issue 5's call detectors). */
    detectorCases: createDetectorCasesService(withLibrary),
    appeals: createAppealsService(withLibrary),
    credit: createCreditService({ ...base, repo: creditRepository(), library: deps.library }),
    evaluation: createEvaluationService({ db, repo: evaluationRepository() }),
    webhooks,
  };
  return collaboration;
};

export type Collaboration = ReturnType<typeof buildCollaboration>;
