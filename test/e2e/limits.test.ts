import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('abuse limits on anonymous endpoints', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { demo: true, env: { FANZHA_ANON_RATE_LIMIT: '5' } });
  });
  afterAll(async () => s.close());

  it('rate-limits anonymous lookups per client with a 429 in the error shape, but not members', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await s.call('GET', '/api/v1/lookup?value=13800138000')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    const limited = await s.call('GET', '/api/v1/lookup?value=13800138000');
    expect(limited.body.error.code).toBe('rate_limited');
    // A limited client learns when to come back; answers under the limit carry no rate-limit headers.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('5');
    const cookie = await s.login('analyst');
    for (let i = 0; i < 8; i++)
      expect((await s.call('GET', '/api/v1/lookup?value=13800138000', { cookie })).status).toBe(200);
  });

  it('limits login attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++)
      statuses.push(
        (
          await s.call('POST', '/api/v1/auth/login', {
            body: { username: 'admin', password: 'wrong-password' },
          })
        ).status,
      );
    expect(statuses).toContain(429);
    expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(30);
  });
});
