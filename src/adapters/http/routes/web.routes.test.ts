/**
 * The web and brand routes on a bare Fastify app (the real server wires them the same way): a header
 * stands in for the session so each test can choose the caller's role.
 */
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../http.types.ts';
import { DomainError, httpStatusOf } from '../../../shared/errors.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import type { ClaimSink } from '../../../modules/library/library.port.ts';
import type { ClaimInput } from '../../../modules/library/library.types.ts';
import { brandsRepository } from '../../../modules/brands/brands.repository.ts';
import { brandsRoutes } from './brands.routes.ts';
import { createBrandsService } from '../../../modules/brands/brands.service.ts';
import type { Brand } from '../../../modules/brands/brands.types.ts';
import { loadUrlModel } from '../../../modules/detect/web/url-model.ts';
import { webRoutes } from './web.routes.ts';
import { buildWebDetectors, type WebDetectors } from '../../../modules/detect/web/web.service.ts';

describe('web and brand routes', () => {
  let db: TestDatabase;
  let app: App;
  const submitted: ClaimInput[] = [];
  const sink: ClaimSink = {
    submitClaims(_actor, claims) {
      submitted.push(...claims);
      return Promise.resolve({ accepted: claims.length, rejected: [] });
    },
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const model = loadUrlModel();
    let detectors: WebDetectors = buildWebDetectors([], model);
    const brands = createBrandsService({
      db: db.handle.db,
      repository: brandsRepository,
      clock: new ManualClock(),
      onChange: (list: readonly Brand[]) => {
        detectors = buildWebDetectors(list, model);
      },
    });
    await brands.seedDefaults();
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const role = request.headers['x-role'];
      request.principal =
        role === 'analyst' || role === 'viewer'
          ? { orgId: 'org_reg', orgKind: 'regulator', role, actor: `user:${role}` }
          : null;
    });
    app.setErrorHandler((e, _request, reply) => {
      if (e instanceof DomainError)
        return reply.code(httpStatusOf(e.code)).send({ error: e.code, field: e.field });
      const status =
        typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number'
          ? e.statusCode
          : 500;
      return reply.code(status).send({ error: 'error' });
    });
    await app.register(webRoutes({ detectors: () => detectors, claims: sink }));
    await app.register(brandsRoutes({ brands }));
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const post = (url: string, payload: unknown, role = 'analyst') =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: { 'x-role': role },
    });

  it('checks a URL and records the claim only when asked', async () => {
    const r = await post('/api/v1/url/check', { id: 'x', url: 'http://etc-kefu.top/auth' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: 'x', verdict: 'malicious', brand: 'etc', kind: 'lookalike' });
    expect(submitted).toHaveLength(0);
    await post('/api/v1/url/check?record=true', { url: 'http://etc-kefu.top/auth' });
    expect(submitted.map((c) => c.type)).toEqual(['url', 'domain']);
  });

  it('refuses anonymous callers and malformed bodies', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/url/check', payload: { url: 'http://a.top' } }))
        .statusCode,
    ).toBe(401);
    expect((await post('/api/v1/url/check', { nothing: 1 })).statusCode).toBe(400);
  });

  it('checks app metadata and pages', async () => {
    expect(
      (await post('/api/v1/app/check', { package: 'com.fake.bank', label: '工商银行' })).json(),
    ).toMatchObject({ verdict: 'counterfeit', brand: 'icbc' });
    const page = await post('/api/v1/page/check', {
      url: 'http://wx-safe.xyz/',
      html: '<title>微信安全中心</title><img src="wechat_logo.png" alt="微信"><form>身份证号<input name="idcard">银行卡号<input name="cardno"></form>',
    });
    expect(page.json()).toMatchObject({ verdict: 'malicious', brand: 'wechat' });
  });

  it('lets analysts edit brands, and the detectors follow', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/brands', headers: { 'x-role': 'viewer' } }))
        .statusCode,
    ).toBe(403);
    const list = await app.inject({ method: 'GET', url: '/api/v1/brands', headers: { 'x-role': 'analyst' } });
    expect(list.json<{ items: unknown[] }>().items.length).toBeGreaterThan(20);
    const body = {
      id: 'examplepay',
      nameZh: '示例支付',
      nameEn: 'ExamplePay',
      sector: 'payment',
      officialDomains: ['examplepay.cn'],
      domainTokens: ['examplepay'],
      pinyinTokens: [],
      names: ['示例支付'],
      packages: [],
      certSha256: [],
      fraudType: 'fake_customer_service',
    };
    expect((await post('/api/v1/brands', body)).statusCode).toBe(201);
    expect((await post('/api/v1/brands', body)).statusCode).toBe(409);
    expect((await post('/api/v1/url/check', { domain: 'examplepay-refund.top' })).json()).toMatchObject({
      brand: 'examplepay',
    });
    const { id: _id, ...rest } = body;
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/brands/examplepay',
      payload: { ...rest, officialDomains: ['examplepay.cn', 'examplepay-refund.top'] },
      headers: { 'x-role': 'analyst' },
    });
    expect(put.statusCode).toBe(200);
    expect((await post('/api/v1/url/check', { domain: 'examplepay-refund.top' })).json()).toMatchObject({
      verdict: 'benign',
    });
  });
});
