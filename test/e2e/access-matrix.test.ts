/**
 * The access matrix, generated from the route table: every route the server registered (collected as
 * Fastify registers them, checked against the OpenAPI document) × every caller class — anonymous, a forged
 * API key, a forged session cookie, a revoked key, users of each role of the regulator, analysts and admins
 * of an operator, a bank, a platform and the police, and an API key of each organisation — × own / another
 * organisation's record where the route acts on one. The expected answers are data
 * (`access-matrix.data.ts`); this file only builds a real request for each route so the answer comes from
 * authorisation, not validation.
 *
 * Every request that writes acts on an object created for it (a fresh value, a fresh key, a fresh work
 * order), so the order in which the matrix runs does not matter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORG_KINDS, type OrgKind, type Role } from '../../src/shared/actor.ts';
import { DEMO_ORGS, DEMO_USERS } from '../../src/modules/demo/demo.service.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { casesOf, MATRIX, UNDOCUMENTED, type Caller, type Owner } from './access-matrix.data.ts';

/** One organisation of each kind: the demo users' (the platform's own organisation is the regulator). */
const ORG = Object.fromEntries(
  DEMO_USERS.map((u) => [DEMO_ORGS.find((o) => o.id === u.orgId)?.kind ?? 'regulator', u.orgId]),
) as Record<OrgKind, string>;
const PASSWORD = 'matrix-password-0123';
const TAXII = 'application/taxii+json;version=2.1';

interface Cred {
  readonly cookie?: string;
  readonly apiKey?: string;
}
interface Who {
  readonly name: string;
  readonly caller: Caller;
  readonly orgId: string | undefined;
  cred: Cred;
  readonly username?: string;
}
interface Req {
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Credentials to use instead of the caller's standing ones (a fresh session of the same user). */
  readonly cred?: Cred;
  /** What one organisation keeps private, for `shown` / `hidden` answers. */
  readonly secret?: string;
}
/** Builds the request for one caller and owner; undefined when that combination cannot exist. */
type Fixture = (who: Who, owner: Owner) => Promise<Req | undefined>;

describeEachDatabase('access matrix', (dialect) => {
  let s: TestServer;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
  /** A fresh Chinese mobile number. */
  const phone = () => `+86139${String(10_000_000 + n++).slice(-8)}`;
  /** A fresh resident ID number (18 characters, the last a check character over the first 17). */
  const residentId = () => {
    const body = `11010519800101${String(1000 + (n++ % 1000)).slice(-3)}`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
    return body + ('10X98765432'[sum % 11] ?? '');
  };
  const domain = () => `mx-${uniq()}.example`;
  const keys = new Map<string, string>();
  const keyOf = (orgId: string, role: Role = 'admin'): Cred => ({ apiKey: keys.get(`${orgId}:${role}`) });
  const regulator = (): Cred => keyOf(ORG.regulator, 'analyst');
  const orgOf = (who: Who, owner: Owner) =>
    owner === 'own' ? (who.orgId ?? ORG.bank) : who.orgId === ORG.bank ? ORG.operator : ORG.bank;
  const ip = () => `10.${n % 250}.${(n >> 8) % 250}.${n++ % 250}`;
  const login = async (username: string) => {
    const r = await s.call('POST', '/api/v1/auth/login', {
      body: { username, password: PASSWORD },
      headers: { 'x-forwarded-for': ip() },
    });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  /** A setup call that must succeed; its body. */
  const must = async (
    method: string,
    path: string,
    cred: Cred,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const r = await s.call(method, path, { ...cred, ...(body === undefined ? {} : { body }), headers });
    if (r.status >= 300) throw new Error(`setup ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const claim = (cred: Cred, type: string, value: string, extra: Record<string, unknown> = {}) =>
    must('POST', '/api/v1/claims', cred, {
      claims: [{ type, value, verdict: 'suspicious', confidence: 0.6, source: 'matrix', ...extra }],
    });
  /** A fresh number the regulator confirmed as fraud (appeals are filed against confirmed values). */
  const confirmed = async () => {
    const value = phone();
    await claim(regulator(), 'phone', value);
    await must('POST', '/api/v1/values/transition', regulator(), {
      type: 'phone',
      value,
      to: 'confirmed',
      reason: 'matrix',
    });
    return value;
  };
  const alert = async (values: ReadonlyArray<{ type: string; value: string }>) =>
    (await must('POST', '/api/v1/queue/alerts', regulator(), {
      title: 'matrix',
      source: 'matrix',
      values,
    })) as {
      id: number;
    };
  const freshCase = async (count = 1): Promise<{ id: string; resourceIds: number[] }> => {
    const a = await alert(Array.from({ length: count }, () => ({ type: 'phone', value: phone() })));
    const d = await must('POST', `/api/v1/queue/${a.id}/decision`, regulator(), {
      decision: 'confirm',
      reason: 'matrix',
    });
    const c = await must('GET', `/api/v1/cases/${d.case.id}`, regulator());
    return { id: d.case.id, resourceIds: c.values.map((v: { resourceId: number }) => v.resourceId) };
  };
  /** A fresh open work order for an acting organisation (routed there by the regulator). */
  const freshWorkOrder = async (orgId: string): Promise<string | undefined> =>
    (await freshOrderIn(orgId))?.id;
  const freshOrderIn = async (orgId: string): Promise<{ id: string; caseId: string } | undefined> => {
    if (![ORG.operator, ORG.bank, ORG.platform, ORG.registrar].includes(orgId)) return undefined;
    const c = await freshCase();
    const orders = await must('POST', `/api/v1/cases/${c.id}/workorders`, regulator(), {});
    const order = orders.created[0] as { id: string; orgId: string };
    if (order.orgId !== orgId)
      await must('POST', `/api/v1/workorders/${order.id}/route`, regulator(), { orgId, reason: 'matrix' });
    return { id: order.id, caseId: c.id };
  };
  /** An active 踢网 action of an operator on a fresh number (the call detector writes these when it acts). */
  const kick = async (orgId: string): Promise<{ id: number; phone: string }> => {
    const number = phone();
    const row = await s.db.handle.db
      .insertInto('calls_kick_actions')
      .values({
        org_id: orgId,
        phone: number,
        region: 'GD',
        acted_at: Date.now(),
        status: 'active',
        appeal_reason: null,
        restored_at: null,
        restored_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), phone: number };
  };
  /** A value known only through a private claim of this organisation, with a private attribute. */
  const privateValue = async (orgId: string): Promise<{ value: string; secret: string }> => {
    const value = domain();
    const secret = `mx-secret-${uniq()}`;
    await claim(keyOf(orgId), 'domain', value, { sharing: 'private', attributes: { tag: secret } });
    return { value, secret };
  };
  /** A fresh viewer key of this organisation, with a fresh name. */
  const viewerKey = (orgId: string): Promise<{ apiKey: { id: string; name: string } }> =>
    must('POST', '/api/v1/apikeys', keyOf(ORG.regulator), { orgId, name: `mx-${uniq()}`, role: 'viewer' });
  /** A peer at a local port nothing listens on, so a sync never reaches a real server; its key the secret. */
  const peer = async (): Promise<{ name: string; key: string }> => {
    const name = `mx-${uniq()}`;
    const key = `mx-peer-key-${uniq()}`;
    await must('POST', '/api/v1/federation/peers', keyOf(ORG.regulator), {
      name,
      url: 'http://127.0.0.1:9',
      key,
    });
    return { name, key };
  };
  let standingPeer: Promise<{ name: string; key: string }> | undefined;
  const setup: Record<string, string> = {};

  const FIXTURES: Record<string, Fixture | Record<string, Fixture>> = {
    'GET /': async () => ({ path: '/' }),
    'GET /index.html': async () => ({ path: '/index.html' }),
    'GET /app/*': async () => ({ path: '/app/cases' }),
    'GET /health': async () => ({ path: '/health' }),
    'GET /docs': async () => ({ path: '/docs' }),
    'GET /docs/static/index.html': async () => ({ path: '/docs/static/index.html' }),
    'GET /docs/static/swagger-initializer.js': async () => ({ path: '/docs/static/swagger-initializer.js' }),
    'GET /docs/static/*': async () => ({ path: '/docs/static/swagger-ui.css' }),
    'GET /docs/json': async () => ({ path: '/docs/json' }),
    'GET /docs/yaml': async () => ({ path: '/docs/yaml' }),

    'POST /api/v1/auth/login': async () => ({
      path: '/api/v1/auth/login',
      body: { username: 'mx-regulator-viewer', password: PASSWORD },
      headers: { 'x-forwarded-for': ip() },
    }),
    'POST /api/v1/auth/logout': async (who) => ({
      path: '/api/v1/auth/logout',
      ...(who.username ? { cred: { cookie: await login(who.username) } } : {}),
    }),
    'GET /api/v1/auth/me': async () => ({ path: '/api/v1/auth/me' }),
    'GET /api/v1/orgs': async () => ({ path: '/api/v1/orgs' }),
    'POST /api/v1/orgs': async () => ({
      path: '/api/v1/orgs',
      body: { id: `org_mx_${uniq()}`, name: 'matrix', kind: 'bank' },
    }),
    'GET /api/v1/users': {
      any: async () => ({ path: '/api/v1/users' }),
      mine: async (who, owner) => {
        const username = `mx-${uniq()}`;
        await must('POST', '/api/v1/users', keyOf(ORG.regulator), {
          orgId: orgOf(who, owner),
          username,
          password: PASSWORD,
          role: 'viewer',
        });
        return { path: '/api/v1/users', secret: username };
      },
    },
    'POST /api/v1/users': async (who, owner) => ({
      path: '/api/v1/users',
      body: { orgId: orgOf(who, owner), username: `mx-${uniq()}`, password: PASSWORD, role: 'viewer' },
    }),
    'GET /api/v1/apikeys': {
      any: async () => ({ path: '/api/v1/apikeys' }),
      mine: async (who, owner) => {
        const k = await viewerKey(orgOf(who, owner));
        return { path: '/api/v1/apikeys', secret: k.apiKey.name };
      },
    },
    'POST /api/v1/apikeys': async (who, owner) => ({
      path: '/api/v1/apikeys',
      body: { orgId: orgOf(who, owner), name: `mx-${uniq()}`, role: 'viewer' },
    }),
    'DELETE /api/v1/apikeys/:id': async (who, owner) => ({
      path: `/api/v1/apikeys/${(await viewerKey(orgOf(who, owner))).apiKey.id}`,
    }),

    // A key of the owner's organisation, named so that its name is the secret.
    'GET /api/v1/people': async (who, owner) => ({
      path: '/api/v1/people',
      secret: (await viewerKey(orgOf(who, owner))).apiKey.name,
    }),

    'GET /api/v1/audit': {
      any: async () => ({ path: '/api/v1/audit?limit=5' }),
      // An entry the owner's organisation wrote (a local allow entry, its reason the secret).
      mine: async (who, owner) => {
        const head = await s.db.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirstOrThrow();
        const secret = `mx-reason-${uniq()}`;
        await must('POST', '/api/v1/allow', keyOf(orgOf(who, owner), 'analyst'), {
          scope: 'local',
          type: 'domain',
          value: domain(),
          label: 'ours',
          reason: secret,
        });
        return { path: `/api/v1/audit?after=${Number(head.seq ?? 0)}&limit=1000`, secret };
      },
    },
    'GET /api/v1/audit/verify': async () => ({ path: '/api/v1/audit/verify' }),
    'GET /api/v1/authority/grants': {
      any: async () => ({ path: '/api/v1/authority/grants' }),
      mine: async (who, owner) => {
        const pattern = domain();
        await must('POST', '/api/v1/authority/grants', regulator(), {
          orgId: orgOf(who, owner),
          kind: 'domain',
          pattern,
          reason: 'matrix',
        });
        return { path: '/api/v1/authority/grants', secret: pattern };
      },
    },
    'POST /api/v1/authority/grants': async () => ({
      path: '/api/v1/authority/grants',
      body: { orgId: ORG.operator, kind: 'domain', pattern: domain(), reason: 'matrix' },
    }),
    'DELETE /api/v1/authority/grants/:id': async () => {
      const g = await must('POST', '/api/v1/authority/grants', regulator(), {
        orgId: ORG.operator,
        kind: 'domain',
        pattern: domain(),
        reason: 'matrix',
      });
      return { path: `/api/v1/authority/grants/${g.id}?reason=matrix` };
    },

    'GET /api/v1/taxonomy': async () => ({ path: '/api/v1/taxonomy' }),
    'POST /api/v1/claims': async () => ({
      path: '/api/v1/claims',
      body: {
        claims: [{ type: 'domain', value: domain(), verdict: 'suspicious', confidence: 0.5, source: 'mx' }],
      },
    }),
    'DELETE /api/v1/claims/:id': {
      members: async (who, owner) => withdraw(orgOf(who, owner), 'members'),
      private: async (who, owner) => withdraw(orgOf(who, owner), 'private'),
    },
    'GET /api/v1/values': {
      public: async () => ({ path: `/api/v1/values?type=domain&value=${setup.publicValue}` }),
      private: async (who, owner) => {
        const value = domain();
        await claim(keyOf(orgOf(who, owner)), 'domain', value, {
          sharing: 'private',
          attributes: { note: 'matrix' },
        });
        return { path: `/api/v1/values?type=domain&value=${value}` };
      },
      note: async (who, owner) => {
        const secret = `mx-note-${uniq()}`;
        await must('POST', '/api/v1/values/sightings', keyOf(orgOf(who, owner), 'analyst'), {
          type: 'domain',
          value: setup.publicValue,
          kind: 'seen',
          note: secret,
        });
        return { path: `/api/v1/values?type=domain&value=${setup.publicValue}`, secret };
      },
      local: async (who, owner) => {
        const value = domain();
        const secret = `mx-local-${uniq()}`;
        await claim(regulator(), 'domain', value, { sharing: 'public' });
        await must('POST', '/api/v1/values/pin', keyOf(orgOf(who, owner), 'analyst'), {
          scope: 'local',
          type: 'domain',
          value,
          verdict: 'allowed',
          reason: secret,
        });
        return { path: `/api/v1/values?type=domain&value=${value}`, secret };
      },
    },
    'GET /api/v1/search': {
      any: async () => ({ path: '/api/v1/search?q=mx-&limit=5' }),
      private: async (who, owner) => {
        const { value } = await privateValue(orgOf(who, owner));
        return { path: `/api/v1/search?q=${value}`, secret: value };
      },
    },
    'POST /api/v1/values/sightings': async () => ({
      path: '/api/v1/values/sightings',
      body: { type: 'domain', value: setup.publicValue, kind: 'seen' },
    }),
    'POST /api/v1/values/pin': {
      // A member pinning a fraud domain `allowed` for everyone, over the allow-list's head.
      national: async () => ({
        path: '/api/v1/values/pin',
        body: { type: 'domain', value: domain(), verdict: 'allowed', reason: 'mx', overridesAllow: true },
      }),
      local: async () => ({
        path: '/api/v1/values/pin',
        body: { scope: 'local', type: 'domain', value: domain(), verdict: 'allowed', reason: 'mx' },
      }),
    },
    'POST /api/v1/values/unpin': {
      // A member unpinning the regulator's fraud pin on a number.
      national: async () => {
        const value = phone();
        await must('POST', '/api/v1/values/pin', regulator(), {
          type: 'phone',
          value,
          verdict: 'fraud',
          reason: 'mx',
        });
        return { path: '/api/v1/values/unpin', body: { type: 'phone', value, reason: 'mx' } };
      },
      local: async (who) => {
        const value = phone();
        await must('POST', '/api/v1/values/pin', keyOf(orgOf(who, 'own'), 'analyst'), {
          scope: 'local',
          type: 'phone',
          value,
          verdict: 'fraud',
          reason: 'mx',
        });
        return { path: '/api/v1/values/unpin', body: { scope: 'local', type: 'phone', value, reason: 'mx' } };
      },
    },
    'POST /api/v1/values/transition': async () => {
      const value = phone();
      await claim(regulator(), 'phone', value);
      return {
        path: '/api/v1/values/transition',
        body: { type: 'phone', value, to: 'confirmed', reason: 'mx' },
      };
    },
    'GET /api/v1/allow': async () => ({ path: '/api/v1/allow?limit=5' }),
    'POST /api/v1/allow': {
      national: async () => ({
        path: '/api/v1/allow',
        body: { type: 'domain', value: domain(), label: 'ours', reason: 'mx' },
      }),
      local: async () => ({
        path: '/api/v1/allow',
        body: { scope: 'local', type: 'domain', value: domain(), label: 'ours', reason: 'mx' },
      }),
    },
    'DELETE /api/v1/allow': {
      // A member deleting the regulator's allow entry.
      national: async () => {
        const value = domain();
        await must('POST', '/api/v1/allow', regulator(), {
          type: 'domain',
          value,
          label: 'official',
          reason: 'mx',
        });
        return { path: `/api/v1/allow?type=domain&value=${value}&reason=mx` };
      },
      local: async (who) => {
        const value = domain();
        await must('POST', '/api/v1/allow', keyOf(orgOf(who, 'own'), 'analyst'), {
          scope: 'local',
          type: 'domain',
          value,
          label: 'ours',
          reason: 'mx',
        });
        return { path: `/api/v1/allow?type=domain&value=${value}&reason=mx&scope=local` };
      },
    },
    'GET /api/v1/overrides': {
      any: async () => ({ path: '/api/v1/overrides' }),
      mine: async (who, owner) => {
        const value = domain();
        await must('POST', '/api/v1/allow', keyOf(orgOf(who, owner), 'analyst'), {
          scope: 'local',
          type: 'domain',
          value,
          label: 'ours',
          reason: 'mx',
        });
        return { path: '/api/v1/overrides?limit=1000', secret: value };
      },
    },
    'POST /api/v1/import': async () => ({
      path: '/api/v1/import?format=jsonl',
      body: JSON.stringify({
        type: 'domain',
        value: domain(),
        verdict: 'suspicious',
        confidence: 0.5,
        source: 'mx',
      }),
      headers: { 'content-type': 'application/x-ndjson' },
    }),
    'GET /api/v1/export': {
      any: async () => ({ path: '/api/v1/export?format=jsonl&type=app' }),
      private: async (who, owner) => {
        const { value } = await privateValue(orgOf(who, owner));
        return { path: '/api/v1/export?format=jsonl&type=domain', secret: value };
      },
    },

    'GET /api/v1/lookup': {
      any: async () => ({ path: '/api/v1/lookup?value=13800138000' }),
      private: async (who, owner) => {
        const { value, secret } = await privateValue(orgOf(who, owner));
        return { path: `/api/v1/lookup?type=domain&value=${value}`, secret };
      },
    },
    'POST /api/v1/lookup': {
      any: async () => ({ path: '/api/v1/lookup', body: { values: ['13800138000'] } }),
      private: async (who, owner) => {
        const { value, secret } = await privateValue(orgOf(who, owner));
        return { path: '/api/v1/lookup', body: { values: [{ type: 'domain', value }] }, secret };
      },
    },
    'POST /api/v1/url/check': async () => ({
      path: '/api/v1/url/check',
      body: { url: 'https://example.com/a' },
    }),
    'POST /api/v1/app/check': async () => ({
      path: '/api/v1/app/check',
      body: { package: 'com.example.app' },
    }),
    'POST /api/v1/page/check': async () => ({
      path: '/api/v1/page/check',
      body: { url: 'https://example.com/', html: '<html><title>x</title></html>' },
    }),
    'GET /api/v1/brands': async () => ({ path: '/api/v1/brands' }),
    'GET /api/v1/brands/:id': async () => ({ path: '/api/v1/brands/alipay' }),
    'POST /api/v1/brands': async () => ({
      path: '/api/v1/brands',
      body: { ...JSON.parse(setup.brand ?? '{}'), id: `mx${uniq()}` },
    }),
    // A member editing a brand's official domains; the body is the brand as it stands, so an allowed edit
    // changes nothing.
    'PUT /api/v1/brands/:id': async () => ({
      path: '/api/v1/brands/alipay',
      body: JSON.parse(setup.brand ?? '{}'),
    }),

    'GET /api/v1/reports/challenge': async () => ({ path: '/api/v1/reports/challenge' }),
    'POST /api/v1/reports': async () => ({
      path: '/api/v1/reports',
      body: { channel: 'sms', text: `matrix report ${uniq()}` },
      headers: { 'x-forwarded-for': ip() },
    }),
    'GET /api/v1/reports/:receipt': async () => ({ path: `/api/v1/reports/${setup.receipt}` }),
    'PUT /api/v1/reports/settings': async () => ({
      path: '/api/v1/reports/settings',
      body: { difficulty: 0, required: false },
    }),

    'GET /api/v1/collaboration/permissions': async () => ({ path: '/api/v1/collaboration/permissions' }),
    'GET /api/v1/queue': async () => ({ path: '/api/v1/queue' }),
    'GET /api/v1/queue/:id': async () => ({ path: `/api/v1/queue/${setup.alert}` }),
    'POST /api/v1/queue/alerts': async () => ({
      path: '/api/v1/queue/alerts',
      body: { title: 'mx', source: 'mx', values: [{ type: 'phone', value: phone() }] },
    }),
    'POST /api/v1/queue/:id/decision': async () => {
      const a = await alert([{ type: 'phone', value: phone() }]);
      return { path: `/api/v1/queue/${a.id}/decision`, body: { decision: 'reject', reason: 'mx' } };
    },
    'GET /api/v1/cases': async () => ({ path: '/api/v1/cases' }),
    'GET /api/v1/cases/:id': async () => ({ path: `/api/v1/cases/${setup.case}` }),
    'PATCH /api/v1/cases/:id': async () => ({
      path: `/api/v1/cases/${setup.case}`,
      body: { severity: 'high' },
    }),
    'POST /api/v1/cases/:id/notes': async () => ({
      path: `/api/v1/cases/${setup.case}/notes`,
      body: { text: 'mx' },
    }),
    'POST /api/v1/cases/:id/merge': async () => {
      const [a, b] = [await freshCase(), await freshCase()];
      return { path: `/api/v1/cases/${a.id}/merge`, body: { into: b.id, reason: 'mx' } };
    },
    'POST /api/v1/cases/:id/split': async () => {
      const c = await freshCase(2);
      return {
        path: `/api/v1/cases/${c.id}/split`,
        body: { resourceIds: c.resourceIds.slice(0, 1), title: 'mx' },
      };
    },
    'POST /api/v1/cases/:id/workorders': async () => ({
      path: `/api/v1/cases/${(await freshCase()).id}/workorders`,
      body: {},
    }),
    'GET /api/v1/cases/:id/dossier': async () => ({ path: `/api/v1/cases/${setup.case}/dossier` }),
    'GET /api/v1/workorders': {
      any: async () => ({ path: '/api/v1/workorders' }),
      mine: async (who, owner) => {
        const order = await freshOrderIn(orgOf(who, owner));
        return order && { path: `/api/v1/workorders?caseId=${order.caseId}`, secret: order.id };
      },
    },
    'GET /api/v1/workorders/:id': async (who, owner) => {
      const id = await freshWorkOrder(orgOf(who, owner));
      return id === undefined ? undefined : { path: `/api/v1/workorders/${id}` };
    },
    'POST /api/v1/workorders/:id/feedback': async (who, owner) => {
      const id = await freshWorkOrder(orgOf(who, owner));
      return id === undefined
        ? undefined
        : { path: `/api/v1/workorders/${id}/feedback`, body: { outcome: 'done' } };
    },
    'POST /api/v1/workorders/:id/route': async () => ({
      path: `/api/v1/workorders/${await freshWorkOrder(ORG.operator)}/route`,
      body: { orgId: ORG.platform, reason: 'mx' },
    }),
    'POST /api/v1/workorders/sweep': async () => ({ path: '/api/v1/workorders/sweep' }),
    'GET /api/v1/routing': async () => ({ path: '/api/v1/routing' }),
    'PUT /api/v1/routing': async () => ({
      path: '/api/v1/routing',
      body: { kind: 'bank', key: 'matrix-bank', orgId: ORG.bank },
    }),
    'POST /api/v1/appeals': async () => {
      const value = await confirmed();
      return { path: '/api/v1/appeals', body: { type: 'phone', value, statement: 'mine', checklist: [] } };
    },
    'GET /api/v1/appeals': async () => ({ path: '/api/v1/appeals' }),
    'GET /api/v1/appeals/:id': async (who, owner) => {
      const orgId = orgOf(who, owner);
      if (![ORG.regulator, ORG.operator, ORG.bank, ORG.platform, ORG.registrar].includes(orgId))
        return undefined;
      const value = await confirmed();
      const a = await must('POST', '/api/v1/appeals', keyOf(orgId), {
        type: 'phone',
        value,
        statement: 'mine',
        checklist: [],
      });
      return { path: `/api/v1/appeals/${a.id}` };
    },
    'POST /api/v1/appeals/:id/decision': async () => {
      const value = await confirmed();
      const a = await must('POST', '/api/v1/appeals', keyOf(ORG.operator), {
        type: 'phone',
        value,
        statement: 'mine',
        checklist: [],
      });
      return { path: `/api/v1/appeals/${a.id}/decision`, body: { decision: 'rejected', reason: 'mx' } };
    },
    'POST /api/v1/credit/entries': async () => ({
      path: '/api/v1/credit/entries',
      body: { subject: residentId(), measure: 'no_non_counter_banking', reason: 'mx' },
    }),
    'GET /api/v1/credit/entries': async () => ({ path: '/api/v1/credit/entries' }),
    'POST /api/v1/credit/entries/:id/lift': async () => {
      const c = await must('POST', '/api/v1/credit/entries', regulator(), {
        subject: residentId(),
        measure: 'no_non_counter_banking',
        reason: 'mx',
      });
      return { path: `/api/v1/credit/entries/${c.id}/lift`, body: { reason: 'mx' } };
    },
    'POST /api/v1/credit/check': async () => ({
      path: '/api/v1/credit/check',
      body: { subject: residentId() },
    }),
    'GET /api/v1/settings/thresholds': async () => ({ path: '/api/v1/settings/thresholds' }),
    // A proposal of the thresholds in force, and applying them again: later answers do not move.
    'POST /api/v1/settings/thresholds/shadow': async () => ({
      path: '/api/v1/settings/thresholds/shadow',
      body: (await must('GET', '/api/v1/settings/thresholds', regulator())).thresholds,
    }),
    'PUT /api/v1/settings/thresholds': async () => ({
      path: '/api/v1/settings/thresholds',
      body: {
        ...(await must('GET', '/api/v1/settings/thresholds', regulator())).thresholds,
        reason: 'matrix',
      },
    }),
    'GET /api/v1/evaluation': async () => ({
      path: '/api/v1/evaluation?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    }),

    'POST /api/v1/webhooks': async () => ({
      path: '/api/v1/webhooks',
      body: { url: 'http://127.0.0.1:9/hook', events: ['workorder.created'] },
    }),
    'GET /api/v1/webhooks': async () => ({ path: '/api/v1/webhooks' }),
    'DELETE /api/v1/webhooks/:id': async (who, owner) => ({
      path: `/api/v1/webhooks/${(await subscription(orgOf(who, owner))).id}`,
    }),
    'GET /api/v1/webhooks/:id/deliveries': async (who, owner) => ({
      path: `/api/v1/webhooks/${(await subscription(orgOf(who, owner))).id}/deliveries`,
    }),
    // The caller's own subscription, with a delivery of its own or of another organisation's subscription.
    'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': async (who, owner) => {
      const mine = await subscription(orgOf(who, 'own'), owner === 'own');
      const delivery =
        owner === 'own' ? mine.delivery : (await subscription(orgOf(who, 'other'), true)).delivery;
      if (delivery === undefined) return undefined;
      return { path: `/api/v1/webhooks/${mine.id}/deliveries/${delivery}/retry` };
    },

    'POST /api/v1/sms/classify': async () => ({
      path: '/api/v1/sms/classify',
      body: { text: 'hello there' },
    }),
    'POST /api/v1/sms/ingest': async () => ({
      path: '/api/v1/sms/ingest',
      body: {
        records: [
          {
            sender: '10690000',
            receiver: '13800000000',
            time: new Date().toISOString(),
            text: `mx ${uniq()}`,
          },
        ],
      },
    }),
    'GET /api/v1/sms/templates': async () => ({ path: '/api/v1/sms/templates?limit=5' }),
    'POST /api/v1/calls/records': async () => ({ path: '/api/v1/calls/records', body: { records: [] } }),
    'GET /api/v1/calls/alerts': async () => ({ path: '/api/v1/calls/alerts' }),
    'GET /api/v1/calls/numbers/:phone': async (who, owner) => ({
      path: `/api/v1/calls/numbers/${encodeURIComponent((await kick(orgOf(who, owner))).phone)}`,
    }),
    'POST /api/v1/calls/kicks/:id/restore': async (who, owner) => ({
      path: `/api/v1/calls/kicks/${(await kick(orgOf(who, owner))).id}/restore`,
      body: { reason: 'appeal upheld' },
    }),

    'GET /api/v1/awareness/summary': async () => ({ path: '/api/v1/awareness/summary' }),
    'GET /api/v1/awareness/charts': async () => ({ path: '/api/v1/awareness/charts' }),
    'GET /api/v1/awareness/charts/:id': async () => ({ path: `/api/v1/awareness/charts/${setup.chart}` }),
    'GET /api/v1/awareness/dashboard': async () => ({ path: '/api/v1/awareness/dashboard' }),

    'POST /api/v1/transfers': async () => ({
      path: '/api/v1/transfers',
      body: {
        transfers: [
          {
            recordId: `mx-${uniq()}`,
            payer: '6200000000000101',
            payee: '6200000000000102',
            amount: 1,
            currency: 'CNY',
            time: 0,
          },
        ],
      },
    }),
    'GET /api/v1/transfers/alerts': async () => ({ path: '/api/v1/transfers/alerts' }),
    'GET /api/v1/transfers/accounts/:account': async () => ({
      path: '/api/v1/transfers/accounts/6200000000000101',
    }),
    'GET /api/v1/gangs': async () => ({ path: '/api/v1/gangs' }),
    'GET /api/v1/gangs/:id': async () => ({ path: `/api/v1/gangs/${setup.gang}` }),
    'GET /api/v1/gangs/:id/path': async () => ({
      path: `/api/v1/gangs/${setup.gang}/path?from=${setup.gangFrom}&to=${setup.gangTo}`,
    }),
    'GET /api/v1/gangs/:id/dossier': async () => ({ path: `/api/v1/gangs/${setup.gang}/dossier` }),

    'GET /api/v1/edge/call': async () => ({
      path: '/api/v1/edge/call?from=%2B8613812340000&to=%2B8613900000001',
    }),
    'POST /api/v1/edge/calls/completed': async () => ({
      path: '/api/v1/edge/calls/completed',
      body: { caller: '13912345678', callee: '13500003004' },
    }),
    'POST /api/v1/edge/sms': async () => ({
      path: '/api/v1/edge/sms',
      body: { sender: '10690000', receiver: '13500009999', text: 'hello' },
    }),
    'POST /api/v1/transfers/check': async () => ({
      path: '/api/v1/transfers/check',
      body: {
        payer: '6212260000000001',
        payee: { account: '6217000000000000011' },
        amount: 1,
        channel: 'app',
      },
    }),
    'GET /api/v1/lists/:name': async () => ({ path: '/api/v1/lists/block?since=0&limit=1' }),
    'GET /api/v1/lists/:name/key': async () => ({ path: '/api/v1/lists/block/key' }),
    'PUT /api/v1/edge/warnings/webhook': async () => ({
      path: '/api/v1/edge/warnings/webhook',
      body: { url: 'http://127.0.0.1:9/warn', secret: 'matrix-secret-0123456789' },
    }),
    'POST /api/v1/edge/warnings/events': async () => ({
      path: '/api/v1/edge/warnings/events',
      body: { subscriber: '13800000001', trigger: 'call', verdict: 'fraud', reason: 'mx' },
    }),
    'GET /api/v1/edge/warnings': async () => ({ path: '/api/v1/edge/warnings' }),
    'POST /api/v1/edge/warnings/:id/feedback': async () => ({
      path: `/api/v1/edge/warnings/${setup.warning}/feedback`,
      body: { accurate: true },
    }),
    'GET /api/v1/edge/warnings/accuracy': async () => ({ path: '/api/v1/edge/warnings/accuracy' }),

    'GET /api/v1/federation/peers': async () => {
      standingPeer ??= peer();
      return { path: '/api/v1/federation/peers', secret: (await standingPeer).key };
    },
    'POST /api/v1/federation/peers': async () => {
      const key = `mx-peer-key-${uniq()}`;
      return {
        path: '/api/v1/federation/peers',
        body: { name: `mx-${uniq()}`, url: 'http://127.0.0.1:9', key },
        secret: key,
      };
    },
    'DELETE /api/v1/federation/peers/:name': async () => ({
      path: `/api/v1/federation/peers/${(await peer()).name}`,
    }),
    'POST /api/v1/federation/sync': async () => {
      standingPeer ??= peer();
      return { path: '/api/v1/federation/sync', secret: (await standingPeer).key };
    },

    'GET /taxii2/': async () => ({ path: '/taxii2/' }),
    'GET /taxii2/api/': async () => ({ path: '/taxii2/api/' }),
    'GET /taxii2/api/collections/': async () => ({ path: '/taxii2/api/collections/' }),
    'GET /taxii2/api/collections/:id/': async () => ({ path: `/taxii2/api/collections/${setup.members}/` }),
    'GET /taxii2/api/collections/:id/objects/': async () => ({
      path: `/taxii2/api/collections/${setup.members}/objects/?limit=2`,
    }),
    'POST /taxii2/api/collections/:id/objects/': async () => ({
      path: `/taxii2/api/collections/${setup.inbox}/objects/`,
      body: { objects: [] },
      headers: { 'content-type': TAXII },
    }),
    'GET /taxii2/api/collections/:id/manifest/': async () => ({
      path: `/taxii2/api/collections/${setup.members}/manifest/?limit=2`,
    }),
    'GET /taxii2/api/collections/:id/objects/:objectId/': async () => ({
      path: `/taxii2/api/collections/${setup.members}/objects/${setup.object}/`,
    }),
    'GET /taxii2/api/collections/:id/objects/:objectId/versions/': async () => ({
      path: `/taxii2/api/collections/${setup.members}/objects/${setup.object}/versions/`,
    }),
    'GET /taxii2/api/status/:statusId/': async (who, owner) => {
      const orgId = orgOf(who, owner);
      if (orgId !== ORG.regulator) return undefined;
      const st = await must(
        'POST',
        `/taxii2/api/collections/${setup.inbox}/objects/`,
        keyOf(orgId, 'analyst'),
        { objects: [] },
        { 'content-type': TAXII, accept: TAXII },
      );
      return { path: `/taxii2/api/status/${st.id}/` };
    },
  };

  /** A fresh claim of this organisation, shared as told, to withdraw. */
  const withdraw = async (orgId: string, sharing: 'members' | 'private'): Promise<Req> => {
    const value = domain();
    await claim(keyOf(orgId), 'domain', value, { sharing });
    const v = await must('GET', `/api/v1/values?type=domain&value=${value}`, keyOf(orgId));
    return { path: `/api/v1/claims/${v.claims[0].id}?reason=matrix` };
  };
  /**
   * A webhook subscription of this organisation and, when asked for and the organisation takes work orders, one
   * delivery in its outbox (a work order routed to it).
   */
  const subscription = async (
    orgId: string,
    withDelivery = false,
  ): Promise<{ id: string; delivery: number | undefined }> => {
    const sub = await must('POST', '/api/v1/webhooks', keyOf(ORG.regulator), {
      url: 'http://127.0.0.1:9/hook',
      events: ['workorder.created', 'workorder.escalated'],
      orgId,
    });
    if (!withDelivery) return { id: sub.id, delivery: undefined };
    await freshWorkOrder(orgId);
    const deliveries = await must('GET', `/api/v1/webhooks/${sub.id}/deliveries`, keyOf(ORG.regulator));
    const first = (deliveries.items ?? deliveries)[0] as { id: number } | undefined;
    return { id: sub.id, delivery: first?.id };
  };

  let web: string;
  const callers: Who[] = [];
  let routes: string[] = [];
  let documented = new Set<string>();

  beforeAll(async () => {
    // A console of one page, so the console's routes are the same whether or not web/dist was built.
    web = mkdtempSync(join(tmpdir(), 'fanzha-matrix-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>console</title>');
    s = await startTestServer(dialect, {
      demo: true,
      env: { FANZHA_DEMO_SAMPLE: '10', FANZHA_TRUST_PROXY: 'true', FANZHA_WEB_ROOT: web },
    });
    const admin = await s.login('admin');
    for (const [kind, orgId] of Object.entries(ORG) as Array<[OrgKind, string]>) {
      for (const role of ['admin', 'analyst'] as const) {
        const k = await must(
          'POST',
          '/api/v1/apikeys',
          { cookie: admin },
          { orgId, name: `mx ${kind} ${role}`, role },
        );
        keys.set(`${orgId}:${role}`, k.key);
      }
      callers.push({
        name: `key@${kind}`,
        caller: { via: 'key', kind, role: 'analyst' },
        orgId,
        cred: keyOf(orgId, 'analyst'),
      });
    }
    const users: Array<[OrgKind, Role]> = [
      ['regulator', 'viewer'],
      ['regulator', 'reporter'],
      ['regulator', 'analyst'],
      ['regulator', 'admin'],
      ...(['operator', 'bank', 'platform', 'police'] as const).flatMap((k): Array<[OrgKind, Role]> => [
        [k, 'analyst'],
        [k, 'admin'],
      ]),
    ];
    for (const [kind, role] of users) {
      const username = `mx-${kind}-${role}`;
      await must(
        'POST',
        '/api/v1/users',
        { cookie: admin },
        { orgId: ORG[kind], username, password: PASSWORD, role },
      );
      callers.push({
        name: `${role}@${kind}`,
        caller: { via: 'user', kind, role },
        orgId: ORG[kind],
        username,
        cred: { cookie: await login(username) },
      });
    }
    const revoked = await must(
      'POST',
      '/api/v1/apikeys',
      { cookie: admin },
      { orgId: ORG.bank, name: 'mx revoked', role: 'admin' },
    );
    await must('DELETE', `/api/v1/apikeys/${revoked.apiKey.id}`, { cookie: admin });
    callers.push(
      { name: 'anonymous', caller: { via: 'anonymous' }, orgId: undefined, cred: {} },
      {
        name: 'forged',
        caller: { via: 'forged' },
        orgId: undefined,
        cred: { apiKey: 'fz_forged0123456789abcdef' },
      },
      { name: 'revoked', caller: { via: 'revoked' }, orgId: undefined, cred: { apiKey: revoked.key } },
      {
        name: 'forged session',
        caller: { via: 'forged-session' },
        orgId: undefined,
        cred: { cookie: 'fanzha_session=forged0123456789abcdefforged0123456789' },
      },
    );

    // Shared read-only targets.
    setup.publicValue = domain();
    await claim(regulator(), 'domain', setup.publicValue, { sharing: 'public' });
    await must('PUT', '/api/v1/reports/settings', keyOf(ORG.regulator), { difficulty: 0, required: false });
    setup.receipt = (
      await must('POST', '/api/v1/reports', {}, { channel: 'sms', text: 'matrix setup report' })
    ).receipt;
    setup.alert = String((await alert([{ type: 'phone', value: phone() }])).id);
    setup.case = (await freshCase()).id;
    const { id: _id, ...brand } = await must('GET', '/api/v1/brands/alipay', regulator());
    setup.brand = JSON.stringify(brand);
    setup.chart = (await must('GET', '/api/v1/awareness/charts', regulator())).items[0].id;
    // A gang: three numbers on one handset, one of them listed.
    const handset = [phone(), phone(), phone()];
    await must('POST', '/api/v1/claims', regulator(), {
      claims: [{ type: 'phone', value: handset[0], verdict: 'fraud', confidence: 0.9, source: 'matrix' }],
      links: handset.map((p) => ({
        from: { type: 'phone', value: p },
        to: { type: 'device', value: '862000000000099' },
        kind: 'same_device',
      })),
    });
    // As the police see it: the regulator's view also holds what was shared with it alone.
    const gangs = await must('GET', '/api/v1/gangs', keyOf(ORG.police, 'analyst'));
    setup.gang = gangs.gangs[0].id;
    const gang = await must('GET', `/api/v1/gangs/${setup.gang}`, keyOf(ORG.police, 'analyst'));
    setup.gangFrom = encodeURIComponent(gang.nodes[0].key);
    setup.gangTo = encodeURIComponent(gang.nodes[1].key);
    await must('POST', '/api/v1/edge/warnings/events', keyOf(ORG.operator, 'analyst'), {
      subscriber: '13800000002',
      trigger: 'call',
      verdict: 'fraud',
      reason: 'mx',
    });
    await s.server.container.edge.warnings.flush();
    setup.warning = String((await must('GET', '/api/v1/edge/warnings', regulator())).items[0].id);
    const taxii = { accept: TAXII };
    const collections = await must('GET', '/taxii2/api/collections/', regulator(), undefined, taxii);
    for (const c of collections.collections as Array<{ id: string; title: string; can_write: boolean }>) {
      if (c.can_write) setup.inbox = c.id;
      else if (/member/i.test(c.title)) setup.members = c.id;
    }
    const objects = await must(
      'GET',
      `/taxii2/api/collections/${setup.members}/objects/?limit=1`,
      regulator(),
      undefined,
      taxii,
    );
    setup.object = objects.objects?.[0]?.id ?? 'indicator--00000000-0000-4000-8000-000000000000';

    routes = [
      ...new Set(
        s.server.app.routeTable.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`),
      ),
    ];
    const doc = s.server.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('asks as an organisation of every kind', () => {
    expect(Object.keys(ORG).sort()).toEqual([...ORG_KINDS].sort());
  });

  it('has an entry for every registered route, and no entry for a route that is gone', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
    expect(routes.filter((r) => !(r in FIXTURES))).toEqual([]);
  });

  it('documents every route in the OpenAPI document, or lists it as deliberately undocumented', () => {
    expect(routes.filter((r) => !documented.has(r) && !UNDOCUMENTED.includes(r))).toEqual([]);
    expect(UNDOCUMENTED.filter((r) => documented.has(r))).toEqual([]);
  });

  it('answers every route × caller × own/other record as the matrix says', async () => {
    const wrong: string[] = [];
    let asked = 0;
    for (const route of routes) {
      const entry = MATRIX[route];
      const fixtures = FIXTURES[route];
      if (!entry || !fixtures) continue;
      const method = route.slice(0, route.indexOf(' '));
      for (const [name, c] of casesOf(entry)) {
        const fixture = typeof fixtures === 'function' ? fixtures : fixtures[name];
        if (!fixture) {
          wrong.push(`${route} [${name}]: no fixture`);
          continue;
        }
        // The callers ask at once (each its own and then the other record): fixtures make fresh objects,
        // so no two requests share a target that either changes.
        const ask = async (who: Who, owner: Owner): Promise<void> => {
          const want = c.expect(who.caller, owner);
          let req: Req | undefined;
          try {
            req = await fixture(who, owner);
          } catch (e) {
            wrong.push(`${route}${name ? ` [${name}]` : ''} as ${who.name}: ${String(e)}`);
            return;
          }
          if (!req) return;
          const cred = req.cred ?? who.cred;
          const r = await s.call(method, req.path, {
            ...cred,
            ...(req.body === undefined ? {} : { body: req.body }),
            headers: { ...(route.includes('taxii2') ? { accept: TAXII } : {}), ...req.headers },
          });
          const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
          const got: string | number =
            r.status < 200 || r.status >= 300
              ? r.status
              : want === 'shown' || want === 'hidden'
                ? text.includes(req.secret ?? '\u0000')
                  ? 'shown'
                  : 'hidden'
                : 'ok';
          asked++;
          if (got !== want)
            wrong.push(
              `${route}${name ? ` [${name}]` : ''} as ${who.name}${c.owned ? ` (${owner})` : ''}: ` +
                `${r.status} ${r.status >= 300 ? JSON.stringify(r.body).replaceAll('"', "'").slice(0, 160) : ''}, expected ${want}`,
            );
        };
        await Promise.all(
          callers.map(async (who) => {
            for (const owner of c.owned && who.orgId ? (['own', 'other'] as const) : (['other'] as const))
              await ask(who, owner);
          }),
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(asked).toBeGreaterThan(routes.length * callers.length);
  }, 600_000);
});
