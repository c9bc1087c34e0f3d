/**
 * Sync between two real instances over HTTP: a national server (its own database and process role) and
 * a province container pulling from and pushing to it. And a peer that answers wrongly: a small HTTP
 * server of the test's own, the adversary here, whose broken answers must end in the peer's status and
 * never in a half-written import.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { SYSTEM_ACTOR, type Actor } from '../../shared/actor.ts';
import { uuidV5 } from '../library/io/stix.ts';
import { CLAIM_EXTENSION, claimObject, identityObject, valueObject } from './federation.stix.ts';
import { TAXII_MEDIA_TYPE } from './taxii.service.ts';

const ADMIN: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:admin', role: 'admin' };
const ANALYST: Actor = { ...ADMIN, actor: 'user:analyst', role: 'analyst' };
const MEMBERS = uuidV5('taxii-collection:members-verdicts');

/** A fraud claim on a phone number from a feed. */
const fraud = (value: string, sharing: 'members' | 'private', confidence = 0.9) => ({
  type: 'phone' as const,
  value,
  verdict: 'fraud' as const,
  confidence,
  source: 'feed',
  sharing,
});

describeEachDatabase('federation sync between instances', (dialect) => {
  let national: TestServer;
  let province: TestContainer;
  let key: string;
  let bankN: Actor;
  let bankP: Actor;

  beforeAll(async () => {
    national = await startTestServer(dialect, { demo: false, env: { FANZHA_INSTANCE: 'national' } });
    // No workers here: every pull and push in these tests is the test's own, never a scheduled one.
    province = await createTestContainer(dialect, { FANZHA_INSTANCE: 'prov-a', FANZHA_ROLES: 'api' });
    const n = national.server.container;
    await n.access.createOrganisation(SYSTEM_ACTOR, {
      id: 'org_bank_n',
      name: 'Bank N',
      kind: 'bank',
      reliability: 0.7,
    });
    bankN = { orgId: 'org_bank_n', orgKind: 'bank', actor: 'user:bank-n', role: 'reporter' };
    bankP = await province.org('org_bank_p', 'bank', 'reporter', 0.8);
    key = (
      await n.access.createApiKey(SYSTEM_ACTOR, { orgId: 'org_platform', name: 'prov-a', role: 'analyst' })
    ).key;
    await n.library.submitClaims(bankN, [
      fraud('+8613800000001', 'members'),
      fraud('+8613800000002', 'private'),
    ]);
    await n.library.pin(ANALYST, 'phone', '+8613800000003', 'fraud', 'known scam line', false);
    await n.library.allow(ANALYST, 'phone', '+8695566', 'ICBC hotline', 'bank service number');
  });
  afterAll(async () => {
    await province?.close();
    await national?.close();
  });

  it('adds peers only with valid fields, lists them without their keys, refuses others than regulator admins', async () => {
    const p = province.c.peers;
    await expect(p.add(ADMIN, { name: 'National', url: national.url, key })).rejects.toMatchObject({
      field: 'name',
    });
    await expect(p.add(ADMIN, { name: 'national', url: 'ftp://x', key })).rejects.toMatchObject({
      field: 'url',
    });
    await expect(p.add(ADMIN, { name: 'national', url: national.url, key: 'short' })).rejects.toMatchObject({
      field: 'key',
    });
    await expect(
      p.add(ADMIN, { name: 'national', url: national.url, key, collections: ['nothing'] }),
    ).rejects.toMatchObject({ field: 'collections' });
    await expect(p.add(ANALYST, { name: 'national', url: national.url, key })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const added = await p.add(ADMIN, {
      name: 'national',
      url: national.url,
      key,
      role: 'upstream',
      pushCollection: 'inbox',
    });
    expect(added).toMatchObject({
      state: 'new',
      keySet: true,
      collections: [MEMBERS, uuidV5('taxii-collection:authority')],
    });
    await expect(p.add(ADMIN, { name: 'national', url: national.url, key })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(JSON.stringify(await p.list(ADMIN))).not.toContain(key);
  });

  it('pulls shared claims with their origin, and national pins and allow entries from an upstream; private claims stay home', async () => {
    const [out] = await province.c.federationSync.run('pull');
    expect(out).toMatchObject({ ok: true });
    const viewer = { ...ANALYST, actor: 'user:viewer' };
    const one = await province.c.library.details(viewer, 'phone', '+8613800000001');
    expect(one.claims).toHaveLength(1);
    expect(one.claims[0]?.orgId).toBe('peer:national:org_bank_n');
    expect(await province.c.federation.findOrigin('peer:national:org_bank_n')).toEqual({
      instance: 'national',
      org: 'org_bank_n',
    });
    await expect(province.c.library.details(viewer, 'phone', '+8613800000002')).rejects.toMatchObject({
      code: 'not_found',
    });
    const pinned = await province.c.library.details(viewer, 'phone', '+8613800000003');
    expect(pinned.resource.pin?.verdict).toBe('fraud');
    expect(province.c.lookups.lookupRaw('+8613800000003', 'phone', 'members')).toMatchObject({
      verdict: 'fraud',
    });
    expect(province.c.lookups.lookupRaw('+8695566', 'phone', 'members')).toMatchObject({
      verdict: 'allowed',
    });
    // A second pull reads the overlap again and writes nothing new.
    const before = await province.c.library.counts();
    const [again] = await province.c.federationSync.run('pull');
    expect(again).toMatchObject({ ok: true });
    expect(await province.c.library.counts()).toEqual(before);
  });

  it('pushes its own findings to the inbox, where they keep their origin and never come back', async () => {
    await province.c.library.submitClaims(bankP, [
      fraud('+8613800000001', 'members'),
      fraud('+8613800000009', 'members', 0.8),
      fraud('+8613800000010', 'private', 0.8),
    ]);
    const [out] = await province.c.federationSync.run('push');
    expect(out?.error).toBeUndefined();
    expect(out).toMatchObject({ ok: true });
    expect(out?.pushed).toBeGreaterThan(0);
    const n = national.server.container;
    const shared = await n.library.details(ANALYST, 'phone', '+8613800000001');
    // Two organisations of two instances: two independent sources, each counted once.
    expect(shared.claims.map((c) => c.orgId).sort()).toEqual(['org_bank_n', 'peer:prov-a:org_bank_p']);
    expect(shared.score.sources).toBe(2);
    await expect(n.library.details(ANALYST, 'phone', '+8613800000010')).rejects.toMatchObject({
      code: 'not_found',
    });
    // The national collection leaves the province's own claims out of what the province reads back.
    const page = await n.federation.page({ audience: 'members', limit: 100, notFrom: 'prov-a' });
    expect(JSON.stringify(page.objects)).not.toContain('"origin_instance":"prov-a"');
    // Pushing again sends nothing: the change feed checkpoint has moved on.
    const [twice] = await province.c.federationSync.run('push');
    expect(twice?.pushed).toBe(0);
    // And the province's pull drops nothing it did not already hold: the score there is the same two sources.
    await province.c.federationSync.run('pull');
    const there = await province.c.library.details(ANALYST, 'phone', '+8613800000001');
    expect(there.claims).toHaveLength(2);
    expect(there.score.sources).toBe(2);
    expect(there.score.score).toBeCloseTo(shared.score.score, 2);
  });

  it('pushes when the change feed moved, whoever wrote to the library, and only then', async () => {
    await province.c.federationSync.pushIfChanged();
    expect(await province.c.federationSync.pushIfChanged()).toEqual([]);
    // Another process writing to the same database moves the same feed; here the container writes.
    await province.c.library.submitClaims(bankP, [fraud('+8613800000012', 'members', 0.8)]);
    const [out] = await province.c.federationSync.pushIfChanged();
    expect(out).toMatchObject({ ok: true });
    expect(out?.pushed).toBeGreaterThan(0);
    const there = await national.server.container.library.details(ANALYST, 'phone', '+8613800000012');
    expect(there.claims.map((c) => c.orgId)).toEqual(['peer:prov-a:org_bank_p']);
  });

  it('sightings and links pushed from a province keep their origin organisation', async () => {
    await province.c.library.submitClaims(bankP, [fraud('+8613800000011', 'members', 0.8)]);
    await province.c.library.addSighting(bankP, 'phone', '+8613800000011', 'seen', null);
    await province.c.library.link(bankP, [
      {
        from: { type: 'phone', value: '+8613800000011' },
        to: { type: 'phone', value: '+8613800000012' },
        kind: 'related',
      },
    ]);
    const [out] = await province.c.federationSync.run('push');
    expect(out).toMatchObject({ ok: true });
    const n = national.server.container;
    const there = await n.library.details(ANALYST, 'phone', '+8613800000011');
    expect(there.sightings.map((x) => x.orgId)).toContain('peer:prov-a:org_bank_p');
    expect(there.sightings.map((x) => x.orgId)).not.toContain('org_platform');
    const links = await n.handle.db
      .selectFrom('links')
      .select('org_id')
      .where('from_id', '=', there.resource.id)
      .execute();
    expect(links.map((l) => l.org_id)).toEqual(['peer:prov-a:org_bank_p']);
  });

  it('a claim withdrawn at its origin is withdrawn at the national instance and, through it, at another province', async () => {
    const n = national.server.container;
    const other = await createTestContainer(dialect, { FANZHA_INSTANCE: 'prov-c' });
    try {
      const keyC = (
        await n.access.createApiKey(SYSTEM_ACTOR, { orgId: 'org_platform', name: 'prov-c', role: 'analyst' })
      ).key;
      await other.c.peers.add(ADMIN, { name: 'national', url: national.url, key: keyC, role: 'upstream' });
      await other.c.federationSync.run('pull');
      const live = (c: { orgId: string; withdrawnAt: number | null }) =>
        c.orgId === 'peer:prov-a:org_bank_p' && c.withdrawnAt === null;
      expect(
        (await other.c.library.details(ANALYST, 'phone', '+8613800000009')).claims.filter(live),
      ).toHaveLength(1);
      const mine = (await province.c.library.details(bankP, 'phone', '+8613800000009')).claims[0];
      await province.c.library.withdrawClaim(bankP, mine?.id ?? 0, 'reported in error');
      const [pushed] = await province.c.federationSync.run('push');
      expect(pushed).toMatchObject({ ok: true });
      const atNational = await n.library.details(ANALYST, 'phone', '+8613800000009').catch(() => undefined);
      expect(atNational?.claims.filter(live) ?? []).toHaveLength(0);
      const [pulled] = await other.c.federationSync.run('pull');
      expect(pulled).toMatchObject({ ok: true });
      const atOther = await other.c.library
        .details(ANALYST, 'phone', '+8613800000009')
        .catch(() => undefined);
      expect(atOther?.claims.filter(live) ?? []).toHaveLength(0);
      // The national instance's own claim on another value is untouched.
      expect(
        (await other.c.library.details(ANALYST, 'phone', '+8613800000001')).claims.length,
      ).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('a national unpin, allow-list removal and release reach the province', async () => {
    const n = national.server.container;
    await n.library.unpin(ANALYST, 'phone', '+8613800000003', 'pinned in error');
    await n.library.disallow(ANALYST, 'phone', '+8695566', 'no longer the hotline');
    await n.library.transition(ANALYST, 'phone', '+8613800000001', 'released', 'appeal upheld');
    const [out] = await province.c.federationSync.run('pull');
    expect(out).toMatchObject({ ok: true });
    const unpinned = await province.c.library.details(ANALYST, 'phone', '+8613800000003');
    expect(unpinned.resource.pin ?? null).toBeNull();
    expect(province.c.lookups.lookupRaw('+8695566', 'phone', 'members')).not.toMatchObject({
      verdict: 'allowed',
    });
    const released = await province.c.library.details(ANALYST, 'phone', '+8613800000001');
    expect(released.resource.status).toBe('released');
    expect(province.c.lookups.lookupRaw('+8613800000001', 'phone', 'members')).not.toMatchObject({
      verdict: 'fraud',
    });
  });
});

describeEachDatabase('federation sync with a peer that answers wrongly', (dialect) => {
  let province: TestContainer;
  let server: Server;
  let answer: (url: string) => { status: number; type: string; body: string };
  let url: string;

  const claim = (value: string, confidence: number) =>
    claimObject({
      type: 'phone',
      normalized: value,
      org: 'org_x',
      verdict: 'fraud',
      fraudType: null,
      confidence,
      sharing: 'members',
      source: 'feed',
      createdAt: Date.parse('2026-06-01T00:00:00Z'),
      updatedAt: Date.parse('2026-06-01T00:00:00Z'),
      validUntil: null,
      origin: { instance: 'broken', org: 'org_x' },
      reliability: 0.8,
      confirmed: false,
    });
  const page = (objects: unknown[], next?: string) =>
    JSON.stringify({ more: next !== undefined, ...(next ? { next } : {}), objects });

  beforeAll(async () => {
    province = await createTestContainer(dialect, { FANZHA_INSTANCE: 'prov-b' });
    server = createServer((req, res) => {
      const a = answer(req.url ?? '');
      res.writeHead(a.status, { 'content-type': a.type });
      res.end(a.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await province.c.peers.add(ADMIN, {
      name: 'broken',
      url,
      key: 'k'.repeat(20),
      collections: ['members-verdicts'],
    });
  });
  afterAll(async () => {
    server?.close();
    await province?.close();
  });

  const statusAfter = async (a: typeof answer) => {
    answer = a;
    await province.c.federationSync.run('pull');
    return (await province.c.peers.list(ADMIN))[0];
  };

  it('records an error status, a non-TAXII answer, malformed JSON and a bad envelope in the peer status', async () => {
    expect(
      await statusAfter(() => ({ status: 500, type: 'application/json', body: '{"title":"down"}' })),
    ).toMatchObject({
      state: 'error',
      lastError: expect.stringContaining('answered 500: down'),
    });
    expect(await statusAfter(() => ({ status: 200, type: 'text/html', body: '<html>' }))).toMatchObject({
      lastError: expect.stringContaining('not TAXII'),
    });
    expect(
      await statusAfter(() => ({ status: 200, type: TAXII_MEDIA_TYPE, body: '{"objects": [' })),
    ).toMatchObject({
      lastError: expect.stringContaining('malformed JSON'),
    });
    expect(
      await statusAfter(() => ({ status: 200, type: TAXII_MEDIA_TYPE, body: '{"objects": 3}' })),
    ).toMatchObject({
      lastError: expect.stringContaining('objects is not an array'),
    });
    expect(await province.c.library.counts()).toMatchObject({ resources: 0, claims: 0 });
  });

  it('writes a good page, refuses the next page whole when one object fails the schemas, and resumes there', async () => {
    const good = [
      identityObject({ instance: 'broken', org: 'org_x' }, 'X'),
      valueObject('phone', '+8613911110001'),
      claim('+8613911110001', 0.9),
    ];
    const badClaim = { ...claim('+8613911110002', 0.9), confidence: 140 };
    const bad = [
      valueObject('phone', '+8613911110002'),
      badClaim,
      valueObject('phone', '+8613911110003'),
      claim('+8613911110003', 0.9),
    ];
    const asked: string[] = [];
    const peer = await statusAfter((u) => {
      asked.push(u);
      return {
        status: 200,
        type: TAXII_MEDIA_TYPE,
        body: u.includes('next=page2') ? page(bad) : page(good, 'page2'),
      };
    });
    expect(peer).toMatchObject({
      state: 'error',
      lastError: expect.stringContaining(`objects[${badClaim.id}].confidence`),
    });
    expect(await province.c.library.counts()).toMatchObject({ resources: 1, claims: 1 });
    // The next run starts at the page that failed, not at the beginning.
    asked.length = 0;
    const fixed = [valueObject('phone', '+8613911110002'), claim('+8613911110002', 0.9)];
    const after = await statusAfter((u) => {
      asked.push(u);
      return { status: 200, type: TAXII_MEDIA_TYPE, body: page(u.includes('next=page2') ? fixed : []) };
    });
    expect(after).toMatchObject({ state: 'ok', lastError: null });
    expect(asked[0]).toContain('next=page2');
    expect(await province.c.library.counts()).toMatchObject({ resources: 2, claims: 2 });
  });

  it("takes a peer's withdrawal of its own claim and drops its forged withdrawal of another instance's", async () => {
    const elsewhere = {
      ...claim('+8613911110004', 0.9),
      id: 'indicator--' + uuidV5('elsewhere-claim'),
      extensions: {
        [CLAIM_EXTENSION]: {
          extension_type: 'property-extension',
          verdict: 'fraud',
          source: 'feed',
          origin_instance: 'elsewhere',
          origin_org: 'org_y',
          origin_reliability: 0.8,
        },
      },
    };
    const serve = (objects: unknown[]) =>
      statusAfter(() => ({ status: 200, type: TAXII_MEDIA_TYPE, body: page(objects) }));
    await serve([valueObject('phone', '+8613911110004'), elsewhere]);
    const held = async (value: string) =>
      (await province.c.library.details(ADMIN, 'phone', value)).claims.filter((c) => c.withdrawnAt === null)
        .length;
    expect(await held('+8613911110004')).toBe(1);
    const later = '2026-06-02T00:00:00.000Z';
    const revoke = (o: Record<string, unknown>) => ({ ...o, modified: later, revoked: true });
    expect(
      await serve([
        valueObject('phone', '+8613911110004'),
        revoke(elsewhere),
        valueObject('phone', '+8613911110001'),
        revoke(claim('+8613911110001', 0.9)),
      ]),
    ).toMatchObject({ state: 'ok' });
    // The peer is no origin of the other instance's claim: it stays.
    expect(await held('+8613911110004')).toBe(1);
    // Its own claim it may withdraw.
    expect(await held('+8613911110001')).toBe(0);
  });
});
