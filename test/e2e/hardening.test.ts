/**
 * HTTP hardening on both databases: signed-in answers are not cacheable, a revoked API key stops
 * working on another node within a second, an account locks after repeated failed logins whatever
 * address they come from, and behind a trusted proxy the rate limit counts each forwarded client.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('HTTP hardening', (dialect) => {
  let s: TestServer;
  let second: RunningServer;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer(dialect, {
      demo: true,
      env: { FANZHA_DEMO_SAMPLE: '5', FANZHA_TRUST_PROXY: '127.0.0.1', FANZHA_ANON_RATE_LIMIT: '3' },
    });
    // A second node on the same database, as behind a load balancer.
    second = await startServer(
      loadConfig(
        { FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' },
        { port: 0, host: '127.0.0.1', databaseUrl: s.db.url, demo: false },
      ),
    );
    admin = await s.login('admin');
  }, 120_000);
  afterAll(async () => {
    await second.close();
    await s.close();
  });

  it('marks signed-in answers no-store and leaves anonymous lookups cacheable', async () => {
    const signedIn = await s.call('GET', '/api/v1/search?q=x', { cookie: admin });
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const anonymous = await s.call('GET', '/api/v1/lookup?value=%2B8613800000000');
    expect(anonymous.headers.get('cache-control')).not.toBe('no-store');
    expect(signedIn.headers.get('content-security-policy')).not.toContain(
      "script-src 'self' 'unsafe-inline'",
    );
  });

  it('refuses a revoked key on another node within one second', async () => {
    const created = await s.call('POST', '/api/v1/apikeys', {
      cookie: admin,
      body: { orgId: 'org_icbc', name: 'revoke me', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const use = () =>
      fetch(`${second.url}/api/v1/search?q=x`, { headers: { authorization: `Bearer ${created.body.key}` } });
    expect((await use()).status).toBe(200);
    const revoked = await s.call('DELETE', `/api/v1/apikeys/${created.body.apiKey.id}`, { cookie: admin });
    expect(revoked.status).toBe(204);
    await new Promise((r) => setTimeout(r, 1_050));
    expect((await use()).status).toBe(401);
  });

  it('locks an account after ten failed logins, even from many addresses', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await s.call('POST', '/api/v1/auth/login', {
        body: { username: 'viewer', password: `wrong-${i}` },
        headers: { 'x-forwarded-for': `10.0.0.${i + 1}` },
      });
      expect(r.status).toBe(401);
    }
    const right = await s.call('POST', '/api/v1/auth/login', {
      body: { username: 'viewer', password: 'fanzha-demo' },
      headers: { 'x-forwarded-for': '10.0.1.1' },
    });
    expect([right.status, right.body.error.field]).toEqual([429, 'username']);
    // Another account is not affected.
    expect(
      (await s.call('POST', '/api/v1/auth/login', { body: { username: 'bank', password: 'fanzha-demo' } }))
        .status,
    ).toBe(200);
  });

  it('counts each client behind a trusted proxy separately for the anonymous rate limit', async () => {
    const from = (ip: string) =>
      s.call('GET', '/api/v1/lookup?value=%2B8613800000001', { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.1')).status).toBe(200);
    expect((await from('192.0.2.1')).status).toBe(429);
    expect((await from('192.0.2.2')).status).toBe(200);
  });
});
