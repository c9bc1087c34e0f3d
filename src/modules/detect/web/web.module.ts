/**
 * The web engine: the brands service and the URL, page and app detectors built from the brands, rebuilt
 * whenever an analyst edits a brand. The built-in brands are put in by the seeding step.
 */
import type { Db } from '../../../adapters/db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import { SYSTEM_ACTOR } from '../../../shared/actor.ts';
import type { BrandsRepository } from '../../brands/brands.repository.ts';
import { createBrandsService, type BrandsService } from '../../brands/brands.service.ts';
import { loadUrlModel } from './url-model.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { AuthorityService } from '../../access/authority.ts';
import { buildWebDetectors, type WebDetectors } from './web.service.ts';

export interface WebModule {
  readonly brands: BrandsService;
  readonly detectors: () => WebDetectors;
}

export const createWebModule = async (deps: {
  db: Db;
  clock: Clock;
  repository: BrandsRepository;
  audit: AuditService;
  authority: AuthorityService;
}): Promise<WebModule> => {
  const model = loadUrlModel();
  let detectors: WebDetectors | undefined;
  const brands = createBrandsService({
    db: deps.db,
    repository: deps.repository,
    clock: deps.clock,
    audit: deps.audit,
    authority: deps.authority,
    onChange: (list) => {
      detectors = buildWebDetectors(list, model);
    },
  });
  detectors = buildWebDetectors(await brands.list(SYSTEM_ACTOR), model);
  const current = (): WebDetectors => detectors ?? buildWebDetectors([], model);
  return {
    brands,
    detectors: current,
  };
};
