import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerPrincipalApp } from '../../../../test/support/header-principal.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { App } from '../http.types.ts';
import { callsRoutes } from './calls.routes.ts';
import { createCallsService } from '../../../modules/detect/calls/calls.service.ts';
import { generateCallRecords } from '../../../modules/detect/calls/generator.ts';
import { defaultParams } from '../../../modules/detect/calls/generator.params.ts';
import { callsRepository } from '../../../modules/detect/calls/calls.repository.ts';

describe('calls HTTP routes', () => {
  let t: TestDatabase;
  let app: App;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const calls = createCallsService({
      repo: callsRepository(),
      db: t.handle.db,
      claims: { submitClaims: (_a, c) => Promise.resolve({ accepted: c.length, rejected: [] }) },
      clock: new ManualClock(),
    });
    app = headerPrincipalApp();
    await app.register(callsRoutes({ calls }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  it('ingests a batch and serves the alerts and a number’s features', async () => {
    const { records, truth } = generateCallRecords(defaultParams(31, 100, 3));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/calls/records',
      headers: { 'x-test-org': 'org_a' },
      payload: { records: records.slice(0, 10_000), flush: false },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const rest = await app.inject({
      method: 'POST',
      url: '/api/v1/calls/records',
      headers: { 'x-test-org': 'org_a' },
      payload: { records: records.slice(10_000, 20_000), flush: true },
    });
    expect(rest.json<{ accepted: number }>().accepted).toBeGreaterThan(0);
    const alerts = await app.inject({
      method: 'GET',
      url: '/api/v1/calls/alerts?detector=calls.simbox&limit=500',
      headers: { 'x-test-org': 'org_a' },
    });
    expect(alerts.statusCode).toBe(200);
    const body = alerts.json<{ alerts: Array<{ detector: string; subject: string }> }>();
    expect(body.alerts.length).toBeGreaterThan(0);
    expect(body.alerts.every((a) => a.detector.startsWith('calls.simbox'))).toBe(true);
    const phone = truth.simBoxes[0]?.phones[0] ?? '';
    const number = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/numbers/${phone}`,
      headers: { 'x-test-org': 'org_a' },
    });
    expect(number.statusCode).toBe(200);
    expect(number.json<{ phone: string }>().phone).toBe(phone);
  });

  it('rejects a body that is not a batch', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/calls/records',
      headers: { 'x-test-org': 'org_a' },
      payload: { rows: [] },
    });
    expect(res.statusCode).toBe(400);
  });
});
