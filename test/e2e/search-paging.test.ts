/**
 * Search and export per viewer: values known only through another organisation's private claims are
 * skipped, and skipping them never shortens a page — reading goes on until the page is full or the data
 * ends, and `nextCursor` is there exactly when more follows. Real HTTP server on both databases.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PREFIX = '+86137112';
const phone = (i: number) => `${PREFIX}${String(i).padStart(5, '0')}`;

describeEachDatabase('search and export filtered per viewer', (dialect) => {
  let s: TestServer;
  let bank: string;
  let police: string;
  let regulator: string;

  const submit = (cookie: string, numbers: readonly string[], sharing: string) =>
    s.call('POST', '/api/v1/claims', {
      cookie,
      body: {
        claims: numbers.map((value) => ({
          type: 'phone',
          value,
          verdict: 'suspicious',
          confidence: 0.6,
          source: `paging-${sharing}`,
          sharing,
        })),
      },
    });

  /** Every page of a search as the viewer reads it, following `nextCursor`. */
  const pages = async (cookie: string, limit: number): Promise<string[][]> => {
    const out: string[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const r = await s.call(
        'GET',
        `/api/v1/search?q=${encodeURIComponent(PREFIX)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { cookie },
      );
      expect(r.status).toBe(200);
      out.push((r.body.items as Array<{ normalized: string }>).map((i) => i.normalized));
      cursor = r.body.nextCursor;
      if (cursor === undefined) return out;
      expect(out.length).toBeLessThan(100);
    }
  };

  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true, env: { FANZHA_DEMO_SAMPLE: '10' } });
    bank = await s.login('bank');
    police = await s.login('police');
    regulator = await s.login('analyst');
    // Oldest first: three shared values, 250 the bank keeps private, three more shared on top.
    expect((await submit(police, [1, 2, 3].map(phone), 'members')).status).toBe(200);
    const hidden = Array.from({ length: 250 }, (_, i) => phone(100 + i));
    expect((await submit(bank, hidden, 'private')).status).toBe(200);
    expect((await submit(police, [4, 5, 6].map(phone), 'members')).status).toBe(200);
  }, 120_000);
  afterAll(async () => s.close());

  it('fills every page but the last for a viewer the private values are hidden from', async () => {
    for (const cookie of [police, regulator]) {
      const got = await pages(cookie, 4);
      expect(got.map((p) => p.length)).toEqual([4, 2]);
      expect(got.flat()).toEqual([6, 5, 4, 3, 2, 1].map(phone));
    }
    // A page that ends exactly at the data's end says nothing follows.
    expect((await pages(police, 6)).map((p) => p.length)).toEqual([6]);
    expect((await pages(police, 3)).map((p) => p.length)).toEqual([3, 3]);
  });

  it('shows the owner its private values, in full pages', async () => {
    const got = await pages(bank, 100);
    expect(got.map((p) => p.length)).toEqual([100, 100, 56]);
    expect(new Set(got.flat()).size).toBe(256);
  });

  it("leaves another organisation's private values out of exports, and keeps them in the owner's", async () => {
    const theirs = await s.call('GET', '/api/v1/export?format=jsonl&type=phone', { cookie: police });
    expect(theirs.status).toBe(200);
    const text = String(theirs.body);
    for (const i of [1, 2, 3, 4, 5, 6]) expect(text).toContain(phone(i));
    expect(text).not.toContain(phone(100));
    expect(text).not.toContain(phone(349));
    const own = String(
      (await s.call('GET', '/api/v1/export?format=jsonl&type=phone', { cookie: bank })).body,
    );
    expect(own).toContain(phone(100));
    expect(own).toContain(phone(349));
  });
});
