/** Builds gang mining from the container's parts: the database and the transaction stream's rows. */
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { transfersRepository } from '../transfers/transfers.repository.ts';
import { gangsRepository } from './gangs.repository.ts';
import { gangsService, type GangsService } from './gangs.service.ts';

export const createGangsModule = (deps: { db: Db; clock: Clock }): GangsService => {
  const transfers = transfersRepository();
  return gangsService({
    db: deps.db,
    repo: gangsRepository(),
    clock: deps.clock,
    transfers: (afterId) => transfers.scanAfter(deps.db, afterId),
  });
};
