/** FANZHA_ROLES chooses what a process does: each role alone, on a real server and database. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('roles', (dialect) => {
  let web: string;
  const servers: TestServer[] = [];
  const start = async (roles: string) => {
    const s = await startTestServer(dialect, {
      demo: false,
      env: { FANZHA_ROLES: roles, FANZHA_WEB_ROOT: web },
    });
    servers.push(s);
    return s;
  };
  beforeAll(() => {
    web = mkdtempSync(join(tmpdir(), 'fanzha-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>console</title>');
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('api alone serves the API, no console and no scheduled work', async () => {
    const s = await start('api');
    expect((await s.call('GET', '/api/v1/lookup?value=13800138000')).status).toBe(200);
    expect((await s.call('GET', '/')).status).toBe(404);
    expect(s.server.container.scheduler.started).toBe(false);
    expect((await s.call('GET', '/health')).status).toBe(200);
  });

  it('console alone serves the console files and no API', async () => {
    const s = await start('console');
    const page = await s.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    expect((await s.call('GET', '/api/v1/lookup?value=13800138000')).status).toBe(404);
    expect(s.server.container.scheduler.started).toBe(false);
  });

  it('workers alone run the scheduled work (decay, SLA sweep, webhooks, federation sync) and serve neither', async () => {
    const s = await start('workers');
    expect(s.server.container.scheduler.started).toBe(true);
    expect(s.server.container.scheduler.jobs).toEqual([
      'decay',
      'work-order-sla-sweep',
      'webhook-delivery',
      'federation-pull',
      'federation-push',
      'federation-push-watch',
    ]);
    expect((await s.call('GET', '/api/v1/lookup?value=13800138000')).status).toBe(404);
    expect((await s.call('GET', '/')).status).toBe(404);
    expect((await s.call('GET', '/health')).status).toBe(200);
  });

  it('all three together do all three', async () => {
    const s = await start('api,console,workers');
    expect((await s.call('GET', '/api/v1/lookup?value=13800138000')).status).toBe(200);
    expect((await s.call('GET', '/')).status).toBe(200);
    expect(s.server.container.scheduler.started).toBe(true);
  });
});
