/**
 * List distribution (一键下发，全网生效) through the real HTTP API on both databases: an operator's
 * client pulls versioned deltas of the block list in small pages, across a thousand library changes
 * (claims, allow-listing, downgrades), and ends up holding exactly what the server blocks, checked the
 * way a client checks: numbers by keyed hash, URLs by Safe Browsing prefixes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  hashPrefix,
  keyedHash,
  safeBrowsingExpressions,
} from '../../src/modules/library/normalize/privacy.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('edge lists', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true, env: { FANZHA_DEMO_SAMPLE: '20' } });
  }, 120_000);
  afterAll(async () => s?.close());

  it('lists: a client pulling versioned deltas converges after a thousand changes', async () => {
    const operator = await s.login('operator');
    const analyst = await s.login('analyst');
    const key = (await s.call('GET', '/api/v1/lists/block/key', { cookie: operator })).body.key as string;
    const startVersion = await s.server.container.library.latestChange();
    const held = new Map<number, string>();
    let version = 0;
    const pull = async () => {
      for (;;) {
        const r = await s.call('GET', `/api/v1/lists/block?since=${version}&limit=97`, { cookie: operator });
        expect(r.status).toBe(200);
        for (const e of r.body.entries as Array<{ op: string; id: number; hash?: string; prefix?: string }>) {
          if (e.op === 'add') held.set(e.id, e.hash ?? e.prefix ?? '');
          else held.delete(e.id);
        }
        version = r.body.version;
        if (!r.body.more) return;
      }
    };
    const phones = Array.from({ length: 600 }, (_, i) => `1331000${String(i).padStart(4, '0')}`);
    const urls = Array.from({ length: 200 }, (_, i) => `http://promo${i}.lists-test.top/win?id=${i}`);
    const claim = (type: string, value: string) => ({
      type,
      value,
      verdict: 'fraud',
      fraudType: 'task_rebate',
      confidence: 0.95,
      source: 'list-test',
    });
    const post = async (claims: unknown[]) => {
      for (let i = 0; i < claims.length; i += 100)
        expect(
          (
            await s.call('POST', '/api/v1/claims', {
              cookie: analyst,
              body: { claims: claims.slice(i, i + 100) },
            })
          ).status,
        ).toBe(200);
    };
    await post(phones.slice(0, 250).map((p) => claim('phone', p)));
    await pull();
    await post([...phones.slice(250).map((p) => claim('phone', p)), ...urls.map((u) => claim('url', u))]);
    // Changes the client must see as removals: allow-listed, released, downgraded by an analyst.
    for (const p of phones.slice(0, 100))
      await s.call('POST', '/api/v1/allow', {
        cookie: analyst,
        body: { type: 'phone', value: p, label: 'business line', reason: 'verified' },
      });
    for (const p of phones.slice(100, 150))
      await s.call('POST', '/api/v1/values/pin', {
        cookie: analyst,
        body: { type: 'phone', value: p, verdict: 'suspicious', reason: 'not sure' },
      });
    for (const u of urls.slice(0, 100))
      await s.call('POST', '/api/v1/values/pin', {
        cookie: analyst,
        body: { type: 'url', value: u, verdict: 'allowed', reason: 'taken down' },
      });
    await pull();

    const { lookups, normalize } = s.server.container;
    const heldValues = new Set(held.values());
    let blocked = 0;
    for (const p of phones) {
      const onServer = lookups.lookupRaw(p, 'phone', 'members');
      const n = 'error' in onServer ? '' : onServer.normalized;
      const fraud = !('error' in onServer) && onServer.verdict === 'fraud';
      if (fraud) blocked++;
      expect(heldValues.has(keyedHash(key, 'phone', n)), p).toBe(fraud);
    }
    for (const u of urls) {
      const onServer = lookups.lookupRaw(u, 'url', 'members');
      const fraud = !('error' in onServer) && onServer.verdict === 'fraud';
      const canonical = 'error' in onServer ? '' : onServer.normalized;
      // The client checks a link the Safe Browsing way: every expression's prefix against what it holds.
      const hit = safeBrowsingExpressions(canonical).some((x) => heldValues.has(hashPrefix(x, 4)));
      expect(hit, u).toBe(fraud);
      if (fraud) blocked++;
    }
    expect(blocked).toBe(450 + 100);
    expect(version - startVersion).toBeGreaterThanOrEqual(1000);
    expect(normalize.pseudonymKey).not.toBe(key);
  }, 120_000);
});
