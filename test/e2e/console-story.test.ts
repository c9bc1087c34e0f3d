/**
 * 协同处置 walked in a real browser, one role after another, against the real server (SQLite, demo
 * organisations): a citizen reports on a phone, the regulator's analyst qualifies it into a case and
 * routes work orders, the operator and the bank each see only their own and answer, the operator
 * appeals for the subscriber, the analyst upholds it, and the public risk check answers the new state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  browserAvailable,
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  screenshot,
  type Browser,
} from './console.support.ts';

const MARK = `e2e-story-${Date.now()}`;
const PHONE = '138 0013 9917';
const E164 = '+8613800139917';
const CARD = '6222 0200 9876 5432 104';

describe.runIf(browserAvailable())('协同处置 in Chromium, role by role', () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];

  /** A page that records page errors and failed requests (any 4xx/5xx the console did not expect). */
  const open = async (viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      // The console asks "who am I" on every load; a visitor who is not signed in is answered 401 by design.
      const signInProbe = r.status() === 401 && r.url().endsWith('/api/v1/auth/me');
      if (r.status() >= 400 && !signInProbe)
        problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    // A request the test cut short by moving on to the next page is aborted, not failed.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()}`);
    });
    return page;
  };

  const login = (page: Page, username: string): Promise<void> => loginThroughForm(page, server.url, username);

  /** Pages a list with its "next" button until a row with the text shows (the lists run oldest first). */
  const findRow = async (page: Page, panel: string, text: string): Promise<string> => {
    const row = `[data-plugin=${panel}] tbody tr:has-text("${text}")`;
    for (let i = 0; i < 20 && !(await page.$(row)); i++) {
      await page.click(`[data-plugin=${panel}] .pager button:nth-child(2)`);
      await page.waitForTimeout(300);
    }
    return row;
  };

  const orderIds = async (username: string): Promise<Array<{ id: string; orgId: string; type: string }>> =>
    (await server.call('GET', '/api/v1/workorders', { cookie: await server.login(username) })).body.items;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestServer('sqlite', { demo: true, env: { FANZHA_DEMO_SAMPLE: '50' } });
    // The report form's proof of work stays cheap in tests.
    const admin = await server.login('admin');
    await server.call('PUT', '/api/v1/reports/settings', { cookie: admin, body: { powDifficulty: 4 } });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a citizen files a report on the phone layout and gets a receipt', async () => {
    const phone = await open({ width: 390, height: 844 });
    await phone.goto(`${server.url}/app/public`);
    await phone.selectOption('select[name=channel]', 'sms');
    await phone.fill('textarea[name=text]', `冒充客服说快递理赔，让我往银行卡转账 ${MARK}`);
    await phone.fill('textarea[name=values]', `${PHONE}\n${CARD}`);
    await phone.fill('input[name=amountLost]', '5000');
    await phone.click('[data-panel=report] button[type=submit]');
    const receipt = await (
      await phone.waitForSelector('[data-receipt]', { timeout: 60_000 })
    ).getAttribute('data-receipt');
    expect(receipt).toBeTruthy();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'story-1-report-phone');
    await phone.close();
  });

  it('the regulator’s analyst opens it beside the queue, confirms it into a case and routes work orders', async () => {
    const page = await open();
    await login(page, 'analyst');
    await page.click('nav a[href="/app/work"]');
    await page.waitForSelector('[data-plugin=queue][data-state=ready]');
    // The newest report is the last of the open queue: page with the keyboard until it shows.
    await page.click(await findRow(page, 'queue', MARK));
    await page.waitForSelector(`.detail:has-text("${MARK}")`);
    await expect(page.textContent('.detail')).resolves.toContain('+86 138 0013 9917');
    // Enter on the selected row moves into the decision form.
    await page.focus('[data-plugin=queue] table.data');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=decision-form]');
    await page.selectOption('[data-testid=decision-form] select[name=fraudType]', { index: 1 });
    await page.selectOption('[data-testid=decision-form] select[name=severity]', 'high');
    await page.fill('[data-testid=decision-form] textarea[name=reason]', '号码与银行卡均为涉诈，立案');
    await screenshot(page, 'story-2-queue');
    await page.click('[data-testid=decision-form] button[type=submit]');
    await page.waitForURL('**/app/work/cases/**');
    await page.waitForSelector('[data-section=case-values] tbody tr');
    await page.click('[data-testid=create-workorders] button[type=submit]');
    await page.waitForSelector('[data-section=case-workorders] tbody tr:nth-child(2)');
    await screenshot(page, 'story-3-case');
    const all = await orderIds('analyst');
    expect(all.map((w) => w.orgId).sort()).toEqual(expect.arrayContaining(['org_cmcc', 'org_icbc']));
    await page.close();
  });

  it('the operator and the bank each see only their own work order and answer it', async () => {
    const operatorOrders = await orderIds('operator');
    const bankOrders = await orderIds('bank');
    expect(operatorOrders.length).toBeGreaterThan(0);
    expect(bankOrders.length).toBeGreaterThan(0);
    expect(operatorOrders.every((w) => w.orgId === 'org_cmcc')).toBe(true);
    expect(bankOrders.every((w) => w.orgId === 'org_icbc')).toBe(true);

    const page = await open();
    await login(page, 'operator');
    await page.goto(`${server.url}/app/work/workorders`);
    await page.waitForSelector('[data-plugin=workorders][data-state=ready]');
    await expect(page.textContent('[data-plugin=workorders] tbody')).resolves.not.toContain('6222');
    await page.click(await findRow(page, 'workorders', PHONE.slice(4)));
    await page.waitForSelector('[data-testid=feedback-form]');
    await page.fill('[data-testid=feedback-form] textarea[name=note]', '已停机');
    await page.click('[data-testid=feedback-form] button[type=submit]');
    await page.waitForSelector('[data-workorder] .badge.st-done');
    await screenshot(page, 'story-4-operator-inbox');

    await login(page, 'bank');
    const nav = await page.$$eval('nav[aria-label=main] a', (as) => as.map((a) => a.getAttribute('href')));
    expect(nav).toContain('/app/work');
    await page.click('nav a[href="/app/work"]');
    const tabs = await page.$$eval('nav.tabs a', (as) => as.map((a) => a.getAttribute('data-tab')));
    expect(tabs).toEqual(['workorders', 'appeals']);
    await page.waitForSelector('[data-plugin=workorders][data-state=ready]');
    expect(await page.$$('.error')).toHaveLength(0);
    await expect(page.textContent('[data-plugin=workorders] tbody')).resolves.not.toContain('138');
    await page.click(await findRow(page, 'workorders', CARD.replace(/ /g, '').slice(-8)));
    await page.check('[data-testid=feedback-form] input[value=done]');
    await page.click('[data-testid=feedback-form] button[type=submit]');
    await page.waitForSelector('[data-workorder] .badge.st-done');
    await screenshot(page, 'story-5-bank-inbox');
    const answered = await orderIds('analyst');
    expect(answered.filter((w) => ['org_cmcc', 'org_icbc'].includes(w.orgId)).length).toBeGreaterThan(1);
    await page.close();
  });

  it('the operator appeals for the subscriber, the analyst upholds it, and the risk check answers the release', async () => {
    const page = await open();
    await login(page, 'operator');
    await page.goto(`${server.url}/app/work/appeals`);
    await page.waitForSelector('[data-testid=file-appeal]');
    await page.selectOption('[data-testid=file-appeal] select[name=type]', 'phone');
    await page.fill('[data-testid=file-appeal] input[name=value]', PHONE);
    await page.fill('[data-testid=file-appeal] textarea[name=statement]', '号码已回收，新机主营业厅实名核验');
    await page.check('[data-testid=file-appeal] input[name=identity_verified]');
    await page.click('[data-testid=file-appeal] button[type=submit]');
    await page.waitForSelector(`[data-plugin=appeals] tbody tr:has-text("${E164}")`);
    await screenshot(page, 'story-6-appeal-filed');

    await login(page, 'analyst');
    await page.goto(`${server.url}/app/work/appeals`);
    await page.click(`[data-plugin=appeals] tbody tr:has-text("${E164}")`);
    await page.waitForSelector('[data-testid=appeal-decision]');
    await page.check('[data-testid=appeal-decision] input[value=upheld]');
    await page.fill('[data-testid=appeal-decision] textarea[name=reason]', '回收号码，机主核验通过');
    await page.click('[data-testid=appeal-decision] button[type=submit]');
    await page.selectOption('[data-plugin=appeals] select', 'upheld');
    await page.waitForSelector(`[data-plugin=appeals] tbody tr:has-text("${E164}")`);
    await screenshot(page, 'story-7-appeal-upheld');

    await page.context().clearCookies();
    await page.goto(`${server.url}/app/public`);
    await page.fill('[data-panel=lookup] input[name=value]', PHONE);
    await page.click('[data-panel=lookup] button[type=submit]');
    const verdict = await (await page.waitForSelector('.lookup-result')).getAttribute('data-verdict');
    expect(verdict).not.toBe('fraud');
    expect((await server.call('GET', `/api/v1/lookup?value=${encodeURIComponent(E164)}`)).body.verdict).toBe(
      verdict,
    );
    await screenshot(page, 'story-8-lookup-released');
    await page.close();
    expect(problems).toEqual([]);
  });
});
