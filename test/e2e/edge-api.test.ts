/**
 * The edge endpoints through the real HTTP API on both databases: the SMS hook replaying recorded
 * traffic, the payee check, warnings delivered to a real webhook (signed, deduplicated, rate-limited,
 * retried). List distribution is in edge-lists.test.ts.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/shared/actor.ts';
import { normalizeValue } from '../../src/modules/library/normalize/index.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const EDGE_KEY = 'edge-api-key-0123456789';
const KEY = { 'x-fanzha-edge-key': EDGE_KEY };
const TRAFFIC = join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'modules',
  'edge',
  'fixtures',
  'sms-traffic.jsonl',
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Received {
  readonly body: string;
  readonly signature: string;
}

describeEachDatabase('edge API', (dialect) => {
  let s: TestServer;
  let admin: string;
  let bank: string;
  let hook: Server;
  let hookUrl = '';
  const received: Received[] = [];
  let failNext = 1;

  beforeAll(async () => {
    s = await startTestServer(dialect, {
      demo: true,
      env: { FANZHA_EDGE_KEYS: EDGE_KEY, FANZHA_DEMO_SAMPLE: '20' },
    });
    admin = await s.login('admin');
    bank = await s.login('bank');
    const { library } = s.server.container;
    await library.submitClaims(SYSTEM_ACTOR, [
      {
        type: 'phone',
        value: '13912345678',
        verdict: 'fraud',
        fraudType: 'fake_customer_service',
        confidence: 0.95,
        source: 'test',
      },
      {
        type: 'domain',
        value: 'example-fraud.top',
        verdict: 'fraud',
        fraudType: 'fake_shopping_service',
        confidence: 0.95,
        source: 'test',
      },
      {
        type: 'bank',
        value: '6222021234567890128',
        verdict: 'fraud',
        fraudType: 'fake_investment',
        confidence: 0.95,
        source: 'test',
      },
    ]);
    for (const [type, value] of [
      ['phone', '13912345678'],
      ['domain', 'example-fraud.top'],
      ['bank', '6222021234567890128'],
    ] as const)
      await library.transition(SYSTEM_ACTOR, type, value, 'confirmed', 'seeded');
    for (const [type, value] of [
      ['account', 'qq:2834918234'],
      ['phone', '13700009999'],
      ['bank', '6222029876543210'],
      ['phone', '13700008888'],
    ] as const)
      await library.pin(SYSTEM_ACTOR, type, value, 'suspicious', 'seeded', false);
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (failNext-- > 0) return void res.writeHead(500).end();
        received.push({ body, signature: String(req.headers['x-fanzha-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const address = hook.address();
    hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/warnings`;
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await new Promise((r) => hook?.close(r));
  });

  it('SMS hook: replays recorded traffic with the expected deliver / warn / block, in a few milliseconds', async () => {
    const lines = readFileSync(TRAFFIC, 'utf8').split('\n').filter(Boolean);
    const times: number[] = [];
    // Warm the classifier and the route (first calls compile), then time a second pass.
    const messages = lines.map((line) => {
      const m: unknown = JSON.parse(line);
      if (typeof m !== 'object' || m === null || !('expect' in m) || !('why' in m))
        throw new Error('bad fixture line');
      const { expect: want, why, ...message } = m;
      return { want, why, message };
    });
    for (const { message } of messages)
      await s.call('POST', '/api/v1/edge/sms', {
        headers: KEY,
        body: { ...message, receiver: '13500009999' },
      });
    for (const { want, why, message } of messages) {
      const t0 = performance.now();
      const r = await s.call('POST', '/api/v1/edge/sms', { headers: KEY, body: message });
      times.push(performance.now() - t0);
      expect(r.status).toBe(200);
      const got = `${String(why)}: ${JSON.stringify(r.body)}`;
      if (want === 'warn') expect(['warn', 'block'], got).toContain(r.body.action);
      else expect(r.body.action, got).toBe(want);
      if ('reason' in message) expect(r.body.reasons.join(' | '), got).toContain(String(message.reason));
      if (want !== 'deliver') expect(r.body.reasons.length).toBeGreaterThan(0);
    }
    times.sort((a, b) => a - b);
    // A loose bound for a shared CI machine; npm run bench:edge measures the real latency.
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(50);
    expect(
      (
        await s.call('POST', '/api/v1/edge/sms', {
          headers: { 'x-fanzha-edge-key': 'wrong-key' },
          body: { sender: '1', receiver: '2', text: 'x' },
        })
      ).status,
    ).toBe(401);
    expect(
      (await s.call('POST', '/api/v1/edge/sms', { body: { sender: '1', receiver: '2', text: 'x' } })).status,
    ).toBe(401);
    // The key may also come as the password of Basic credentials (what Kamailio's named connections send).
    const basic = (key: string) => ({
      authorization: `Basic ${Buffer.from(`edge:${key}`).toString('base64')}`,
    });
    const viaBasic = await s.call('GET', '/api/v1/edge/call?from=13500000001&to=13500000002', {
      headers: basic(EDGE_KEY),
    });
    expect([viaBasic.status, viaBasic.body]).toEqual([200, 'pass']);
    expect(
      (await s.call('GET', '/api/v1/edge/call?from=1&to=2', { headers: basic('wrong-key-0123456789') }))
        .status,
    ).toBe(401);

    // Blocked messages are fed into the library (within 5 s) for campaign mining.
    const { library, normalize } = s.server.container;
    const n = normalizeValue('sms', '亲，你的订单有问题，回电处理一下。', normalize);
    if (!n.ok) throw new Error(n.error.message);
    let stored = await library.findResource('sms', n.value.normalized);
    for (let i = 0; i < 40 && !stored; i++) {
      await sleep(200);
      stored = await library.findResource('sms', n.value.normalized);
    }
    expect(stored?.type).toBe('sms');
  }, 30_000);

  it('payee check: holds fraud accounts, warns on suspicious ones, holds large warned transfers, names the reasons', async () => {
    const check = (account: string, amount: number, extra: Record<string, unknown> = {}) =>
      s.call('POST', '/api/v1/transfers/check', {
        cookie: bank,
        body: { payer: '6212260000000001', payee: { account, ...extra }, amount, channel: 'mobile_app' },
      });
    const fraud = await check('6222 0212 3456 7890 128', 500);
    expect(fraud.body).toMatchObject({ action: 'hold', fraudType: 'fake_investment' });
    expect(fraud.body.reasons[0]).toContain('payee bank');
    expect((await check('6222029876543210', 500)).body.action).toBe('warn');
    const large = await check('6222029876543210', 80_000);
    expect(large.body.action).toBe('hold');
    expect(large.body.reasons.join(' ')).toContain('80000');
    expect((await check('6217000000000000011', 500)).body).toEqual({ action: 'allow', reasons: [] });
    expect((await check('6217000000000000011', 500, { phone: '13700008888' })).body.action).toBe('warn');
    // A holder on the joint-punishment list (sold bank cards: five years without non-counter banking).
    await s.server.container.collaboration.credit.add(SYSTEM_ACTOR, {
      subject: '11010519491231002X',
      measure: 'no_non_counter_banking',
      reason: 'sold bank cards',
    });
    const listed = await check('6217000000000000011', 500, { holder: '11010519491231002X' });
    expect(listed.body).toMatchObject({ action: 'hold' });
    expect(listed.body.reasons.join(' ')).toContain('joint-punishment');
    expect((await check('6217000000000000011', 500, { holder: '110105198001010016' })).body.action).toBe(
      'allow',
    );
    const viewer = await s.login('reporter');
    expect(
      (
        await s.call('POST', '/api/v1/transfers/check', {
          cookie: viewer,
          body: { payer: 'x', payee: { account: '6217000000000000011' }, amount: 1, channel: 'app' },
        })
      ).status,
    ).toBe(403);
  });

  it('warnings: suspicious calls become signed webhook deliveries, deduplicated, rate-limited per person, retried, scored', async () => {
    const secret = 'webhook-secret-0123456789';
    expect(
      (
        await s.call('PUT', '/api/v1/edge/warnings/webhook', {
          cookie: admin,
          body: { url: hookUrl, secret },
        })
      ).status,
    ).toBe(200);
    const call = (from: string, to: string, group?: string) =>
      s.call('GET', `/api/v1/edge/call?from=${from}&to=${to}${group ? `&group=${group}` : ''}`, {
        headers: KEY,
      });
    // The same suspicious caller three times: one warning.
    for (let i = 0; i < 3; i++) expect((await call('13700009999', '13500003001')).body).toMatch(/^warn;/);
    // Five different suspicious counterparts to one subscriber: three sent, two suppressed (general: 3 per day).
    const { library } = s.server.container;
    const others = ['13700007001', '13700007002', '13700007003', '13700007004'];
    for (const o of others) await library.pin(SYSTEM_ACTOR, 'phone', o, 'suspicious', 'seeded', false);
    for (const o of ['13700009999', ...others]) await call(o, '13500003002');
    // An elderly subscriber is called back.
    await call('13700009999', '13500003003', 'elderly');
    // A subscriber who just talked to a fraud number.
    const done = await s.call('POST', '/api/v1/edge/calls/completed', {
      headers: KEY,
      body: { caller: '13912345678', callee: '13500003004' },
    });
    expect(done.body).toEqual({ warned: true });

    const mine = () =>
      received
        .map(
          (r) =>
            JSON.parse(r.body) as { id: number; subscriber: string; deliveries: string[]; trigger: string },
        )
        .filter((b) => b.subscriber.startsWith('+86135000030'));
    const deadline = Date.now() + 15_000;
    while (mine().length < 6 && Date.now() < deadline) await sleep(200);
    await sleep(1500);
    expect(mine()).toHaveLength(6);
    for (const r of received) {
      const [t, v1] = r.signature.split(',');
      const ts = t?.slice(2) ?? '';
      expect(v1).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`);
    }
    const bodies = mine();
    expect(bodies.filter((b) => b.subscriber === '+8613500003001')).toHaveLength(1);
    expect(bodies.filter((b) => b.subscriber === '+8613500003002')).toHaveLength(3);
    expect(bodies.find((b) => b.subscriber === '+8613500003003')?.deliveries).toEqual(['callback', 'sms']);
    expect(bodies.find((b) => b.subscriber === '+8613500003004')?.trigger).toBe('talked_to_fraud');

    const listed = await s.call('GET', '/api/v1/edge/warnings?subscriber=13500003002', { cookie: admin });
    expect(listed.body.items.map((w: { status: string }) => w.status).sort()).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'suppressed',
      'suppressed',
    ]);
    // The receiver refused the very first delivery: that warning goes through on its second attempt.
    const all = () => s.call('GET', '/api/v1/edge/warnings?limit=1000', { cookie: admin });
    let delivered = await all();
    while (
      delivered.body.items.some((w: { status: string }) => w.status === 'pending') &&
      Date.now() < deadline + 10_000
    ) {
      await sleep(200);
      delivered = await all();
    }
    expect(
      delivered.body.items.filter((w: { attempts: number }) => w.attempts === 2),
      JSON.stringify(
        delivered.body.items.map((w: { id: number; attempts: number; status: string; lastError: string }) => [
          w.id,
          w.attempts,
          w.status,
          w.lastError,
        ]),
      ),
    ).toHaveLength(1);
    const [first, second] = bodies;
    expect(
      (
        await s.call('POST', `/api/v1/edge/warnings/${first?.id ?? 0}/feedback`, {
          headers: KEY,
          body: { accurate: true },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await s.call('POST', `/api/v1/edge/warnings/${second?.id ?? 0}/feedback`, {
          headers: KEY,
          body: { accurate: false },
        })
      ).status,
    ).toBe(200);
    const acc = await s.call('GET', '/api/v1/edge/warnings/accuracy', { cookie: admin });
    // Every delivery the receiver acknowledged (the SMS hook's warnings too) is counted as delivered.
    expect(acc.body).toMatchObject({
      delivered: received.length,
      suppressed: 2,
      failed: 0,
      withFeedback: 2,
      accurate: 1,
      accuracy: 0.5,
    });
  }, 30_000);
});
