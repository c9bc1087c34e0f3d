/**
 * Every screen of the console, as each role that uses it, in Chinese and in English, over the demo data
 * (real server, SQLite, real Chromium): a screenshot of each under test-output/screenshots/, and no page
 * error, no failed request and no text in the wrong language (data marked translate="no" aside).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  browserAvailable,
  ensureConsoleBuilt,
  DEMO_VALUE,
  launchBrowser,
  SCREENS,
  screenshot,
  wrongLanguage,
  type Browser,
} from './console.support.ts';

describe.runIf(browserAvailable())('every console screen in both languages', () => {
  let server: TestServer;
  let browser: Browser;
  let ids = { caseId: '', value: '' };

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestServer('sqlite', { demo: true, env: { FANZHA_DEMO_SAMPLE: '100' } });
    const cookie = await server.login('analyst');
    ids = {
      caseId: (await server.call('GET', '/api/v1/cases', { cookie })).body.items[0].id,
      value: DEMO_VALUE,
    };
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const cookies = new Map<string, string>();
  const signIn = async (page: Page, user: string | null): Promise<void> => {
    await page.context().clearCookies();
    if (!user) return;
    const cookie = cookies.get(user) ?? (await server.login(user));
    cookies.set(user, cookie);
    const [name = '', token = ''] = cookie.split('=');
    await page.context().addCookies([{ name, value: token, url: server.url }]);
  };

  for (const lang of ['zh', 'en'] as const)
    it(`shows every screen in ${lang === 'zh' ? 'Chinese' : 'English'} with nothing untranslated`, async () => {
      const problems: string[] = [];
      const untranslated: Record<string, string[]> = {};
      const page = await browser.context.newPage();
      await page.addInitScript((l) => localStorage.setItem('fanzha.lang', l), lang);
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('response', (r) => {
        // The console asks "who am I" on every load; a visitor who is not signed in is answered 401 by design.
        const signInProbe = r.status() === 401 && r.url().endsWith('/api/v1/auth/me');
        if (r.status() >= 400 && !signInProbe) problems.push(`${r.status()} ${r.url()}`);
      });
      for (const s of SCREENS) {
        await signIn(page, s.user);
        await page.goto(`${server.url}${s.path(ids)}`);
        const shown = await page
          .waitForSelector(s.ready, { timeout: 40_000 })
          .then(() => true)
          .catch(() => false);
        if (!shown) problems.push(`${s.name}: ${s.ready} never showed`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `screen-${s.name}-${lang}`);
        const wrong = await wrongLanguage(page, lang);
        if (wrong.length > 0) untranslated[s.name] = wrong;
      }
      await page.close();
      expect(problems).toEqual([]);
      expect(untranslated).toEqual({});
    }, 400_000);
});
