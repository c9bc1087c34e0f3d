/** Odd input gets a 4xx naming the field, never a 500; retried writes change nothing; 500s are logged. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/adapters/http/app.ts';
import type { Logger } from '../../src/shared/logger.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HUGE = ['9223372036854775808', '1e308', '-9223372036854775809'];

describeEachDatabase('bad input', (dialect) => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true });
    admin = await s.login('admin');
  });
  afterAll(async () => s.close());

  it('refuses huge offsets and limits on /allow and /sms/templates with a 400 naming the field', async () => {
    for (const path of ['/api/v1/allow', '/api/v1/sms/templates'])
      for (const v of HUGE) {
        const r = await s.call('GET', `${path}?offset=${v}`, { cookie: admin });
        expect(r.status, `${path}?offset=${v}`).toBe(400);
        expect(r.body.error.field).toBe('querystring.offset');
      }
  });

  it('answers every GET route with integer query parameters without a 500 when they are huge', async () => {
    const spec = (await s.call('GET', '/docs/json')).body as {
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ in: string; name: string; schema?: { type?: string } }> }>
      >;
    };
    let tried = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      const params = (ops.get?.parameters ?? []).filter(
        (p) => p.in === 'query' && p.schema?.type === 'integer',
      );
      if (params.length === 0 || path.includes('{')) continue;
      for (const p of params)
        for (const v of HUGE) {
          const r = await s.call('GET', `${path}?${p.name}=${v}`, { cookie: admin });
          tried++;
          expect(r.status, `${path}?${p.name}=${v}`).toBeLessThan(500);
        }
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('ingests an SMS record sent twice once, answering the retry as the first time', async () => {
    const record = {
      id: `retry-${dialect}`,
      sender: '10690000',
      receiver: '13800000001',
      time: '2026-06-01T08:00:00Z',
      text: '【银行】您的账户存在异常，请点击 http://icbc-verify.top 验证，否则将冻结',
    };
    const first = await s.call('POST', '/api/v1/sms/ingest', { cookie: admin, body: { records: [record] } });
    expect(first.status).toBe(200);
    const again = await s.call('POST', '/api/v1/sms/ingest', { cookie: admin, body: { records: [record] } });
    expect(again.status).toBe(200);
    const [a, b] = [first.body.results[0], again.body.results[0]];
    expect(b).toMatchObject({ id: a.id, verdict: a.verdict, score: a.score, templateId: a.templateId });
    const templates = await s.call('GET', '/api/v1/sms/templates?limit=100', { cookie: admin });
    const template = templates.body.items.find((t: { id: string }) => t.id === a.templateId);
    expect(template.count).toBe(1);
  });

  it('refuses evidence nested 5,000 levels deep with a 400 naming the field', async () => {
    // Written as text: JSON.stringify itself cannot descend 5,000 levels.
    const evidence = '{"a":'.repeat(5000) + '{}' + '}'.repeat(5000);
    const r = await s.call('POST', '/api/v1/claims', {
      cookie: admin,
      body: `{"claims":[{"type":"phone","value":"13800000002","verdict":"fraud","confidence":0.9,"source":"x","evidence":${evidence}}]}`,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('claims.0.evidence');
  });
});

it('logs every 500 with its request id, and the body names it', async () => {
  const lines: Array<{ message: string; data?: Record<string, unknown> }> = [];
  const logger: Logger = {
    info: () => {},
    warn: () => {},
    error: (message, data) => lines.push({ message, ...(data ? { data } : {}) }),
  };
  const app = await buildHttpApp({
    authenticate: () => Promise.resolve(null),
    sessionCookie: 's',
    routes: [
      async (a) => {
        a.get('/boom', () => {
          throw new Error('disk on fire');
        });
        return Promise.resolve();
      },
    ],
    isReady: () => true,
    console: false,
    logger,
  });
  try {
    const r = await app.inject({ method: 'GET', url: '/boom' });
    expect(r.statusCode).toBe(500);
    const id = lines[0]?.data?.requestId;
    expect(lines[0]).toMatchObject({
      message: 'unhandled error',
      data: { url: '/boom', error: 'disk on fire' },
    });
    expect(typeof id).toBe('string');
    expect(r.json<{ error: { message: string } }>().error.message).toContain(String(id));
  } finally {
    await app.close();
  }
});
