/**
 * The TAXII 2.1 server on a real process and database: who may read and write which collection (every
 * endpoint × role × organisation kind), the OASIS reference client discovering, paging and posting, and
 * malformed requests and bundles answered 4xx with the field, writing nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORG_KINDS, ROLES, SYSTEM_ACTOR, type OrgKind, type Role } from '../../src/shared/actor.ts';
import { uuidV5 } from '../../src/modules/library/io/stix.ts';
import { createStixValidator } from '../../src/modules/federation/federation.validate.ts';
import type { StixObject } from '../../src/modules/federation/federation.stix.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TAXII = 'application/taxii+json;version=2.1';
const col = (key: string): string => uuidV5(`taxii-collection:${key}`);
const PUBLIC = col('public-verdicts');
const MEMBERS = col('members-verdicts');
const CONFIRMED = col('confirmed-indicators');
const INBOX = col('inbox');
const MEMBER_KINDS: readonly OrgKind[] = ['regulator', 'operator', 'platform', 'bank', 'registrar', 'police'];
const ANALYSTS: readonly Role[] = ['admin', 'analyst'];

/** Written out here, apart from the policy table, so a rule changed by mistake fails this test. */
const ENDPOINTS: ReadonlyArray<{
  method: string;
  path: string;
  allowed: (kind: OrgKind, role: Role) => boolean;
  body?: unknown;
}> = [
  { method: 'GET', path: '/taxii2/', allowed: () => true },
  { method: 'GET', path: '/taxii2/api/', allowed: () => true },
  { method: 'GET', path: '/taxii2/api/collections/', allowed: () => true },
  { method: 'GET', path: `/taxii2/api/collections/${PUBLIC}/objects/`, allowed: () => true },
  {
    method: 'GET',
    path: `/taxii2/api/collections/${MEMBERS}/objects/`,
    allowed: (k) => MEMBER_KINDS.includes(k),
  },
  {
    method: 'GET',
    path: `/taxii2/api/collections/${MEMBERS}/manifest/`,
    allowed: (k) => MEMBER_KINDS.includes(k),
  },
  {
    method: 'GET',
    path: `/taxii2/api/collections/${CONFIRMED}/objects/`,
    allowed: (k) => MEMBER_KINDS.includes(k),
  },
  {
    method: 'POST',
    path: `/taxii2/api/collections/${INBOX}/objects/`,
    body: { objects: [] },
    allowed: (k, r) => k === 'regulator' && ANALYSTS.includes(r),
  },
  {
    method: 'GET',
    path: `/taxii2/api/collections/${col('authority')}/objects/`,
    allowed: (k) => MEMBER_KINDS.includes(k),
  },
  // The peers an instance syncs with, and the keys it holds at them: the regulator's administrators.
  { method: 'GET', path: '/api/v1/federation/peers', allowed: (k, r) => k === 'regulator' && r === 'admin' },
  {
    method: 'POST',
    path: '/api/v1/federation/peers',
    body: { name: 'Not A Name', url: 'http://127.0.0.1:9', key: 'k'.repeat(20) },
    allowed: (k, r) => k === 'regulator' && r === 'admin',
  },
  { method: 'POST', path: '/api/v1/federation/sync', allowed: (k, r) => k === 'regulator' && r === 'admin' },
];

const python = (): { ok: boolean; env: Record<string, string> } => {
  const tools = resolve(import.meta.dirname, '../../../shared/tools/cti-taxii-client');
  const extra = process.env.FANZHA_TEST_PYTHONPATH ?? '';
  const env = { PYTHONPATH: [tools, extra].filter(Boolean).join(':'), PATH: process.env.PATH ?? '' };
  if (!existsSync(tools)) return { ok: false, env };
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import requests, six, pytz, taxii2client.v21'], { env });
    return { ok: true, env };
  } catch {
    return { ok: false, env };
  }
};

describeEachDatabase('TAXII 2.1 server', (dialect) => {
  let s: TestServer;
  const keys = new Map<string, string>();
  const validator = createStixValidator();
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanzha-taxii-'));
    s = await startTestServer(dialect, { demo: false });
    const c = s.server.container;
    for (const kind of ORG_KINDS) {
      const orgId = kind === 'regulator' ? 'org_platform' : `org_taxii_${kind}`;
      if (kind !== 'regulator')
        await c.access.createOrganisation(SYSTEM_ACTOR, { id: orgId, name: orgId, kind });
      for (const role of ROLES)
        keys.set(
          `${kind}:${role}`,
          (await c.access.createApiKey(SYSTEM_ACTOR, { orgId, name: `${kind} ${role}`, role })).key,
        );
    }
    const regulator = {
      orgId: 'org_platform',
      orgKind: 'regulator' as const,
      actor: 'user:reg',
      role: 'analyst' as const,
    };
    const claims = Array.from({ length: 7 }, (_, i) => ({
      type: 'phone' as const,
      value: `+861380013800${i}`,
      verdict: 'fraud' as const,
      confidence: 0.9,
      source: 'feed',
      sharing: i % 2 === 0 ? ('public' as const) : ('members' as const),
    }));
    await c.library.submitClaims(regulator, [
      ...claims,
      {
        type: 'phone',
        value: '+8613900139000',
        verdict: 'fraud',
        confidence: 0.9,
        source: 'feed',
        sharing: 'private',
      },
    ]);
    await c.library.transition(regulator, 'phone', '+8613800138000', 'under_review', 'test');
    await c.library.transition(regulator, 'phone', '+8613800138000', 'confirmed', 'test');
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const taxii = (
    path: string,
    key: string | undefined,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    s.call(init.method ?? (init.body === undefined ? 'GET' : 'POST'), path, {
      ...(key ? { apiKey: key } : {}),
      headers: {
        accept: TAXII,
        ...(init.body !== undefined
          ? { 'content-type': path.startsWith('/api/') ? 'application/json' : TAXII }
          : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });

  it('answers every endpoint × role × organisation kind as the matrix says, and 401 without a key', async () => {
    const wrong: string[] = [];
    for (const e of ENDPOINTS) {
      const anon = await taxii(e.path, undefined, { method: e.method, body: e.body });
      if (anon.status !== 401) wrong.push(`anonymous ${e.method} ${e.path} → ${anon.status}`);
      for (const kind of ORG_KINDS)
        for (const role of ROLES) {
          const r = await taxii(e.path, keys.get(`${kind}:${role}`), { method: e.method, body: e.body });
          const denied = r.status === 401 || r.status === 403 || r.status === 404;
          if (denied === e.allowed(kind, role) || r.status >= 500)
            wrong.push(`${kind} ${role} ${e.method} ${e.path} → ${r.status}`);
        }
    }
    expect(wrong).toEqual([]);
  });

  it('serves discovery, collections and objects in the TAXII media type, paged, filtered and schema-valid', async () => {
    const key = keys.get('bank:viewer');
    const d = await taxii('/taxii2/', key);
    expect(d.headers.get('content-type')).toContain('application/taxii+json');
    expect(d.body.default).toMatch(/\/taxii2\/api\/$/);
    const list = await taxii('/taxii2/api/collections/', key);
    expect(list.body.collections.map((c: { id: string }) => c.id).sort()).toEqual(
      [CONFIRMED, MEMBERS, PUBLIC, col('authority')].sort(),
    );
    const seen: StixObject[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const r = await taxii(
        `/taxii2/api/collections/${MEMBERS}/objects/?limit=2${next ? `&next=${next}` : ''}`,
        key,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.objects);
      next = r.body.more ? r.body.next : undefined;
      pages++;
    } while (next);
    expect(pages).toBe(4);
    const indicators = seen.filter((o) => o.type === 'indicator');
    expect(indicators).toHaveLength(7);
    expect(JSON.stringify(seen)).not.toContain('+8613900139000');
    expect(seen.flatMap((o, i) => validator.check(o, i))).toEqual([]);
    const onlyIndicators = await taxii(
      `/taxii2/api/collections/${PUBLIC}/objects/?match[type]=indicator`,
      key,
    );
    expect(onlyIndicators.body.objects.map((o: StixObject) => o.type)).toEqual([
      'indicator',
      'indicator',
      'indicator',
      'indicator',
    ]);
    const later = await taxii(
      `/taxii2/api/collections/${PUBLIC}/objects/?added_after=2999-01-01T00:00:00Z`,
      key,
    );
    expect(later.body.objects).toEqual([]);
    const confirmed = await taxii(`/taxii2/api/collections/${CONFIRMED}/objects/?match[type]=indicator`, key);
    expect(confirmed.body.objects).toHaveLength(1);
    const one = indicators[0];
    if (!one) throw new Error('no indicator');
    const versions = await taxii(`/taxii2/api/collections/${MEMBERS}/objects/${one.id}/versions/`, key);
    expect(versions.body.versions).toEqual([one.modified]);
    const manifest = await taxii(`/taxii2/api/collections/${MEMBERS}/manifest/?match[id]=${one.id}`, key);
    expect(manifest.body.objects).toMatchObject([{ id: one.id, version: one.modified }]);
  });

  it('refuses malformed requests and bundles with 4xx naming the field, writing nothing', async () => {
    const key = keys.get('regulator:analyst');
    const inbox = `/taxii2/api/collections/${INBOX}/objects/`;
    const before = await s.server.container.library.counts();
    expect((await taxii('/taxii2/', key, { headers: { accept: 'text/html' } })).status).toBe(406);
    const wrongType = await taxii(inbox, key, {
      body: { objects: [] },
      headers: { 'content-type': 'application/json' },
    });
    expect([wrongType.status, wrongType.body.error?.field]).toEqual([415, 'content-type']);
    const badNext = await taxii(`/taxii2/api/collections/${PUBLIC}/objects/?next=zzz`, key);
    expect([badNext.status, badNext.body.error?.field]).toEqual([400, 'next']);
    const badId = await taxii(inbox, key, {
      body: {
        objects: [
          {
            type: 'x-fanzha-phone',
            spec_version: '2.1',
            id: 'x-fanzha-phone--nope',
            value: '+8613700137000',
          },
        ],
      },
    });
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toMatch(/^objects\[x-fanzha-phone--nope\]\.id/);
    const exported = await s.server.container.federation.bundle(SYSTEM_ACTOR, { audience: 'members' });
    const objects = (exported.objects as StixObject[]).map((o) =>
      o.type === 'indicator' && String(o.pattern).includes('+8613800138003') ? { ...o, pattern_type: 42 } : o,
    );
    const violating = await taxii(inbox, key, { body: { objects } });
    expect(violating.status).toBe(400);
    expect(violating.body.error.field).toMatch(/^objects\[indicator--[0-9a-f-]+\]\.pattern_type$/);
    const huge = await taxii(inbox, key, { body: { objects: Array.from({ length: 10_001 }, () => ({})) } });
    expect([huge.status, huge.body.error?.field]).toEqual([413, 'objects']);
    let deep: unknown = 'x';
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const nested = await taxii(inbox, key, {
      body: { objects: [{ type: 'indicator', id: 'indicator--x', deep }] },
    });
    expect(nested.status).toBe(400);
    const viaImport = await s.call('POST', '/api/v1/import?format=stix', {
      apiKey: key,
      body: { ...exported, objects },
    });
    expect(viaImport.status).toBe(400);
    expect(viaImport.body.error.field).toMatch(/pattern_type$/);
    expect(await s.server.container.library.counts()).toEqual(before);
  });

  it('works with the OASIS TAXII 2.1 reference client: discovery, collections, pages, a posted bundle', async (ctx) => {
    const py = python();
    if (!py.ok && process.env.CI !== 'true') ctx.skip();
    const bundle = {
      type: 'bundle',
      id: `bundle--${uuidV5('client-test')}`,
      objects: (await s.server.container.federation.bundle(SYSTEM_ACTOR, { audience: 'public' }))
        .objects as unknown[],
    };
    const path = join(dir, 'bundle.json');
    writeFileSync(path, JSON.stringify(bundle));
    // The server runs in this process: the client must run beside it, not block it.
    const { stdout: out } = await promisify(execFile)(
      '/usr/bin/python3',
      [resolve(import.meta.dirname, 'taxii-client.py'), s.url, keys.get('regulator:analyst') ?? '', path],
      { env: py.env, encoding: 'utf8', timeout: 60_000 },
    );
    const seen = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    expect(seen).toMatchObject({
      title: 'fanzha TAXII 2.1',
      api_roots: 1,
      can_write_inbox: true,
      status: 'complete',
    });
    expect(seen.collections).toContain('Inbox');
    expect(seen.pages.length).toBeGreaterThan(1);
    expect(seen.ids.filter((id: string) => id.startsWith('indicator--'))).toHaveLength(7);
    expect(seen.success_count).toBe(bundle.objects.length);
  });
});
