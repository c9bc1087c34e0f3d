import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHttpApp } from '../app.ts';
import type { App, Principal } from '../http.types.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.ts';
import { sequentialIds } from '../../../shared/ids.ts';
import { loadSmsClassifier } from '../../../modules/detect/sms/sms.loader.ts';
import { smsRoutes } from './sms.routes.ts';
import { createSmsService } from '../../../modules/detect/sms/sms.service.ts';
import { smsRepository } from '../../../modules/detect/sms/sms.repository.ts';

// Callers are identified by their API key; the keys here name fixed principals.
const principals: Record<string, Principal> = {
  operator: { orgId: 'org_op', orgKind: 'operator', role: 'analyst', actor: 'key:op' },
  bank: { orgId: 'org_bk', orgKind: 'bank', role: 'analyst', actor: 'key:bk' },
};

describeEachDatabase('sms routes', (dialect) => {
  let t: TestContainer;
  let app: App;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    await t.org('org_op', 'operator');
    await t.org('org_bk', 'bank');
    const sms = createSmsService({
      repo: smsRepository(),
      db: t.c.handle.db,
      classifier: loadSmsClassifier(),
      claims: t.c.library,
      clock: t.clock,
      ids: sequentialIds(),
    });
    app = await buildHttpApp({
      authenticate: ({ apiKey }) => Promise.resolve(apiKey ? (principals[apiKey] ?? null) : null),
      sessionCookie: 'fanzha_session',
      routes: [smsRoutes({ sms })],
      isReady: () => true,
    });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const call = (method: 'GET' | 'POST', url: string, key: string | undefined, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}),
      ...(payload ? { payload } : {}),
    });

  it('classifies one message and a batch', async () => {
    const one = await call('POST', '/api/v1/sms/classify', 'bank', {
      text: '无抵押贷款，当天到账，加V信 dk8888',
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      version: 'sms@1.2.0',
      results: [{ verdict: 'fraud', fraudType: 'loan_credit_card' }],
    });
    const batch = await call('POST', '/api/v1/sms/classify', 'bank', {
      messages: [
        { id: 'a', text: '妈，我周末回家' },
        { id: 'b', text: '【京东】双11全场5折，点击 u.jd.com/x 抢购，退订回T' },
      ],
    });
    expect(batch.json()).toMatchObject({
      results: [
        { id: 'a', verdict: 'normal' },
        { id: 'b', verdict: 'spam' },
      ],
    });
  });

  it('rejects anonymous callers and bad bodies with the field at fault', async () => {
    expect((await call('POST', '/api/v1/sms/classify', undefined, { text: 'x' })).statusCode).toBe(401);
    const bad = await call('POST', '/api/v1/sms/ingest', 'operator', {
      records: [{ sender: '1', receiver: '2', time: 'yesterday', text: 'x' }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets operators ingest and lists the resulting templates; a bank may not ingest', async () => {
    const records = [1, 2].map((i) => ({
      sender: `1380013800${i}`,
      receiver: '13900139000',
      time: `2026-06-0${i}T08:00:00Z`,
      text: `【ETC】您的ETC已失效，请立即登录 http://etc-r${i}.cn/a${i} 重新认证，以免影响通行`,
    }));
    const res = await call('POST', '/api/v1/sms/ingest', 'operator', { records });
    expect(res.statusCode).toBe(200);
    const body: unknown = res.json();
    expect(body).toMatchObject({ results: [{ verdict: 'fraud' }, { verdict: 'fraud' }] });
    expect((await call('POST', '/api/v1/sms/ingest', 'bank', { records })).statusCode).toBe(403);
    const list = await call('GET', '/api/v1/sms/templates?verdict=fraud&minCount=2', 'operator');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      items: [
        {
          count: 2,
          firstSeen: '2026-06-01T08:00:00.000Z',
          lastSeen: '2026-06-02T08:00:00.000Z',
          fraudType: 'impersonate_authority',
        },
      ],
    });
  });
});
