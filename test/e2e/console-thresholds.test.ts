/**
 * The thresholds screen in Chromium against the real server: the regulator's administrator proposes
 * lower thresholds, sees in shadow mode which values would change (nothing applied yet), applies them
 * with a reason, and the screen and the API agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  browserAvailable,
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  screenshot,
  type Browser,
} from './console.support.ts';

describe.runIf(browserAvailable())('the thresholds screen in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestServer('sqlite', { demo: true, env: { FANZHA_DEMO_SAMPLE: '50' } });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('compares a proposed set in shadow mode, then applies it with a reason', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginThroughForm(page, server.url, 'admin');
    await page.goto(`${server.url}/app/admin`);
    const section = page.locator('[data-section=thresholds]');
    await section.locator('[data-testid=thresholds-current]').waitFor();
    expect(await section.locator('[data-testid=thresholds-current]').textContent()).toContain('0.75');

    await section.locator('input[name=fraud]').fill('0.3');
    await section.locator('input[name=suspicious]').fill('0.2');
    await section.locator('[data-testid=shadow-form] button[type=submit]').click();
    await section.locator('[data-testid=shadow-sample] tbody tr').first().waitFor({ timeout: 20_000 });
    const rows = await section.locator('[data-testid=shadow-sample] tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    await screenshot(page, 'thresholds-shadow-zh');
    // Shadow mode applied nothing.
    const admin = await server.login('admin');
    const held = await server.call('GET', '/api/v1/settings/thresholds', { cookie: admin });
    expect(held.body.thresholds).toEqual({ fraud: 0.75, suspicious: 0.4 });

    // Applied with a reason, the thresholds in force are shown anew.
    await section.locator('[data-testid=thresholds-apply] textarea[name=reason]').fill('pilot: act earlier');
    await section.locator('[data-testid=thresholds-apply] button[type=submit]').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=thresholds-current]')?.textContent?.includes('0.30') === true,
      undefined,
      { timeout: 20_000 },
    );
    const after = await server.call('GET', '/api/v1/settings/thresholds', { cookie: admin });
    expect(after.body.thresholds).toEqual({ fraud: 0.3, suspicious: 0.2 });
    expect(errors).toEqual([]);
  });
});
