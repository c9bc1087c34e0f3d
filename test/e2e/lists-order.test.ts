/**
 * The queue, cases, work orders and appeals list newest first by default and page on from there with
 * `after`; `order=oldest` turns them round; anything else is a 400 naming the field. On both databases,
 * over the demo's ten days of work.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const LISTS = ['/api/v1/queue', '/api/v1/cases', '/api/v1/workorders', '/api/v1/appeals'] as const;

/** Queue ids are numbers, the others time-ordered strings: compared as what they are. */
const before = (a: string | number, b: string | number): boolean =>
  typeof a === 'number' && typeof b === 'number' ? a < b : String(a) < String(b);

describeEachDatabase('list order and paging', (dialect) => {
  let s: TestServer;
  let cookie: string;
  const page = async (path: string, query: string) => {
    const r = await s.call('GET', `${path}?${query}`, { cookie });
    expect(r.status, `${path}?${query}`).toBe(200);
    return r.body as { items: Array<{ id: string | number }>; nextCursor?: string };
  };

  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true, env: { FANZHA_DEMO_SAMPLE: '10' } });
    cookie = await s.login('analyst');
  }, 120_000);
  afterAll(async () => s.close());

  it('lists newest first and pages on to older items', async () => {
    for (const path of LISTS) {
      const first = await page(path, 'limit=2');
      expect(first.items, path).toHaveLength(2);
      const [a, b] = first.items.map((i) => i.id);
      expect(before(b!, a!), path).toBe(true);
      expect(first.nextCursor, path).toBeDefined();
      const second = await page(path, `limit=2&after=${encodeURIComponent(first.nextCursor ?? '')}`);
      expect(second.items.length, path).toBeGreaterThan(0);
      for (const i of second.items) expect(before(i.id, b!), path).toBe(true);
    }
  });

  it('lists oldest first when asked', async () => {
    for (const path of LISTS) {
      const newest = await page(path, 'limit=200');
      const oldest = await page(path, 'limit=200&order=oldest');
      expect(
        oldest.items.map((i) => i.id),
        path,
      ).toEqual(newest.items.map((i) => i.id).reverse());
    }
  });

  it('refuses an unknown order with a 400 naming the field', async () => {
    for (const path of LISTS) {
      const r = await s.call('GET', `${path}?order=sideways`, { cookie });
      expect(r.status, path).toBe(400);
      expect(String(r.body.error.field), path).toContain('order');
    }
  });
});
