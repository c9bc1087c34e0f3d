/**
 * Browser support for the console's end-to-end tests: Debian's Chromium driven by playwright-core with
 * a fresh profile, and the console built when web/dist is missing or stale.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.FANZHA_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Outside CI a machine without Chromium skips the browser tests; in CI (CI=true) that is a failure. */
export const browserAvailable = (): boolean => existsSync(CHROMIUM) || process.env.CI === 'true';

export const ensureConsoleBuilt = (): void => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-web.mjs')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  if (r.status !== 0 || !existsSync(join(ROOT, 'web', 'dist', 'index.html')))
    throw new Error('the console did not build (npm run build:web)');
};

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export const launchBrowser = async (viewport = { width: 1440, height: 1000 }): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'fanzha-chromium-'));
  // A persistent context is how playwright takes --user-data-dir: a fresh one per run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
};

/**
 * The dashboard screenshot the README shows: refreshed only when asked (FANZHA_UPDATE_SCREENSHOTS=1), so an
 * ordinary test run leaves the working tree clean.
 */
export const publishDashboardScreenshot = (file: string): void => {
  if (process.env.FANZHA_UPDATE_SCREENSHOTS !== '1') return;
  const dir = join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(file, join(dir, 'dashboard.png'));
};

/** Pixels of a canvas that are neither transparent nor the white background: an empty chart has none. */
export const inkedPixels = (page: Page, selector: string): Promise<number> =>
  page.$eval(selector, (el) => {
    const canvas = el.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && !(r > 245 && g > 245 && b > 245)) n++;
    }
    return n;
  });

/** Words that are the same in both languages of the console (units, formats, brands, keys). */
export const LANGUAGE_NEUTRAL = new Set([
  'API',
  'CSV',
  'JSON',
  'JSONL',
  'PNG',
  'JPEG',
  'PDF',
  'URL',
  'IP',
  'SMS',
  'SLA',
  'QQ',
  'App',
  'KB',
  'ID',
  'Enter',
  'ETC',
  'ABCD',
  'EFGH',
  'JKMN',
  'GB',
  'MB',
]);

/**
 * Text shown in the wrong language: Latin words on a zh-CN screen, Chinese characters on an English one.
 * Data (values, ids, names, free text people typed) is marked translate="no" by the console and skipped,
 * as are form fields' contents; what is left is the console's own wording, which must all be translated.
 */
export const wrongLanguage = (page: Page, lang: 'zh' | 'en'): Promise<string[]> =>
  page.evaluate(
    ({ lang, neutral }) => {
      const skip = (el: Element | null): boolean => {
        for (let e = el; e; e = e.parentElement) {
          if (e.getAttribute('translate') === 'no') return true;
          const tag = e.tagName;
          if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEXTAREA' || tag === 'CODE') return true;
          if (e.getAttribute('lang') && e !== document.documentElement) return true;
        }
        return false;
      };
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!text.trim() || skip(n.parentElement)) continue;
        if (lang === 'zh') {
          for (const w of text.match(/[A-Za-z][A-Za-z'’-]+/g) ?? [])
            if (!neutral.includes(w)) found.push(`${w} ← “${text.trim().slice(0, 60)}”`);
        } else if (/[\u3400-\u9fff]/.test(text)) found.push(text.trim().slice(0, 60));
      }
      for (const el of Array.from(document.querySelectorAll('[placeholder]'))) {
        const p = el.getAttribute('placeholder') ?? '';
        if (skip(el)) continue;
        if (lang === 'en' && /[\u3400-\u9fff]/.test(p)) found.push(`placeholder: ${p}`);
      }
      return [...new Set(found)];
    },
    { lang, neutral: [...LANGUAGE_NEUTRAL] },
  );

/** A screen of the console: who opens it, where, and what shows once its data has loaded. */
export interface Screen {
  readonly name: string;
  readonly user: string | null;
  readonly path: (ids: { readonly caseId: string; readonly value: string }) => string;
  readonly ready: string;
}

/** A demo number with claims, a case, work orders and appeals behind it (modules/demo/demo-work.ts). */
export const DEMO_VALUE = `/app/library/value?type=phone&value=${encodeURIComponent('+8613800138001')}`;

/** Every screen, as the role that works in it (the tests' screenshots and the first-load bench). */
export const SCREENS: readonly Screen[] = [
  { name: 'login', user: null, path: () => '/app/login', ready: '[data-testid=public-links]' },
  { name: 'public', user: null, path: () => '/app/public', ready: '[data-panel=report]' },
  { name: 'receipt', user: null, path: () => '/app/public/receipt', ready: '[data-panel=receipt]' },
  {
    name: 'dashboard',
    user: 'analyst',
    path: () => '/app/dashboard',
    ready: '[data-chart][data-drawn=yes]',
  },
  { name: 'library', user: 'analyst', path: () => '/app/library', ready: 'form[role=search]' },
  { name: 'value', user: 'analyst', path: (x) => x.value, ready: '[data-section=value-actions]' },
  { name: 'import', user: 'analyst', path: () => '/app/import', ready: 'input[type=file]' },
  {
    name: 'detections',
    user: 'analyst',
    path: () => '/app/detections',
    ready: '[data-plugin]:not([data-state=loading])',
  },
  { name: 'queue', user: 'analyst', path: () => '/app/work/queue', ready: '[data-plugin=queue] .detail' },
  { name: 'cases', user: 'analyst', path: () => '/app/work/cases', ready: '[data-plugin=cases] tbody tr' },
  {
    name: 'case',
    user: 'analyst',
    path: (x) => `/app/work/cases/${x.caseId}`,
    ready: '[data-section=timeline] li',
  },
  {
    name: 'workorders',
    user: 'analyst',
    path: () => '/app/work/workorders',
    ready: '[data-plugin=workorders] .detail',
  },
  {
    name: 'appeals',
    user: 'analyst',
    path: () => '/app/work/appeals',
    ready: '[data-plugin=appeals] .detail',
  },
  {
    name: 'operator-inbox',
    user: 'operator',
    path: () => '/app/work/workorders',
    ready: '[data-plugin=workorders] .detail',
  },
  {
    name: 'bank-inbox',
    user: 'bank',
    path: () => '/app/work/workorders',
    ready: '[data-plugin=workorders] .detail',
  },
  {
    name: 'bank-appeals',
    user: 'bank',
    path: () => '/app/work/appeals',
    ready: '[data-plugin=appeals][data-state=ready]',
  },
  {
    name: 'operator-detections',
    user: 'operator',
    path: () => '/app/detections',
    ready: '[data-plugin=call-alerts] tbody tr',
  },
  { name: 'admin', user: 'admin', path: () => '/app/admin', ready: '[data-section=orgs] tbody tr' },
];

/** Logs a demo user in through the console's own login form and waits for the dashboard. */
export const loginThroughForm = async (page: Page, baseUrl: string, username: string): Promise<void> => {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/app/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'fanzha-demo');
  await page.click('form button[type=submit]');
  await page.waitForURL('**/app/dashboard');
  await page.waitForSelector('[data-testid=whoami]');
};
