import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ClaimInput } from '../library/library.types.ts';
import { createStixValidator } from './federation.validate.ts';
import { PER_VALUE } from './federation.repository.ts';
import { scoOf, TLP, type StixObject } from './federation.stix.ts';

const validator = createStixValidator();
const invalidObjects = (bundle: StixObject): string[] =>
  (bundle.objects as unknown[]).flatMap((o, i) =>
    validator.check(o, i).map((p) => `${p.object} ${p.field} ${p.message}`),
  );

const CLAIMS: ClaimInput[] = [
  {
    type: 'phone',
    value: '+86 138 0013 8000',
    verdict: 'fraud',
    confidence: 0.9,
    source: 'feed',
    sharing: 'public',
    fraudType: 'fake_customer_service',
  },
  {
    type: 'bank',
    value: '6222020200112233445',
    verdict: 'fraud',
    confidence: 0.8,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'device',
    value: '35-209900-176148-1',
    verdict: 'suspicious',
    confidence: 0.6,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'app',
    value: 'com.fake.bank',
    verdict: 'fraud',
    confidence: 0.7,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'account',
    value: 'wechat:fake_officer_01',
    verdict: 'fraud',
    confidence: 0.7,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'subject',
    value: '11010519491231002X',
    verdict: 'fraud',
    confidence: 0.7,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'url',
    value: 'http://fake-bank.example/login',
    verdict: 'fraud',
    confidence: 0.9,
    source: 'feed',
    sharing: 'public',
  },
  {
    type: 'domain',
    value: 'fake-bank.example',
    verdict: 'fraud',
    confidence: 0.9,
    source: 'feed',
    sharing: 'public',
  },
  {
    type: 'ip',
    value: '203.0.113.7',
    verdict: 'suspicious',
    confidence: 0.5,
    source: 'feed',
    sharing: 'members',
  },
  {
    type: 'domain',
    value: 'icbc.com.cn',
    verdict: 'benign',
    confidence: 0.9,
    source: 'feed',
    sharing: 'public',
  },
  {
    type: 'phone',
    value: '+8613900139000',
    verdict: 'fraud',
    confidence: 0.9,
    source: 'feed',
    sharing: 'private',
  },
];

describeEachDatabase('federation: STIX 2.1 both ways', (dialect) => {
  let a: TestContainer;
  let b: TestContainer;
  let analystA: Actor;
  let analystB: Actor;
  let exported: StixObject;

  beforeAll(async () => {
    a = await createTestContainer(dialect);
    b = await createTestContainer(dialect, { FANZHA_INSTANCE: 'province-b' });
    analystA = await a.org('org_prov_a', 'regulator');
    analystB = await b.org('org_prov_b', 'regulator');
    const r = await a.c.library.submitClaims(analystA, CLAIMS, [
      {
        from: { type: 'phone', value: '+8613800138000' },
        to: { type: 'bank', value: '6222020200112233445' },
        kind: 'pays_to',
      },
    ]);
    expect(r.rejected).toEqual([]);
    await a.c.library.addSighting(analystA, 'phone', '+8613800138000', 'seen', null, 'edge');
    exported = await a.c.federation.bundle(analystA, { audience: 'members' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('writes every object valid against the OASIS schemas and the extension schemas', () => {
    expect(invalidObjects(exported)).toEqual([]);
    const types = new Set((exported.objects as StixObject[]).map((o) => o.type));
    for (const t of [
      'extension-definition',
      'identity',
      'indicator',
      'opinion',
      'sighting',
      'relationship',
      'x-fanzha-phone',
      'x-fanzha-bank-account',
      'x-fanzha-device',
      'x-fanzha-app',
      'x-fanzha-handle',
      'x-fanzha-subject',
      'url',
      'domain-name',
      'ipv4-addr',
    ])
      expect([t, types.has(t)]).toEqual([t, true]);
  });

  it('gives one value one id, carries subjects only as pseudonyms and never exports a private claim', () => {
    const ids = (exported.objects as StixObject[]).map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(scoOf('phone', '+8613800138000').id);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('11010519491231002X');
    expect(text).toMatch(/"value":"person:[0-9a-f]{32}"/);
    expect(text).not.toContain('+8613900139000');
    const phone = (exported.objects as StixObject[]).find(
      (o) => o.type === 'indicator' && String(o.pattern).includes('+8613800138000'),
    );
    expect(phone).toMatchObject({ confidence: 90, object_marking_refs: [TLP.clear] });
    expect(phone?.created_by_ref).toMatch(/^identity--/);
  });

  it('reads its own export back into another instance: same values, verdicts, links and sightings', async () => {
    const r = await b.c.federation.importBundle(analystB, exported);
    expect(r).toMatchObject({ claims: 10, links: 1, sightings: 1 });
    const phone = await b.c.library.details(analystB, 'phone', '+8613800138000');
    expect(phone.claims).toHaveLength(1);
    expect(phone.claims[0]).toMatchObject({
      verdict: 'fraud',
      fraudType: 'fake_customer_service',
      sharing: 'public',
    });
    expect(phone.links.map((l) => l.kind)).toEqual(['pays_to']);
    expect(phone.sightings.map((s) => s.kind)).toEqual(['seen']);
    const subject = await b.c.library.details(analystB, 'subject', '11010519491231002X');
    expect(subject.claims).toHaveLength(1);
    const benign = await b.c.library.details(analystB, 'domain', 'icbc.com.cn');
    expect(benign.claims[0]?.verdict).toBe('benign');
    // The same bundle again changes nothing: claims are unique per value, organisation and source.
    await b.c.federation.importBundle(analystB, exported);
    const twice = await b.c.library.details(analystB, 'phone', '+8613800138000');
    expect(twice.claims).toHaveLength(1);
    // A sighting keeps the time it was made at its origin, so reading it again records nothing new.
    expect(twice.sightings).toHaveLength(1);
    const again = await b.c.federation.bundle(analystB, { audience: 'members' });
    expect(invalidObjects(again)).toEqual([]);
  });

  it('refuses a bundle that fails the schemas with the object and field, writing none of it', async () => {
    const objects = (exported.objects as StixObject[]).map((o) => ({ ...o }));
    const bad = objects.find(
      (o) => o.type === 'indicator' && String(o.pattern).includes('fake-bank.example'),
    );
    if (!bad) throw new Error('no domain indicator');
    bad.confidence = 140;
    const fresh = await createTestContainer(dialect);
    try {
      const actor = await fresh.org('org_prov_c', 'regulator');
      await expect(fresh.c.federation.importBundle(actor, { ...exported, objects })).rejects.toMatchObject({
        code: 'invalid_input',
        field: `objects[${bad.id}].confidence`,
      });
      expect(await fresh.c.library.counts()).toMatchObject({ resources: 0, claims: 0 });
      const badPhone = (exported.objects as StixObject[]).map((o) =>
        o.type === 'x-fanzha-phone' ? { ...o, value: 'not a number' } : o,
      );
      await expect(
        fresh.c.federation.importBundle(actor, { ...exported, objects: badPhone }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        field: expect.stringMatching(/^objects\[x-fanzha-phone--.*\]\.value$/),
      });
      await expect(
        fresh.c.federation.importBundle(actor, { ...exported, id: 'bundle--nope' }),
      ).rejects.toMatchObject({ field: 'id' });
    } finally {
      await fresh.close();
    }
  });

  it('ends a page before it holds more objects than a bundle may, and sends a value its newest sightings', async () => {
    const value = '+8613800138000';
    for (let i = 0; i < PER_VALUE + 5; i++)
      await a.c.library.addSighting(analystA, 'phone', value, 'seen', null, `edge-${i}`);
    const whole = await a.c.federation.page({ audience: 'members', limit: 1000 });
    const sightings = whole.objects.filter((o) => o.type === 'sighting');
    expect(sightings).toHaveLength(PER_VALUE);
    // The oldest sighting (the one made first, from the `edge` source) is past the newest hundred.
    expect(JSON.stringify(sightings)).not.toContain('"source":"edge"');
    // A small budget: every page stays within it unless one claim alone brings more, and paging
    // through reads every claim once.
    const claimIds = (p: { objects: StixObject[] }) =>
      p.objects.filter((o) => o.type === 'indicator' || o.type === 'opinion').map((o) => o.id);
    const read: string[] = [];
    let after: { updatedAt: number; id: number } | undefined;
    let pages = 0;
    for (;;) {
      const p = await a.c.federation.page(
        { audience: 'members', limit: 1000, ...(after ? { after } : {}) },
        12,
      );
      pages++;
      const claims = claimIds(p);
      if (claims.length > 1) expect(p.objects.length).toBeLessThanOrEqual(12);
      read.push(...claims);
      if (!p.next) break;
      after = p.next;
    }
    expect(pages).toBeGreaterThan(2);
    expect(read.sort()).toEqual(claimIds(whole).sort());
  });

  it("writes a bundle whole with the caller's transaction: a failure there leaves no claim, sighting or decision", async () => {
    await a.c.library.pin(analystA, 'phone', '+8613700000077', 'fraud', 'known scam line', false);
    const decisions = await a.c.federation.authorityPage(0, 100);
    const bundle = {
      ...exported,
      objects: [...(exported.objects as StixObject[]), ...decisions.objects],
    };
    const fresh = await createTestContainer(dialect, { FANZHA_INSTANCE: 'province-c' });
    try {
      const actor = await fresh.org('org_prov_c', 'regulator');
      const trust = { confirmations: true, authority: true, by: 'federation:a', revokes: 'any' as const };
      await expect(
        fresh.c.federation.importBundle(actor, bundle, {
          trust,
          inTransaction: () => Promise.reject(new Error('the process died here')),
        }),
      ).rejects.toThrow('the process died here');
      expect(await fresh.c.library.counts()).toMatchObject({ resources: 0, claims: 0 });
      const r = await fresh.c.federation.importBundle(actor, bundle, { trust });
      expect(r.authority).toBe(1);
      const pinned = await fresh.c.library.details(actor, 'phone', '+8613700000077');
      expect(pinned.resource.pin).toMatchObject({ verdict: 'fraud', by: 'federation:a' });
      expect((await fresh.c.library.details(actor, 'phone', '+8613800138000')).sightings).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it("withdraws what a plain STIX producer revokes: the importing organisation's claim from that source", async () => {
    const indicator = (revoked: boolean, modified: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2026-12-01T00:00:00.000Z',
      modified,
      pattern: "[domain-name:value = 'plain-producer.example']",
      pattern_type: 'stix',
      valid_from: '2026-12-01T00:00:00.000Z',
      indicator_types: ['malicious-activity'],
      object_marking_refs: [TLP.green],
      ...(revoked ? { revoked: true } : {}),
    });
    const bundle = (o: object, id: string) => ({ type: 'bundle', id, objects: [o] });
    await b.c.federation.importBundle(
      analystB,
      bundle(indicator(false, '2026-12-01T00:00:00.000Z'), 'bundle--5e0d1f53-8e57-4a43-a2a4-1c0a8f1b1e01'),
    );
    const before = await b.c.library.details(analystB, 'domain', 'plain-producer.example');
    expect(before.claims.map((c) => [c.orgId, c.source])).toEqual([['org_prov_b', 'stix:bundle']]);
    const r = await b.c.federation.importBundle(
      analystB,
      bundle(indicator(true, '2026-12-02T00:00:00.000Z'), 'bundle--5e0d1f53-8e57-4a43-a2a4-1c0a8f1b1e02'),
    );
    expect(r.revoked).toBe(1);
    const after = await b.c.library.details(analystB, 'domain', 'plain-producer.example');
    expect(after.claims.filter((c) => c.withdrawnAt === null)).toEqual([]);
  });

  it('sends a lifted pin as the same object, revoked, and a pin made again as a new one', async () => {
    const value = '+8613700000088';
    const pinOf = async (after: number) =>
      (await a.c.federation.authorityPage(after, 1000)).objects.filter((o) =>
        JSON.stringify(o.pattern ?? '').includes(value),
      );
    const start = a.clock.now().getTime() - 1;
    await a.c.library.pin(analystA, 'phone', value, 'fraud', 'scam line', false);
    const [pin] = await pinOf(start);
    expect(pin).toMatchObject({ type: 'indicator' });
    expect(pin?.revoked).toBeUndefined();
    a.clock.advance(60_000);
    await a.c.library.unpin(analystA, 'phone', value, 'pinned in error');
    const lifted = (await pinOf(start)).filter((o) => o.revoked === true);
    expect(lifted).toHaveLength(1);
    expect(lifted[0]).toMatchObject({ id: pin?.id, type: 'indicator', created: pin?.created, revoked: true });
    a.clock.advance(60_000);
    await a.c.library.pin(analystA, 'phone', value, 'suspicious', 'seen again', false);
    const again = (await pinOf(start)).filter((o) => o.revoked !== true);
    expect(again).toHaveLength(1);
    expect(again[0]?.id).not.toBe(pin?.id);
    expect(invalidObjects({ type: 'bundle', id: 'bundle--1', objects: [...lifted, ...again] })).toEqual([]);
  });
});
