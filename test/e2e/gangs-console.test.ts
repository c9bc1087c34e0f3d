/**
 * The gang page in a real browser against the real server: a gang seeded through the library (three
 * numbers on one handset, one of them listed) is listed and, once chosen, drawn on the canvas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/shared/actor.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  browserAvailable,
  ensureConsoleBuilt,
  inkedPixels,
  launchBrowser,
  type Browser,
} from './console.support.ts';

const PHONES = ['+8613800000201', '+8613800000202', '+8613800000203'];

describe.runIf(browserAvailable())('the gang page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestServer('sqlite', { demo: true, env: { FANZHA_DEMO_SAMPLE: '200' } });
    await server.server.container.library.submitClaims(
      SYSTEM_ACTOR,
      [
        {
          type: 'phone',
          value: PHONES[0] ?? '',
          verdict: 'fraud',
          confidence: 0.9,
          source: 'gang-page-test',
        },
      ],
      PHONES.map((p) => ({
        from: { type: 'phone', value: p },
        to: { type: 'device', value: '862000000000015' },
        kind: 'same_device',
      })),
    );
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the gang and draws its graph', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/app/login`);
    await page.fill('input[name=username]', 'analyst');
    await page.fill('input[name=password]', 'fanzha-demo');
    await page.click('form button[type=submit]');
    await page.waitForURL('**/app/dashboard');
    await page.click('a[href="/app/gangs"]');
    await page.waitForSelector('[data-testid=gangs] tbody tr', { timeout: 20_000 });
    const rows = await page.locator('[data-testid=gangs] tbody tr').allTextContents();
    const row = rows.findIndex((r) => r.includes('callers 3'));
    expect(row).toBeGreaterThanOrEqual(0);
    await page.locator('[data-testid=gangs] tbody tr button').nth(row).click();
    await page.waitForSelector('[data-testid=gang-graph][data-drawn="yes"]', { timeout: 20_000 });
    expect(Number(await page.getAttribute('[data-testid=gang-graph]', 'data-nodes'))).toBeGreaterThanOrEqual(
      4,
    );
    await page.waitForTimeout(500);
    expect(await inkedPixels(page, '[data-testid=gang-graph]')).toBeGreaterThan(500);
    await page.close();
  });
});
