import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('HTTP API', (dialect) => {
  let s: TestServer;
  let admin: string;
  let bankKey: string;
  let operatorKey: string;
  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true });
    admin = await s.login('admin');
    const bank = await s.call('POST', '/api/v1/apikeys', {
      cookie: admin,
      body: { orgId: 'org_icbc', name: 'risk engine', role: 'analyst' },
    });
    expect(bank.status).toBe(201);
    bankKey = bank.body.key;
    const op = await s.call('POST', '/api/v1/apikeys', {
      cookie: admin,
      body: { orgId: 'org_cmcc', name: 'switch', role: 'analyst' },
    });
    operatorKey = op.body.key;
  });
  afterAll(async () => s.close());

  it('answers /health and serves OpenAPI at /docs', async () => {
    expect((await s.call('GET', '/health')).status).toBe(200);
    const spec = await s.call('GET', '/docs/json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/lookup', '/api/v1/claims', '/api/v1/values']),
    );
  });

  it('sets security headers and an httpOnly SameSite session cookie', async () => {
    const res = await fetch(s.url + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst', password: 'fanzha-demo' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const wrong = await s.call('POST', '/api/v1/auth/login', {
      body: { username: 'analyst', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('looks up demo data anonymously, raw or normalised, single and batch in order', async () => {
    const one = await s.call(
      'GET',
      '/api/v1/lookup?value=' + encodeURIComponent('https://www.0xboost.finance/login?utm_source=x'),
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      type: 'url',
      verdict: expect.stringMatching(/fraud|suspicious/),
      ttlSeconds: expect.any(Number),
    });
    const batch = await s.call('POST', '/api/v1/lookup', {
      body: {
        values: ['www.0xboost.finance', { type: 'phone', value: '138 0000 0000' }, 'hello there friend'],
      },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(3);
    expect(batch.body.results[1]).toMatchObject({
      type: 'phone',
      normalized: '+8613800000000',
      verdict: 'unknown',
    });
    const tooMany = await s.call('POST', '/api/v1/lookup', {
      body: { values: Array.from({ length: 1001 }, (_, i) => String(i)) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toMatch(/values/);
  });

  it('answers bad input with 4xx naming the field, never 500', async () => {
    const cases: Array<[string, string, unknown, string | RegExp]> = [
      ['GET', '/api/v1/lookup', undefined, /value/],
      ['GET', '/api/v1/lookup?value=x&type=planet', undefined, /type/],
      ['POST', '/api/v1/lookup', { values: 'nope' }, /values/],
      ['POST', '/api/v1/lookup', '{"values": [', 'body'],
      ['POST', '/api/v1/auth/login', { username: 'a' }, /password/],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await s.call(method, path, { body });
      expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${path}`).toBeLessThan(500);
      expect(r.body.error.field, `${method} ${path}`).toMatch(field);
    }
    const claims = await s.call('POST', '/api/v1/claims', {
      apiKey: bankKey,
      body: { claims: [{ type: 'phone', value: '1', verdict: 'fraud', confidence: 2, source: 'x' }] },
    });
    expect(claims.status).toBe(400);
    expect(claims.body.error.field).toBe('claims.0.confidence');
    const huge = await s.call('POST', '/api/v1/lookup', { body: { values: ['x'.repeat(3 * 1024 * 1024)] } });
    expect(huge.status).toBe(413);
  });

  it('requires authentication and the right role for writes', async () => {
    expect((await s.call('POST', '/api/v1/claims', { body: { claims: [] } })).status).toBe(401);
    expect((await s.call('GET', '/api/v1/values?type=phone&value=1')).status).toBe(401);
    expect((await s.call('GET', '/api/v1/lookup?value=1', { apiKey: 'fzk_forged' })).status).toBe(401);
    const viewer = await s.login('viewer');
    const denied = await s.call('POST', '/api/v1/claims', { cookie: viewer, body: { claims: [] } });
    expect(denied.status).toBe(403);
    expect(
      (await s.call('POST', '/api/v1/orgs', { apiKey: bankKey, body: { name: 'x', kind: 'bank' } })).status,
    ).toBe(403);
    expect(
      (
        await s.call('POST', '/api/v1/values/pin', {
          apiKey: bankKey,
          body: { type: 'phone', value: '13800000000', verdict: 'fraud', reason: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await s.call('POST', '/api/v1/values/pin', {
          apiKey: bankKey,
          body: { scope: 'local', type: 'phone', value: '13800000000', verdict: 'fraud', reason: 'x' },
        })
      ).status,
    ).toBe(200);
  });

  it('never shows one organisation another organisation’s private claims, through any endpoint', async () => {
    const secret = '6212261202011584349';
    const w = await s.call('POST', '/api/v1/claims', {
      apiKey: bankKey,
      body: {
        claims: [
          {
            type: 'bank',
            value: secret,
            verdict: 'fraud',
            confidence: 0.95,
            source: 'mule-model',
            sharing: 'private',
            evidence: { note: 'internal' },
          },
        ],
      },
    });
    expect(w.body.accepted).toBe(1);
    const own = await s.call('GET', `/api/v1/values?type=bank&value=${secret}`, { apiKey: bankKey });
    expect(own.body.claims).toHaveLength(1);
    const probes = [
      await s.call('GET', `/api/v1/values?type=bank&value=${secret}`, { apiKey: operatorKey }),
      await s.call('GET', `/api/v1/values?type=bank&value=${secret}`, { cookie: admin }),
      await s.call('GET', `/api/v1/lookup?value=${secret}&type=bank`, { apiKey: operatorKey }),
      await s.call('GET', `/api/v1/lookup?value=${secret}&type=bank`),
      await s.call('POST', '/api/v1/lookup', {
        apiKey: operatorKey,
        body: { values: [{ type: 'bank', value: secret }] },
      }),
      await s.call('GET', `/api/v1/search?q=${secret}`, { apiKey: operatorKey }),
    ];
    for (const p of probes) {
      const text = JSON.stringify(p.body);
      expect(text).not.toContain('mule-model');
      expect(text).not.toContain('internal');
      expect(text).not.toMatch(/"verdict":"fraud"/);
    }
    const claimId = own.body.claims[0].id;
    expect(
      (await s.call('DELETE', `/api/v1/claims/${claimId}?reason=x`, { apiKey: operatorKey })).status,
    ).toBe(404);
    const audit = await s.call('GET', '/api/v1/audit?limit=1000', { apiKey: operatorKey });
    expect(JSON.stringify(audit.body)).not.toContain('org_icbc');
  });

  it('shows an API key once and stores only its hash', async () => {
    const list = await s.call('GET', '/api/v1/apikeys', { cookie: admin });
    expect(JSON.stringify(list.body)).not.toContain(bankKey);
    const rows = await s.db.handle.db.selectFrom('api_keys').select('key_hash').execute();
    expect(rows.some((r) => r.key_hash.includes(bankKey))).toBe(false);
  });

  it('survives fuzzed lookups and claims: every answer is 2xx or 4xx, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          'phone',
          'url',
          'domain',
          'ip',
          'app',
          'account',
          'bank',
          'device',
          'sms',
          'subject',
          'x',
        ),
        async (value, type) => {
          const r = await s.call('GET', `/api/v1/lookup?value=${encodeURIComponent(value)}&type=${type}`);
          expect(r.status).toBeLessThan(500);
          const c = await s.call('POST', '/api/v1/claims', {
            apiKey: bankKey,
            body: { claims: [{ type, value, verdict: 'suspicious', confidence: 0.5, source: 'fuzz' }] },
          });
          expect(c.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const r = await s.call('POST', '/api/v1/claims', { apiKey: bankKey, body: JSON.stringify(body) });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('answers every library endpoint with 2xx or 4xx for arbitrary bodies and query strings', async () => {
    const analyst = await s.login('analyst');
    const posts = [
      '/api/v1/values/sightings',
      '/api/v1/values/pin',
      '/api/v1/values/unpin',
      '/api/v1/values/transition',
      '/api/v1/allow',
      '/api/v1/orgs',
      '/api/v1/users',
      '/api/v1/apikeys',
      '/api/v1/auth/login',
    ];
    const gets = ['/api/v1/values', '/api/v1/search', '/api/v1/allow', '/api/v1/export', '/api/v1/audit'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.jsonValue(), async (path, body) => {
        const r = await s.call('POST', path, { cookie: analyst, body: JSON.stringify(body) });
        expect(r.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gets),
        fc.dictionary(
          fc.constantFrom('type', 'value', 'q', 'limit', 'cursor', 'verdict', 'status', 'format', 'after'),
          fc.string({ maxLength: 40 }),
        ),
        async (path, query) => {
          const r = await s.call('GET', `${path}?${new URLSearchParams(query).toString()}`, {
            cookie: analyst,
          });
          expect(r.status, `${path} ${JSON.stringify(query)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('csv', 'jsonl'),
        async (text, format) => {
          const r = await s.call('POST', `/api/v1/import?format=${format}`, {
            cookie: analyst,
            body: text,
            headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
          });
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves a value through its lifecycle over HTTP and the lookup follows at once', async () => {
    const analyst = await s.login('analyst');
    const v = '13911112222';
    await s.call('POST', '/api/v1/claims', {
      apiKey: operatorKey,
      body: {
        claims: [
          {
            type: 'phone',
            value: v,
            verdict: 'suspicious',
            confidence: 0.5,
            source: 'cdr',
            sharing: 'public',
          },
        ],
      },
    });
    const confirm = await s.call('POST', '/api/v1/values/transition', {
      cookie: analyst,
      body: { type: 'phone', value: v, to: 'confirmed', reason: 'victim reports' },
    });
    expect(confirm.status).toBe(200);
    expect((await s.call('GET', `/api/v1/lookup?value=${v}`)).body.verdict).toBe('fraud');
    const bad = await s.call('POST', '/api/v1/values/transition', {
      cookie: analyst,
      body: { type: 'phone', value: v, to: 'reported', reason: 'x' },
    });
    expect(bad.status).toBe(409);
    await s.call('POST', '/api/v1/values/transition', {
      cookie: analyst,
      body: { type: 'phone', value: v, to: 'released', reason: 'appeal upheld' },
    });
    expect((await s.call('GET', `/api/v1/lookup?value=${v}`)).body.verdict).toBe('allowed');
    const verify = await s.call('GET', '/api/v1/audit/verify', { cookie: admin });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
