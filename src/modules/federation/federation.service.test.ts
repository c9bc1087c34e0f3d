import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ClaimInput } from '../library/library.types.ts';
import { createStixValidator } from './federation.validate.ts';
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
    expect((await b.c.library.details(analystB, 'phone', '+8613800138000')).claims).toHaveLength(1);
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
});
