/**
 * The console's first load, screen by screen (goal ≤ 1.5 s each), in Chromium over the demo data
 * (SQLite, `serve --demo`'s loader with FANZHA_DEMO_SAMPLE claims per Taiwan 165 list, default 2000,
 * the queue, cases, work orders and appeals of the demo's ten days). A first load starts with the
 * browser's cache emptied and ends when the screen shows its data; each screen is loaded three times
 * and the median printed. Baseline from the same run: the login page (the bundle and no data). The
 * bundle's size gzipped (goal ≤ 1 MB) is printed first.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { recordBundle } from './awareness.bench.ts';
import { percentile, type BenchSuite } from './harness.ts';

const CHROMIUM = process.env.FANZHA_CHROMIUM ?? '/usr/bin/chromium';
const ROUNDS = 3;

export const suite: BenchSuite = {
  name: 'console',
  async run(record) {
    if (!existsSync(CHROMIUM) || !existsSync(join(import.meta.dirname, '..', 'web', 'dist', 'index.html'))) {
      process.stderr.write('console bench: needs Chromium and web/dist (npm run build:web)\n');
      return;
    }
    recordBundle(record);
    const { DEMO_VALUE, SCREENS, launchBrowser } = await import('../test/e2e/console.support.ts');
    const db = await createTestDatabase('sqlite');
    const server = await startServer(
      loadConfig(
        {
          FANZHA_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
          FANZHA_DEMO_SAMPLE: process.env.FANZHA_DEMO_SAMPLE ?? '2000',
        },
        { port: 0, host: '127.0.0.1', databaseUrl: db.url, demo: true },
      ),
    );
    const browser = await launchBrowser();
    try {
      const login = async (username: string): Promise<string> => {
        const res = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'fanzha-demo' }),
        });
        return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      };
      const analyst = await login('analyst');
      const cases = (await (
        await fetch(`${server.url}/api/v1/cases`, { headers: { cookie: analyst } })
      ).json()) as { items: Array<{ id: string }> };
      const ids = { caseId: cases.items[0]?.id ?? '', value: DEMO_VALUE };
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      const cookies = new Map<string, string>();
      const firstLoad = async (s: (typeof SCREENS)[number]): Promise<number> => {
        const times: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          await browser.context.clearCookies();
          if (s.user) {
            const c = cookies.get(s.user) ?? (await login(s.user));
            cookies.set(s.user, c);
            const [name = '', value = ''] = c.split('=');
            await browser.context.addCookies([{ name, value, url: server.url }]);
          }
          await cdp.send('Network.clearBrowserCache');
          await page.goto('about:blank');
          const start = performance.now();
          await page.goto(`${server.url}${s.path(ids)}`);
          await page.waitForSelector(s.ready, { timeout: 30_000 });
          times.push(performance.now() - start);
        }
        return percentile(
          times.sort((a, b) => a - b),
          50,
        );
      };
      const loginScreen = SCREENS.find((s) => s.name === 'login');
      const baseline = loginScreen ? await firstLoad(loginScreen) : NaN;
      for (const s of SCREENS) {
        record({
          name: `first load: ${s.name}${s.user ? ` (${s.user})` : ''}`,
          value: await firstLoad(s),
          unit: 'ms',
          baseline: { name: 'login page', value: baseline },
          goal: '<= 1500',
        });
      }
    } finally {
      await browser.close();
      await server.close();
      await db.drop();
    }
  },
};
