/**
 * The console in a real browser against the real server (SQLite, demo data): login, every dashboard
 * chart drawn with data, library search, the public report reaching the analyst queue, the language
 * switch, a phone-sized public page, and what a role may not do is not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  browserAvailable,
  ensureConsoleBuilt,
  inkedPixels,
  launchBrowser,
  loginThroughForm,
  publishDashboardScreenshot,
  screenshot,
  type Browser,
} from './console.support.ts';

const CHART_IDS = [
  'interceptions',
  'accounts_closed',
  'domain_hosting',
  'reports_by_channel',
  'fraud_types',
  'origin_provinces',
  'origin_cities',
  'fraud_channels',
  'victim_ages',
  'victim_provinces',
];

describe.runIf(browserAvailable())('the console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  const login = (page: Page, username: string): Promise<void> => loginThroughForm(page, server.url, username);

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestServer('sqlite', { demo: true, env: { FANZHA_DEMO_SAMPLE: '400' } });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in and draws every dashboard chart with data on its canvas', async () => {
    const page = await browser.context.newPage();
    await login(page, 'analyst');
    expect(new URL(page.url()).pathname).toBe('/app/dashboard');
    await expect(page.textContent('.banner.demo')).resolves.toContain('演示数据');
    for (const id of CHART_IDS) {
      const panel = `[data-chart="${id}"]`;
      await page.waitForSelector(`${panel}[data-drawn="yes"]`, { timeout: 20_000 });
      expect(Number(await page.getAttribute(panel, 'data-points')), id).toBeGreaterThan(0);
    }
    // ECharts animates in: give it time to finish before reading pixels and taking the picture.
    await page.waitForTimeout(1500);
    for (const id of CHART_IDS)
      expect(await inkedPixels(page, `[data-chart="${id}"]`), id).toBeGreaterThan(2000);
    publishDashboardScreenshot(await screenshot(page, 'dashboard'));
    await page.close();
  });

  it('exports a chart as CSV with its numbers', async () => {
    const page = await browser.context.newPage();
    await login(page, 'analyst');
    await page.waitForSelector('[data-chart="victim_ages"][data-drawn="yes"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-chart="victim_ages"] .actions button:first-child'),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('key,label,series,value');
    expect(csv).toContain('18-40');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-chart="victim_ages"] .actions button:nth-child(2)'),
    ]);
    expect(png.suggestedFilename()).toBe('victim_ages.png');
    await page.close();
  });

  it('switches between Chinese and English', async () => {
    const page = await browser.context.newPage();
    await login(page, 'analyst');
    await expect(page.textContent('nav[aria-label=main]')).resolves.toContain('态势感知');
    await page.click('[data-testid=lang-switch]');
    await expect(page.textContent('nav[aria-label=main]')).resolves.toContain('Situational awareness');
    await page.waitForSelector('[data-chart="victim_ages"][data-drawn="yes"]');
    await expect(page.textContent('[data-chart="victim_ages"] h3')).resolves.toContain(
      'Victims by age group',
    );
    await screenshot(page, 'dashboard-en');
    await page.click('[data-testid=lang-switch]');
    await expect(page.textContent('nav[aria-label=main]')).resolves.toContain('态势感知');
    await page.close();
  });

  it('finds a demo value typed with spaces and opens its page', async () => {
    const cookie = await server.login('analyst');
    const found = await server.call('GET', '/api/v1/search?type=phone&limit=1', { cookie });
    const phone: { display: string; normalized: string } = found.body.items[0];
    expect(phone).toBeDefined();
    // Typed as a person would: the number with spaces between its digits' groups.
    const typed = phone.normalized.replace(/^(\+\d{3})(\d)(\d{4})/, '$1 $2 $3 ');
    const page = await browser.context.newPage();
    await login(page, 'analyst');
    await page.click('nav a[href="/app/library"]');
    await page.fill('form[role=search] input', typed);
    await page.click('form[role=search] button');
    await page.waitForSelector(`table.data tbody tr:has-text("${phone.display}")`);
    await screenshot(page, 'library');
    await page.focus('table.data');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.page.value h2');
    await expect(page.textContent('.page.value h2')).resolves.toContain(phone.display);
    await screenshot(page, 'library-value');
    await page.close();
  });

  it('bulk-imports a CSV with progress and reports the rejected line', async () => {
    const page = await browser.context.newPage();
    await login(page, 'analyst');
    await page.click('nav a[href="/app/import"]');
    const csv = [
      'type,value,verdict,confidence,source',
      'domain,e2e-import.example.top,fraud,0.8,e2e',
      'phone,+86 139 0013 8000,fraud,0.9,e2e',
      'phone,not a number,fraud,0.9,e2e',
    ].join('\n');
    await page.setInputFiles('input[type=file]', {
      name: 'claims.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const done = await page.waitForSelector('.progress-block[data-done="3"]');
    expect(await done.getAttribute('data-accepted')).toBe('2');
    expect(await done.getAttribute('data-rejected')).toBe('1');
    const cookie = await server.login('analyst');
    const found = await server.call('GET', '/api/v1/search?q=e2e-import.example.top', { cookie });
    expect(found.body.items.map((i: { normalized: string }) => i.normalized)).toContain(
      'e2e-import.example.top',
    );
    await page.close();
  });

  it('takes a public report with values and a screenshot through the form into the analyst queue', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/app/public`);
    await page.selectOption('select[name=channel]', 'sms');
    const text = `【顺丰快递】您的包裹异常，请点击 http://sf-refund-e2e.example.top 办理理赔 ${Date.now()}`;
    await page.fill('textarea[name=text]', text);
    await page.fill('textarea[name=values]', '+86 171 0000 4321');
    await page.fill('input[name=amountLost]', '1280');
    // A real PNG (1×1) as the screenshot: the server checks the type by its first bytes.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.setInputFiles('input[name=files]', {
      name: 'screenshot.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await page.click('[data-panel=report] button[type=submit]');
    const receipt = await (
      await page.waitForSelector('[data-receipt]', { timeout: 60_000 })
    ).getAttribute('data-receipt');
    expect(receipt).toBeTruthy();
    const status = await server.call('GET', `/api/v1/reports/${receipt ?? ''}`);
    expect(status.status).toBe(200);
    const stored = await server.db.handle.db
      .selectFrom('resources')
      .select('normalized')
      .where('normalized', '=', '+8617100004321')
      .executeTakeFirst();
    expect(stored?.normalized).toBe('+8617100004321');
    await login(page, 'analyst');
    await page.click('nav a[href="/app/work"]');
    await page.waitForSelector('[data-plugin=queue][data-state=ready]');
    await expect(page.textContent('[data-plugin=queue]')).resolves.toMatch(/sf-refund-e2e|顺丰快递/);
    await screenshot(page, 'work');
    await page.close();
  });

  it('renders the public pages on a phone and answers a risk check', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    // A listed domain as the public sees it: the anonymous API's answer is what the page must show.
    const cookie = await server.login('analyst');
    const domains: Array<{ normalized: string }> = (
      await server.call('GET', '/api/v1/search?type=domain&limit=50', { cookie })
    ).body.items;
    let domain: { normalized: string; verdict: string } | undefined;
    for (const d of domains) {
      const anonymous = await server.call(
        'GET',
        `/api/v1/lookup?value=${encodeURIComponent(`https://${d.normalized}/`)}`,
      );
      if (anonymous.body.verdict === 'fraud' || anonymous.body.verdict === 'suspicious') {
        domain = { normalized: d.normalized, verdict: anonymous.body.verdict };
        break;
      }
    }
    if (!domain) throw new Error('no publicly listed domain in the demo data');
    await phone.context().clearCookies();
    await phone.goto(`${server.url}/app/public`);
    await phone.fill('[data-panel=lookup] input[name=value]', `https://${domain.normalized}/`);
    await phone.click('[data-panel=lookup] button[type=submit]');
    const verdict = await (await phone.waitForSelector('.lookup-result')).getAttribute('data-verdict');
    expect(verdict).toBe(domain.verdict);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'public-phone');
    await phone.close();
  });

  it('hides what a role may not do and shows plug-in panels for engines', async () => {
    const page = await browser.context.newPage();
    await login(page, 'viewer');
    const nav = await page.$$eval('nav[aria-label=main] a', (as) => as.map((a) => a.getAttribute('href')));
    expect(nav).toContain('/app/dashboard');
    expect(nav).not.toContain('/app/admin');
    expect(nav).not.toContain('/app/import');
    await login(page, 'admin');
    await page.click('nav a[href="/app/admin"]');
    await page.waitForSelector('text=org_cmcc');
    await screenshot(page, 'admin');
    await page.click('nav a[href="/app/detections"]');
    await page.waitForSelector('[data-plugin=sms-templates]:not([data-state=loading])');
    await screenshot(page, 'detections');
    await page.close();
  });
});
