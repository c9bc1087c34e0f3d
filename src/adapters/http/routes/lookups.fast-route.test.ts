import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../app.ts';
import type { App, Principal } from '../http.types.ts';
import { windowLimit } from '../window-limit.ts';
import { RESOURCE_TYPES } from '../../../modules/library/library.types.ts';
import { LookupIndex } from '../../../modules/lookups/lookup-index.ts';
import { lookupFastRoute, readLookupQuery } from './lookups.fast-route.ts';
import { lookupsRoutes } from './lookups.routes.ts';
import { createLookupsService, type LookupsService } from '../../../modules/lookups/lookups.service.ts';

const member: Principal = { orgId: 'org_m', orgKind: 'regulator', role: 'analyst', actor: 'key:m' };

const service = (): LookupsService => {
  const index = new LookupIndex();
  const listed = (type: 'phone' | 'domain', normalized: string, verdict: 'fraud' | 'allowed') =>
    index.set({
      type,
      normalized,
      verdictPublic: verdict,
      scorePublic: verdict === 'fraud' ? 0.84 : 0,
      verdictMembers: verdict,
      scoreMembers: verdict === 'fraud' ? 0.9 : 0,
      fraudType: verdict === 'fraud' ? 'fake_investment' : null,
      reasons: [verdict === 'fraud' ? 'cross-verified by 2 independent organisations' : 'allow-listed: bank'],
    });
  listed('phone', '+8613800138000', 'fraud');
  listed('domain', '0xboost.finance', 'fraud');
  listed('phone', '+8695588', 'allowed');
  return createLookupsService({
    index,
    normalize: { pseudonymKey: 'test-key-0123456789', defaultCountry: 'CN' },
  });
};

const startApp = async (lookups: LookupsService, anonymousRateLimit: number) => {
  const app = await buildHttpApp({
    authenticate: ({ apiKey }) => Promise.resolve(apiKey === 'member' ? member : null),
    sessionCookie: 'fanzha_session',
    routes: [lookupsRoutes({ lookups, anonymousRateLimit })],
    isReady: () => true,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, port };
};

interface Answer {
  status: number | undefined;
  /** Every header as sent, in order, but Date. */
  headers: string[];
  body: string;
}

const agent = new Agent({ keepAlive: true });
const get = (port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const raw = res.rawHeaders;
        const sent: string[] = [];
        for (let i = 0; i < raw.length; i += 2) if (raw[i] !== 'Date') sent.push(`${raw[i]}: ${raw[i + 1]}`);
        resolve({ status: res.statusCode, headers: sent, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
// A cookie that is not a session leaves the caller anonymous but sends the request down the Fastify route.
const GENERAL = { cookie: 'theme=dark' };

const RAW_VALUES = [
  '+86 138 0013 8000',
  '13800138000',
  '138-0013-8000',
  '+8695588',
  'https://www.0xboost.finance/login?utm_source=x',
  'http://0xboost.finance',
  'example.com',
  '8.8.8.8',
  '6222 0212 3456 7890 128',
  'com.tencent.mm',
  '你好 加V信 dk8888',
  'say "hi" \\ back\tslash',
  'say "hi" to 13800138000',
  'a back\\slash in the text',
  'https://example.com/"q"',
  '\u2028\u0001',
  '😀 ünïcödé',
  'x'.repeat(4096),
  'x'.repeat(4097),
  '',
  ' ',
];

/** Ways a client may encode a value: every escape, `+` for spaces, hex in lower case, or a broken escape. */
const encodings: Array<(v: string) => string> = [
  (v) => encodeURIComponent(v),
  (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  (v) => encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  (v) => encodeURIComponent(v) + '%zz',
  (v) => encodeURIComponent(v) + '%E4%B8',
  (v) => encodeURIComponent(v).replace(/%2B/g, '+'),
];

const queryArb = fc
  .record({
    value: fc.oneof(
      { arbitrary: fc.constantFrom(...RAW_VALUES), weight: 4 },
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    ),
    // Mostly well-formed encodings, so that most queries are the fast route's to answer.
    encoding: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 6 },
      fc.integer({ min: 3, max: encodings.length - 1 }),
    ),
    type: fc.option(fc.constantFrom<string>(...RESOURCE_TYPES, 'planet', '')),
    typeFirst: fc.boolean(),
    extra: fc.oneof(
      { arbitrary: fc.constant(''), weight: 6 },
      fc.constantFrom('&value=13800138000', '&type=url', '&page=2', '&', 'flag&', '&value'),
    ),
  })
  .map(({ value, encoding, type, typeFirst, extra }) => {
    const encode = encodings[encoding] ?? encodeURIComponent;
    const parts = [`value=${encode(value)}`];
    if (type !== null) parts[typeFirst ? 'unshift' : 'push'](`type=${encodeURIComponent(type)}`);
    return extra.startsWith('flag') ? `${extra}${parts.join('&')}` : parts.join('&') + extra;
  });

describe('GET /api/v1/lookup fast route', () => {
  let lookups: LookupsService;
  let s: { app: App; port: number };
  beforeAll(async () => {
    lookups = service();
    s = await startApp(lookups, 1_000_000);
  });
  afterAll(async () => s.app.close());

  it('answers exactly as the Fastify route: status, every header in order, and body', async () => {
    // The same route object the app holds, with its own limit, says which queries the fast route answers.
    const fast = lookupFastRoute(lookups, windowLimit(1_000_000, 60_000));
    let answeredFast = 0;
    await fc.assert(
      fc.asyncProperty(queryArb, async (query) => {
        const path = `/api/v1/lookup?${query}`;
        const plain = await get(s.port, path);
        const general = await get(s.port, path, GENERAL);
        expect(plain).toEqual(general);
        const body = fast.answer(query, '127.0.0.1');
        if (body !== undefined) {
          answeredFast++;
          expect(general.status).toBe(200);
          expect(body).toBe(general.body);
        }
      }),
      { numRuns: 400 },
    );
    // The property is about the fast route: many generated queries (~15%) must have been its to answer.
    expect(answeredFast).toBeGreaterThan(40);
  });

  it('reads the query as Fastify does and declines what it cannot read for sure', () => {
    expect(readLookupQuery('value=%2B86%20138+0013+8000')).toEqual({
      value: '+86 138 0013 8000',
      type: undefined,
    });
    expect(readLookupQuery('type=url&value=a%2Bb')).toEqual({ value: 'a+b', type: 'url' });
    expect(readLookupQuery('value=%e4%bd%a0+%41%2525')).toEqual({ value: '你 A%25', type: undefined });
    expect(readLookupQuery('value=a=b')).toEqual({ value: 'a=b', type: undefined });
    for (const declined of [
      '',
      'value=',
      'value=a&value=b',
      'value=a&type=planet',
      'value=a&type=',
      'value=a&page=2',
      'value=a&',
      'value',
      'value=%zz',
      'value=%1z',
      'value=a%4',
      'value=%E4%B8',
      `value=${'x'.repeat(4097)}`,
    ])
      expect(readLookupQuery(declined)).toBeUndefined();
  });

  it('leaves values of more than 4,096 UTF-16 units but no more code points to the Fastify route', async () => {
    // 700 × '加V信 😀' is 4,200 UTF-16 units but 3,500 code points: the schema accepts it, so the declined
    // query reaches the service, whose normaliser answers (through inject: the encoded URL is longer than
    // Node's limit on a request head).
    const query = `value=${encodeURIComponent('加V信 😀'.repeat(700))}`;
    expect(readLookupQuery(query)).toBeUndefined();
    const general = await s.app.inject({ method: 'GET', url: `/api/v1/lookup?${query}` });
    expect(general.json()).toMatchObject({ error: { code: 'invalid_value', field: 'value' } });
    const tooLong = await s.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${'x'.repeat(4097)}` });
    expect(tooLong.json()).toMatchObject({ error: { code: 'invalid_input', field: 'querystring.value' } });
  });

  it('leaves credentialed callers to the Fastify route, which answers members', async () => {
    const path = '/api/v1/lookup?value=13800138000';
    const anonymous = JSON.parse((await get(s.port, path)).body) as { score: number };
    const asMember = JSON.parse((await get(s.port, path, { authorization: 'Bearer member' })).body) as {
      score: number;
    };
    expect([anonymous.score, asMember.score]).toEqual([0.84, 0.9]);
    expect((await get(s.port, path, { authorization: 'Bearer forged' })).status).toBe(401);
  });
});

describe('GET /api/v1/lookup fast route and the anonymous limit', () => {
  let s: { app: App; port: number };
  beforeAll(async () => {
    s = await startApp(service(), 3);
  });
  afterAll(async () => {
    agent.destroy();
    await s.app.close();
  });

  it('shares one budget with the Fastify routes and refuses over it in the usual 429', async () => {
    const path = '/api/v1/lookup?value=13800138000';
    const statuses = [
      (await get(s.port, path)).status,
      (await get(s.port, path, GENERAL)).status,
      (await get(s.port, path)).status,
    ];
    expect(statuses).toEqual([200, 200, 200]);
    const refusedPlain = await get(s.port, path);
    const refusedGeneral = await get(s.port, path, GENERAL);
    // Equal but for retry-after, which may cross a second between the two.
    const noRetry = (a: Answer) => ({ ...a, headers: a.headers.filter((h) => !h.startsWith('retry-after')) });
    expect(noRetry(refusedPlain)).toEqual(noRetry(refusedGeneral));
    expect(refusedPlain.status).toBe(429);
    expect(refusedPlain.headers.some((h) => /^retry-after: [1-9]/.test(h))).toBe(true);
    expect(refusedPlain.headers).toContain('x-ratelimit-limit: 3');
    expect(JSON.parse(refusedPlain.body)).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
