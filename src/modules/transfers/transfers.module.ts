/**
 * Builds the transfers capability from the container's parts: the stream, the mule model (loaded on
 * first use), alerts into the library and cases, and "listed" answered by the hot index.
 */
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AlertCaseSink } from '../detect/calls/calls.cases.ts';
import type { LibraryService } from '../library/library.service.ts';
import { normalizeValue, type NormalizeContext } from '../library/normalize/index.ts';
import type { LookupsService } from '../lookups/lookups.service.ts';
import { loadMuleModel, type MuleModel } from './mule.model.ts';
import { transfersRepository } from './transfers.repository.ts';
import { transfersService, type TransfersService } from './transfers.service.ts';

export interface TransfersModuleDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly library: LibraryService;
  readonly cases: AlertCaseSink;
  readonly lookups: LookupsService;
  readonly normalize: NormalizeContext;
}

export const createTransfersModule = (deps: TransfersModuleDeps): TransfersService => {
  let model: MuleModel | undefined;
  return transfersService({
    db: deps.db,
    repo: transfersRepository(),
    clock: deps.clock,
    model: () => (model ??= loadMuleModel()),
    claims: deps.library,
    cases: deps.cases,
    listed: (account) => {
      const n = normalizeValue('bank', account, deps.normalize);
      if (!n.ok) return false;
      const v = deps.lookups.lookupNormalized('bank', n.value.normalized)?.verdictMembers;
      return v === 'fraud';
    },
  });
};
