/**
 * Two API nodes (two `fanzha serve` processes) on one database: guesses at an account's password spread
 * over both nodes still lock the account on both, and an API key revoked on one node is refused by the
 * other within a second.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.ts';
import {
  startServerProcess,
  stopServerProcess,
  type ServerProcess as Node,
} from '../support/server-process.ts';

const ENV = {
  ...process.env,
  FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
  FANZHA_ANON_RATE_LIMIT: '1000000',
  FANZHA_DEMO_SAMPLE: '10',
};

const login = (node: Node, username: string, password: string) =>
  fetch(node.url + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

const cookieOf = (r: Response): string => (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describeEachDatabase('two API nodes on one database', (dialect) => {
  let db: TestDatabase;
  let a: Node | undefined;
  let b: Node | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Only the two processes hold the database while they run.
    await db.handle.close();
    a = await startServerProcess(db.url, ENV, true);
    b = await startServerProcess(db.url, ENV, false);
  }, 180_000);
  afterAll(async () => {
    await stopServerProcess(a);
    await stopServerProcess(b);
    await db.drop().catch(() => {});
  });

  it('locks an account on both nodes after ten wrong passwords spread over them', async () => {
    if (!a || !b) throw new Error('nodes not started');
    for (let i = 0; i < 10; i++) {
      const r = await login(i % 2 === 0 ? a : b, 'police', 'not-the-password');
      expect(r.status).toBe(401);
      await r.arrayBuffer();
    }
    for (const node of [a, b]) {
      const r = await login(node, 'police', 'fanzha-demo');
      expect(r.status).toBe(429);
      expect(JSON.stringify(await r.json())).toContain('username');
    }
    // Another account is not locked by them.
    expect((await login(b, 'bank', 'fanzha-demo')).status).toBe(200);
  });

  it('refuses on the other node, within a second, a key revoked on one', async () => {
    if (!a || !b) throw new Error('nodes not started');
    const admin = cookieOf(await login(a, 'admin', 'fanzha-demo'));
    const created = await fetch(a.url + '/api/v1/apikeys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ orgId: 'org_platform', name: 'two-nodes', role: 'analyst' }),
    });
    expect(created.status).toBe(201);
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
    const use = (node: Node) =>
      fetch(node.url + '/api/v1/search?limit=1', { headers: { authorization: `Bearer ${key}` } });
    expect((await use(b)).status).toBe(200);
    expect((await use(a)).status).toBe(200);

    const revoked = await fetch(a.url + `/api/v1/apikeys/${apiKey.id}`, {
      method: 'DELETE',
      headers: { cookie: admin },
    });
    expect(revoked.status).toBe(204);
    const at = Date.now();
    expect((await use(a)).status).toBe(401);
    let refusedAfter = -1;
    while (Date.now() - at < 3000) {
      const r = await use(b);
      await r.arrayBuffer();
      if (r.status === 401) {
        refusedAfter = Date.now() - at;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refusedAfter).toBeGreaterThanOrEqual(0);
    expect(refusedAfter).toBeLessThanOrEqual(1_100);
  });
});
