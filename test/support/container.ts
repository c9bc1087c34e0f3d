/** A real container (real migrations, real database of the dialect) with a clock the test moves. */
import type { Dialect } from '../../src/adapters/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { buildContainer, type Container } from '../../src/container.ts';
import { SYSTEM_ACTOR } from '../../src/shared/actor.ts';
import type { Actor, OrgKind, Role } from '../../src/shared/actor.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestContainer {
  readonly c: Container;
  readonly clock: ManualClock;
  readonly db: TestDatabase;
  /** Creates an organisation and returns an actor of it with the given role. */
  org(id: string, kind: OrgKind, role?: Role, reliability?: number): Promise<Actor>;
  close(): Promise<void>;
}

export const createTestContainer = async (
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<TestContainer> => {
  const db = await createTestDatabase(dialect);
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  const c = await buildContainer(
    loadConfig({ FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789', ...env }, { databaseUrl: db.url }),
    { clock, logger: silentLogger },
  );
  return {
    c,
    clock,
    db,
    async org(id, kind, role = 'analyst', reliability) {
      await c.access.createOrganisation(SYSTEM_ACTOR, { id, name: id, kind, reliability });
      return { orgId: id, orgKind: kind, actor: `user:${id}-${role}`, role };
    },
    async close() {
      await c.close();
      await db.drop();
    },
  };
};
