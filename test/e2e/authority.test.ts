/**
 * Who may change a verdict others act on, and who may see what, through the real HTTP API on both
 * databases. Each attack by a member organisation on the national lists is refused (403) and, tried as
 * a local override instead, changes only that organisation's own view. Values and details known through
 * another organisation's private claims stay out of every other organisation's answers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const EDGE_KEY = 'authority-edge-key-0123456789';
const EDGE = { 'x-fanzha-edge-key': EDGE_KEY };

describeEachDatabase('authority and confidentiality', (dialect) => {
  let s: TestServer;
  let regulator: string;
  let bank: string;
  let operator: string;
  let police: string;

  const lookup = async (type: string, value: string) =>
    (await s.call('GET', `/api/v1/lookup?type=${type}&value=${encodeURIComponent(value)}`)).body.verdict;
  const values = (cookie: string, type: string, value: string) =>
    s.call('GET', `/api/v1/values?type=${type}&value=${encodeURIComponent(value)}`, { cookie });
  /** Every action in the audit log as the regulator reads it, page by page (the demo writes thousands). */
  const auditActions = async (): Promise<string[]> => {
    const actions: string[] = [];
    for (let after = 0; ;) {
      const page = await s.call('GET', `/api/v1/audit?after=${after}&limit=1000`, { cookie: regulator });
      const items = page.body.items as Array<{ seq: number; action: string }>;
      if (items.length === 0) return actions;
      for (const e of items) actions.push(e.action);
      after = items[items.length - 1]?.seq ?? after;
    }
  };

  beforeAll(async () => {
    s = await startTestServer(dialect, {
      demo: true,
      env: { FANZHA_EDGE_KEYS: EDGE_KEY, FANZHA_DEMO_SAMPLE: '10' },
    });
    regulator = await s.login('analyst');
    bank = await s.login('bank');
    operator = await s.login('operator');
    police = await s.login('police');
  }, 120_000);
  afterAll(async () => s.close());

  it('refuses a bank pinning a fraud domain allowed nationally; its local pin changes only its view', async () => {
    const pinned = await s.call('POST', '/api/v1/values/pin', {
      cookie: regulator,
      body: { type: 'domain', value: 'pay-refund-desk.example', verdict: 'fraud', reason: 'phishing kit' },
    });
    expect(pinned.status).toBe(200);
    const attack = {
      type: 'domain',
      value: 'pay-refund-desk.example',
      verdict: 'allowed',
      reason: 'our partner',
      overridesAllow: true,
    };
    const refused = await s.call('POST', '/api/v1/values/pin', { cookie: bank, body: attack });
    expect(refused.status).toBe(403);
    expect(await lookup('domain', 'pay-refund-desk.example')).toBe('fraud');

    const local = await s.call('POST', '/api/v1/values/pin', {
      cookie: bank,
      body: { ...attack, scope: 'local' },
    });
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({ scope: 'local', orgId: 'org_icbc', verdict: 'allowed' });
    expect(await lookup('domain', 'pay-refund-desk.example')).toBe('fraud');
    const own = await values(bank, 'domain', 'pay-refund-desk.example');
    expect(own.body.explanation).toMatchObject({
      verdict: 'allowed',
      nationalVerdict: 'fraud',
      decidedBy: { scope: 'local', kind: 'pin', orgId: 'org_icbc' },
    });
    const theirs = await values(police, 'domain', 'pay-refund-desk.example');
    expect(theirs.body.explanation).toMatchObject({
      verdict: 'fraud',
      decidedBy: { scope: 'national', kind: 'pin' },
    });
    // The bank's local change is in its own history, not in the police's.
    expect(JSON.stringify(theirs.body.history)).not.toContain('our partner');
  });

  it('refuses a bank allow-listing a listed scam host nationally; locally it changes only its view', async () => {
    await s.call('POST', '/api/v1/claims', {
      cookie: police,
      body: {
        claims: [
          {
            type: 'domain',
            value: 'scam-host.example',
            verdict: 'fraud',
            confidence: 0.99,
            source: 'case',
            sharing: 'public',
          },
        ],
      },
    });
    const listed = await lookup('domain', 'scam-host.example');
    expect(['fraud', 'suspicious']).toContain(listed);
    const attack = { type: 'domain', value: 'scam-host.example', label: 'ours', reason: 'trust me' };
    expect((await s.call('POST', '/api/v1/allow', { cookie: bank, body: attack })).status).toBe(403);
    expect(await lookup('domain', 'scam-host.example')).toBe(listed);
    const local = await s.call('POST', '/api/v1/allow', {
      cookie: bank,
      body: { ...attack, scope: 'local' },
    });
    expect(local.status).toBe(200);
    expect(await lookup('domain', 'scam-host.example')).toBe(listed);
    const own = await values(bank, 'domain', 'scam-host.example');
    expect(own.body.explanation.decidedBy).toEqual({ scope: 'local', kind: 'allow', orgId: 'org_icbc' });
    const list = await s.call('GET', '/api/v1/overrides', { cookie: bank });
    expect(list.body.items.map((o: { normalized: string }) => o.normalized)).toContain('scam-host.example');
    expect((await s.call('GET', '/api/v1/overrides', { cookie: police })).body.items).toEqual([]);
  });

  it('refuses an operator unpinning the regulator’s fraud pin: the switch still blocks the call', async () => {
    await s.call('POST', '/api/v1/values/pin', {
      cookie: regulator,
      body: { type: 'phone', value: '+8613812340000', verdict: 'fraud', reason: 'impersonation ring' },
    });
    const call = () =>
      s.call('GET', '/api/v1/edge/call?from=%2B8613812340000&to=%2B8613900000001', { headers: EDGE });
    expect((await call()).body).toMatch(/^block;/);
    const unpin = await s.call('POST', '/api/v1/values/unpin', {
      cookie: operator,
      body: { type: 'phone', value: '+8613812340000', reason: 'customer complained' },
    });
    expect(unpin.status).toBe(403);
    expect((await call()).body).toMatch(/^block;/);
  });

  it('lets an operator pin nationally only inside a number block the regulator delegated to it', async () => {
    const pin = (value: string) =>
      s.call('POST', '/api/v1/values/pin', {
        cookie: operator,
        body: { type: 'phone', value, verdict: 'fraud', reason: 'our own subscriber, confirmed' },
      });
    expect((await pin('+8613711110000')).status).toBe(403);
    const bankGrant = await s.call('POST', '/api/v1/authority/grants', {
      cookie: bank,
      body: { orgId: 'org_icbc', kind: 'phone_prefix', pattern: '+86137', reason: 'self-service' },
    });
    expect(bankGrant.status).toBe(403);
    const granted = await s.call('POST', '/api/v1/authority/grants', {
      cookie: regulator,
      body: { orgId: 'org_cmcc', kind: 'phone_prefix', pattern: '+86137', reason: 'CMCC number block' },
    });
    expect(granted.status).toBe(201);
    expect((await pin('+8613711110000')).status).toBe(200);
    expect((await pin('+8613611110000')).status).toBe(403);
    expect(await lookup('phone', '+8613711110000')).toBe('fraud');
    const bad = await s.call('POST', '/api/v1/authority/grants', {
      cookie: regulator,
      body: { orgId: 'org_cmcc', kind: 'phone_prefix', pattern: '137', reason: 'x' },
    });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'pattern']);
    const revoked = await s.call('DELETE', `/api/v1/authority/grants/${granted.body.id}?reason=ended`, {
      cookie: regulator,
    });
    expect(revoked.status).toBe(204);
    expect((await pin('+8613711110001')).status).toBe(403);
    const actions = await auditActions();
    expect(actions).toContain('authority.grant');
    expect(actions).toContain('authority.revoke');
  });

  it('refuses the police deleting the regulator’s allow-list entry', async () => {
    const del = await s.call('DELETE', '/api/v1/allow?type=domain&value=alipay.com&reason=mistake', {
      cookie: police,
    });
    expect(del.status).toBe(403);
    const list = await s.call('GET', '/api/v1/allow?type=domain&limit=1000', { cookie: police });
    expect(list.body.items.map((e: { normalized: string }) => e.normalized)).toContain('alipay.com');
    expect(await lookup('domain', 'alipay.com')).toBe('allowed');
  });

  it('refuses a bank editing the brand alipay; the brand’s owner may once the regulator delegates it', async () => {
    const before = await s.call('GET', '/api/v1/brands/alipay', { cookie: bank });
    expect(before.status).toBe(200);
    const { id: _id, ...body } = before.body;
    const edited = { ...body, officialDomains: [...body.officialDomains, 'alipay-refund.example'] };
    expect((await s.call('PUT', '/api/v1/brands/alipay', { cookie: bank, body: edited })).status).toBe(403);
    const after = await s.call('GET', '/api/v1/brands/alipay', { cookie: bank });
    expect(after.body.officialDomains).not.toContain('alipay-refund.example');
    const check = await s.call('POST', '/api/v1/url/check', {
      cookie: bank,
      body: { url: 'https://alipay-refund.example/login' },
    });
    expect(check.body.verdict).not.toBe('benign');

    await s.call('POST', '/api/v1/authority/grants', {
      cookie: regulator,
      body: { orgId: 'org_tencent', kind: 'brand', pattern: 'alipay', reason: 'brand owner, verified' },
    });
    const platform = await s.login('platform');
    const owner = { ...body, names: [...body.names] };
    expect((await s.call('PUT', '/api/v1/brands/alipay', { cookie: platform, body: owner })).status).toBe(
      200,
    );
    expect(await auditActions()).toContain('brand.update');
  });

  it('refuses every member but the regulator’s analysts comparing or changing the verdict thresholds', async () => {
    const proposed = { fraud: 0.2, suspicious: 0.1 };
    for (const cookie of [bank, operator, police]) {
      expect((await s.call('GET', '/api/v1/settings/thresholds', { cookie })).status).toBe(200);
      const shadow = await s.call('POST', '/api/v1/settings/thresholds/shadow', { cookie, body: proposed });
      expect(shadow.status).toBe(403);
      const put = await s.call('PUT', '/api/v1/settings/thresholds', {
        cookie,
        body: { ...proposed, reason: 'block everything' },
      });
      expect(put.status).toBe(403);
    }
    const held = await s.call('GET', '/api/v1/settings/thresholds', { cookie: regulator });
    expect(held.body.thresholds).toEqual({ fraud: 0.75, suspicious: 0.4 });
    expect(await auditActions()).not.toContain('thresholds.write');
    expect(
      (await s.call('POST', '/api/v1/settings/thresholds/shadow', { cookie: regulator, body: proposed }))
        .status,
    ).toBe(200);
  });

  it('keeps a value known only through another organisation’s private claims out of its answers', async () => {
    const account = '6222020200112233445';
    const w = await s.call('POST', '/api/v1/claims', {
      cookie: bank,
      body: {
        claims: [
          {
            type: 'bank',
            value: account,
            verdict: 'fraud',
            confidence: 0.95,
            source: 'mule-review',
            sharing: 'private',
            evidence: { note: 'mule seen in branch 12' },
            attributes: { holderHint: 'Zhang' },
          },
        ],
        links: [
          {
            from: { type: 'bank', value: account },
            to: { type: 'phone', value: '+8613599990000' },
            kind: 'same_owner',
            evidence: { kyc: 'branch 12 file' },
          },
        ],
      },
    });
    expect(w.status).toBe(200);
    await s.call('POST', '/api/v1/values/sightings', {
      cookie: bank,
      body: { type: 'bank', value: account, kind: 'seen', note: 'teller saw him again' },
    });
    for (const cookie of [operator, police, regulator]) {
      expect((await values(cookie, 'bank', account)).status).toBe(404);
      const found = await s.call('GET', `/api/v1/search?q=${account}`, { cookie });
      expect(JSON.stringify(found.body)).not.toContain(account);
      const sighting = await s.call('POST', '/api/v1/values/sightings', {
        cookie,
        body: { type: 'bank', value: account, kind: 'seen' },
      });
      expect(sighting.status).toBe(404);
    }
    // The owner sees it, counts its private claim, and keeps the attributes on its claim.
    const own = await values(bank, 'bank', account);
    expect(own.status).toBe(200);
    expect(own.body.explanation.verdict).not.toBe('unknown');
    expect(own.body.claims[0].evidence).toMatchObject({ attributes: { holderHint: 'Zhang' } });
    expect(own.body.resource.attributes.holderHint).toBeUndefined();
    expect(
      JSON.stringify((await s.call('GET', `/api/v1/search?q=${account}`, { cookie: bank })).body),
    ).toContain(account);
  });

  it('filters attributes, sighting notes, link evidence and history by what they came from', async () => {
    const phone = '+8613588887777';
    await s.call('POST', '/api/v1/claims', {
      cookie: police,
      body: {
        claims: [{ type: 'phone', value: phone, verdict: 'fraud', confidence: 0.9, source: 'case' }],
      },
    });
    await s.call('POST', '/api/v1/claims', {
      cookie: bank,
      body: {
        claims: [
          {
            type: 'phone',
            value: phone,
            verdict: 'fraud',
            confidence: 0.9,
            source: 'kyc',
            sharing: 'private',
            evidence: { customer: 'C-1029' },
            attributes: { accountHolder: 'Li' },
          },
        ],
        links: [
          {
            from: { type: 'phone', value: phone },
            to: { type: 'phone', value: '+8613588880000' },
            kind: 'same_device',
            evidence: { device: 'imei-secret' },
          },
        ],
      },
    });
    await s.call('POST', '/api/v1/values/sightings', {
      cookie: bank,
      body: { type: 'phone', value: phone, kind: 'seen', note: 'customer C-1029 called' },
    });
    const theirs = await values(operator, 'phone', phone);
    expect(theirs.status).toBe(200);
    const text = JSON.stringify(theirs.body);
    for (const secret of ['C-1029', 'accountHolder', 'imei-secret', 'customer C-1029 called'])
      expect(text).not.toContain(secret);
    const own = JSON.stringify((await values(bank, 'phone', phone)).body);
    for (const secret of ['C-1029', 'imei-secret', 'customer C-1029 called']) expect(own).toContain(secret);
  });
});
