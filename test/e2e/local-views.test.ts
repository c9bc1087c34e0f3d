/**
 * An organisation's local overrides and private claims act in every answer it gets — its lookups (single
 * and batch), its proxy's call check, its list downloads, its payee and URL checks — and in nobody
 * else's: anonymous callers, other organisations and keys of no organisation keep the national answer.
 * Real HTTP server on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const BANK_KEY = 'bank-proxy-key-0123456789abcdef';
const NATIONAL_KEY = 'national-proxy-key-0123456789ab';
const BANK_EDGE = { 'x-fanzha-edge-key': BANK_KEY };
const NATIONAL_EDGE = { 'x-fanzha-edge-key': NATIONAL_KEY };

interface ListDelta {
  version: number;
  entries: Array<{ op: string; id: number }>;
}

describeEachDatabase('local overrides and private claims in every answer', (dialect) => {
  let s: TestServer;
  let regulator: string;
  let bank: string;
  let police: string;

  const lookup = (value: string, cookie?: string) =>
    s.call('GET', `/api/v1/lookup?value=${encodeURIComponent(value)}`, cookie ? { cookie } : {});
  const idOf = async (type: string, value: string): Promise<number> =>
    (
      await s.call('GET', `/api/v1/values?type=${type}&value=${encodeURIComponent(value)}`, {
        cookie: regulator,
      })
    ).body.resource.id;
  /** Every entry of a list from `since` on, page by page, as the key's proxy downloads it. */
  const download = async (list: string, headers: Record<string, string>, since = 0) => {
    const entries: ListDelta['entries'] = [];
    let version = since;
    for (;;) {
      const page = await s.call('GET', `/api/v1/lists/${list}?since=${version}&limit=5000`, { headers });
      expect(page.status).toBe(200);
      const d = page.body as ListDelta & { more: boolean };
      entries.push(...d.entries);
      version = d.version;
      if (!d.more) return { entries, version };
    }
  };
  const added = (entries: ListDelta['entries'], id: number) =>
    entries.filter((e) => e.id === id).at(-1)?.op === 'add';

  beforeAll(async () => {
    s = await startTestServer(dialect, {
      demo: true,
      env: { FANZHA_EDGE_KEYS: `org_icbc:${BANK_KEY},${NATIONAL_KEY}`, FANZHA_DEMO_SAMPLE: '10' },
    });
    regulator = await s.login('analyst');
    bank = await s.login('bank');
    police = await s.login('police');
  }, 120_000);
  afterAll(async () => s.close());

  describe('a bank allows locally a number the regulator pinned fraud', () => {
    const phone = '+8613877770001';
    let before: { bank: number; national: number };

    beforeAll(async () => {
      const pinned = await s.call('POST', '/api/v1/values/pin', {
        cookie: regulator,
        body: { type: 'phone', value: phone, verdict: 'fraud', reason: 'fraud call centre' },
      });
      expect(pinned.status).toBe(200);
      before = {
        bank: (await download('block', BANK_EDGE)).version,
        national: (await download('block', NATIONAL_EDGE)).version,
      };
      const local = await s.call('POST', '/api/v1/allow', {
        cookie: bank,
        body: {
          type: 'phone',
          value: phone,
          label: 'our debt collector',
          reason: 'contracted',
          scope: 'local',
        },
      });
      expect(local.status).toBe(200);
    });

    it("changes the bank's lookups, single and batch, and says whose override decided", async () => {
      const own = await lookup(phone, bank);
      expect(own.body).toMatchObject({
        verdict: 'allowed',
        nationalVerdict: 'fraud',
        decidedBy: { scope: 'local', kind: 'allow', orgId: 'org_icbc' },
      });
      expect(own.body.reasons[0]).toContain('our debt collector');
      const batch = await s.call('POST', '/api/v1/lookup', { cookie: bank, body: { values: [phone] } });
      expect(batch.body.results[0]).toMatchObject({ verdict: 'allowed', nationalVerdict: 'fraud' });
    });

    it("leaves anonymous and other organisations' lookups national", async () => {
      for (const r of [await lookup(phone), await lookup(phone, police), await lookup(phone, regulator)]) {
        expect(r.body.verdict).toBe('fraud');
        expect(r.body.decidedBy).toBeUndefined();
        expect(r.body.nationalVerdict).toBeUndefined();
      }
      const batch = await s.call('POST', '/api/v1/lookup', { cookie: police, body: { values: [phone] } });
      expect(batch.body.results[0].verdict).toBe('fraud');
    });

    it("lets the bank's own proxy put the call through; every other proxy still blocks it", async () => {
      const q = `/api/v1/edge/call?from=${encodeURIComponent(phone)}&to=%2B8613900000002`;
      expect((await s.call('GET', q, { headers: BANK_EDGE })).body).toBe('pass');
      expect(String((await s.call('GET', q, { headers: NATIONAL_EDGE })).body)).toMatch(/^block/);
    });

    it("drops the number from the bank's block list only, and names it in the bank's allow list", async () => {
      const id = await idOf('phone', phone);
      const bankDelta = await download('block', BANK_EDGE, before.bank);
      expect(bankDelta.entries).toContainEqual({ op: 'remove', id });
      expect(added((await download('block', BANK_EDGE)).entries, id)).toBe(false);
      expect(added((await download('allow', BANK_EDGE)).entries, id)).toBe(true);
      expect(added((await download('block', NATIONAL_EDGE, before.national)).entries, id)).toBe(true);
      expect(added((await download('block', NATIONAL_EDGE)).entries, id)).toBe(true);
      expect(added((await download('allow', NATIONAL_EDGE)).entries, id)).toBe(false);
    });
  });

  it('holds a transfer to a fraud account for everyone but the bank that allowed it locally', async () => {
    const account = '6222020200998877665';
    expect(
      (
        await s.call('POST', '/api/v1/values/pin', {
          cookie: regulator,
          body: { type: 'bank', value: account, verdict: 'fraud', reason: 'mule account' },
        })
      ).status,
    ).toBe(200);
    const check = { payer: 'p-1', payee: { account }, amount: 100, channel: 'app' };
    const national = await s.call('POST', '/api/v1/transfers/check', { headers: NATIONAL_EDGE, body: check });
    expect(national.body.action).toBe('hold');
    await s.call('POST', '/api/v1/allow', {
      cookie: bank,
      body: { type: 'bank', value: account, label: 'escrow', reason: 'our own escrow', scope: 'local' },
    });
    expect((await s.call('POST', '/api/v1/transfers/check', { cookie: bank, body: check })).body.action).toBe(
      'allow',
    );
    expect(
      (await s.call('POST', '/api/v1/transfers/check', { headers: BANK_EDGE, body: check })).body.action,
    ).toBe('allow');
    expect(
      (await s.call('POST', '/api/v1/transfers/check', { headers: NATIONAL_EDGE, body: check })).body.action,
    ).toBe('hold');
    expect(
      (await s.call('POST', '/api/v1/transfers/check', { cookie: regulator, body: check })).body.action,
    ).toBe('hold');
  });

  it("makes the bank's URL check of a domain it pinned locally malicious, and only the bank's", async () => {
    const domain = 'loan-partner-portal.example';
    await s.call('POST', '/api/v1/values/pin', {
      cookie: bank,
      body: { type: 'domain', value: domain, verdict: 'fraud', reason: 'fake loans', scope: 'local' },
    });
    const own = await s.call('POST', '/api/v1/url/check', {
      cookie: bank,
      body: { url: `https://${domain}/apply` },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      verdict: 'malicious',
      decidedBy: { scope: 'local', kind: 'pin', orgId: 'org_icbc' },
    });
    const theirs = await s.call('POST', '/api/v1/url/check', {
      cookie: police,
      body: { url: `https://${domain}/apply` },
    });
    expect(theirs.body.verdict).toBe(own.body.nationalVerdict);
    expect(theirs.body.decidedBy).toBeUndefined();
    // The bank's own lookup of a URL on that domain falls back to its pin of the domain.
    expect((await lookup(`https://${domain}/apply`, bank)).body.verdict).toBe('fraud');
    expect((await lookup(`https://${domain}/apply`, police)).body.verdict).not.toBe('fraud');
  });

  it("counts the owner's private claim in the owner's lookup, list and proxy only", async () => {
    const phone = '+8613866660002';
    const w = await s.call('POST', '/api/v1/claims', {
      cookie: bank,
      body: {
        claims: [
          {
            type: 'phone',
            value: phone,
            verdict: 'fraud',
            confidence: 0.99,
            source: 'own-hotline',
            sharing: 'private',
          },
        ],
      },
    });
    expect(w.status).toBe(200);
    const own = await lookup(phone, bank);
    // One organisation is one source: its reliability caps the score (fraud or suspicious by the demo's).
    const verdict = own.body.verdict as string;
    expect(['fraud', 'suspicious']).toContain(verdict);
    const list = verdict === 'fraud' ? 'block' : 'warn';
    expect(own.body).toMatchObject({
      nationalVerdict: 'unknown',
      decidedBy: { scope: 'local', kind: 'score', orgId: 'org_icbc' },
    });
    for (const r of [await lookup(phone), await lookup(phone, police), await lookup(phone, regulator)])
      expect(r.body.verdict).toBe('unknown');
    const q = `/api/v1/edge/call?from=${encodeURIComponent(phone)}&to=%2B8613900000003`;
    expect((await s.call('GET', q, { headers: BANK_EDGE })).body).not.toBe('pass');
    expect((await s.call('GET', q, { headers: NATIONAL_EDGE })).body).toBe('pass');
    // The value is on the bank's copy of the list only; the regulator cannot find it to learn its id.
    const ownIds = (await download(list, BANK_EDGE)).entries.filter((e) => e.op === 'add').map((e) => e.id);
    const nationalIds = new Set(
      (await download(list, NATIONAL_EDGE)).entries.filter((e) => e.op === 'add').map((e) => e.id),
    );
    expect(ownIds.filter((id) => !nationalIds.has(id))).toHaveLength(1);
  });
});
