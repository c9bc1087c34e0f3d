/**
 * Each process role builds what it serves: the hot index is filled and kept current only in a process that
 * serves the API. A workers or console process on a database full of values holds an empty index and does
 * not feed it from its own writes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { buildContainer, servesIndex, type Container } from '../src/container.ts';
import { SYSTEM_ACTOR } from '../src/shared/actor.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from './support/databases.ts';

const KEY = 'test-pseudonym-key-0123456789';

describeEachDatabase('the roles a container is built for', (dialect) => {
  let db: TestDatabase;
  const open: Container[] = [];
  const build = async (roles: string): Promise<Container> => {
    const c = await buildContainer(
      loadConfig({ FANZHA_PSEUDONYM_KEY: KEY, FANZHA_ROLES: roles }, { databaseUrl: db.url }),
      { logger: silentLogger },
    );
    open.push(c);
    return c;
  };
  const claim = (value: string) => ({
    type: 'phone' as const,
    value,
    verdict: 'fraud' as const,
    confidence: 0.9,
    source: 'feed',
  });

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const writer = await build('api');
    await writer.library.submitClaims(SYSTEM_ACTOR, [claim('13800138000'), claim('13900139000')]);
    await writer.close();
    open.length = 0;
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await db.drop();
  });

  it('an API process fills the index from the library and follows its own writes', async () => {
    const c = await build('api');
    expect(c.index.size).toBe(2);
    await c.library.submitClaims(SYSTEM_ACTOR, [claim('13700137000')]);
    expect(c.index.size).toBe(3);
  });

  it('a workers process neither fills the index nor feeds it', async () => {
    const c = await build('workers');
    expect(c.index.size).toBe(0);
    await c.library.submitClaims(SYSTEM_ACTOR, [claim('13600136000')]);
    expect(c.index.size).toBe(0);
  });

  it('a console process builds no index either', async () => {
    const c = await build('console');
    expect(c.index.size).toBe(0);
  });

  it('only the API role, and not a one-shot command, serves the index', () => {
    const of = (roles: string) => loadConfig({ FANZHA_PSEUDONYM_KEY: KEY, FANZHA_ROLES: roles });
    expect(servesIndex(of('api'))).toBe(true);
    expect(servesIndex(of('api,workers,console'))).toBe(true);
    expect(servesIndex(of('workers'))).toBe(false);
    expect(servesIndex(of('workers,console'))).toBe(false);
    expect(servesIndex(of('api'), { withoutIndex: true })).toBe(false);
  });
});
