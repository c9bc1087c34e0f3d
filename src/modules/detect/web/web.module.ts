/**
 * Wires the web engine into the platform: the brands service (seeded with the built-in brands on first
 * start) and the detectors, rebuilt whenever an analyst edits a brand.
 */
import type { Db } from '../../../adapters/db/database.ts';
import type { App } from '../../../adapters/http/http.types.ts';
import type { Clock } from '../../../shared/clock.ts';
import { brandsRepository } from '../../brands/brands.repository.ts';
import { brandsRoutes } from '../../brands/brands.routes.ts';
import { createBrandsService, type BrandsService } from '../../brands/brands.service.ts';
import type { ClaimSink } from '../../library/library.port.ts';
import { loadUrlModel } from './url-model.ts';
import { webRoutes } from './web.routes.ts';
import { buildWebDetectors, type WebDetectors } from './web.service.ts';

export interface WebModule {
  readonly brands: BrandsService;
  detectors(): WebDetectors;
  routes(claims: ClaimSink): Array<(app: App) => Promise<void>>;
}

export const buildWebModule = async (deps: { db: Db; clock: Clock }): Promise<WebModule> => {
  const model = loadUrlModel();
  let detectors: WebDetectors | undefined;
  const brands = createBrandsService({
    db: deps.db,
    repository: brandsRepository,
    clock: deps.clock,
    onChange: (list) => {
      detectors = buildWebDetectors(list, model);
    },
  });
  await brands.seedDefaults();
  detectors = buildWebDetectors(await brands.list(), model);
  const current = (): WebDetectors => detectors ?? buildWebDetectors([], model);
  return {
    brands,
    detectors: current,
    routes: (claims) => [brandsRoutes({ brands }), webRoutes({ detectors: current, claims })],
  };
};
