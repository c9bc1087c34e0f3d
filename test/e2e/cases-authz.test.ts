/**
 * The authorisation matrix of collaborative disposal: every endpoint of the queue, cases, work orders,
 * appeals, credit list, evaluation and webhooks × every role × every organisation kind
 * (and anonymous callers). The expectations are written out here, independently of the services'
 * rule tables, so a rule changed by mistake fails this test. Denied means 401/403; allowed means the
 * call got past authorisation (it may still be a 404 for the made-up ids used to keep the run harmless).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgKind, Role } from '../../src/shared/actor.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ORGS: Record<OrgKind, string> = {
  regulator: 'org_platform',
  operator: 'org_cmcc',
  platform: 'org_tencent',
  bank: 'org_icbc',
  registrar: 'org_registrar',
  police: 'org_police',
  public: 'org_public',
};
const ROLES: readonly Role[] = ['admin', 'analyst', 'reporter', 'viewer'];
const ACTING: readonly OrgKind[] = ['operator', 'platform', 'bank', 'registrar'];
const ALL: readonly Role[] = ROLES;
const ANALYSTS: readonly Role[] = ['admin', 'analyst'];

type Who = { kind: OrgKind; role: Role };
type Rule = (w: Who) => boolean;
const only =
  (kinds: readonly OrgKind[], roles: readonly Role[]): Rule =>
  (w) =>
    kinds.includes(w.kind) && roles.includes(w.role);

interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly allowed: Rule;
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'GET',
    path: '/api/v1/collaboration/permissions',
    allowed: only(Object.keys(ORGS) as OrgKind[], ALL),
  },
  { method: 'GET', path: '/api/v1/queue', allowed: only(['regulator'], ALL) },
  { method: 'GET', path: '/api/v1/queue/999999', allowed: only(['regulator'], ALL) },
  {
    method: 'POST',
    path: '/api/v1/queue/alerts',
    body: { title: 'matrix', source: 'authz-test', values: [{ type: 'phone', value: '+8613900000001' }] },
    allowed: only(['regulator', ...ACTING], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/queue/999999/decision',
    body: { decision: 'reject', reason: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  { method: 'GET', path: '/api/v1/cases', allowed: only(['regulator', 'police'], ALL) },
  { method: 'GET', path: '/api/v1/cases/case_none', allowed: only(['regulator', 'police'], ALL) },
  {
    method: 'PATCH',
    path: '/api/v1/cases/case_none',
    body: { severity: 'low' },
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/cases/case_none/notes',
    body: { text: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/cases/case_none/merge',
    body: { into: 'case_other', reason: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/cases/case_none/split',
    body: { resourceIds: [1], title: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/cases/case_none/workorders',
    body: {},
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'GET',
    path: '/api/v1/cases/case_none/dossier',
    allowed: only(['regulator', 'police'], ANALYSTS),
  },
  { method: 'GET', path: '/api/v1/workorders', allowed: only(['regulator', ...ACTING], ALL) },
  { method: 'GET', path: '/api/v1/workorders/wo_none', allowed: only(['regulator', ...ACTING], ALL) },
  {
    method: 'POST',
    path: '/api/v1/workorders/wo_none/feedback',
    body: { outcome: 'done' },
    allowed: only(ACTING, ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/workorders/wo_none/route',
    body: { orgId: 'org_cucc', reason: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  { method: 'POST', path: '/api/v1/workorders/sweep', allowed: only(['regulator'], ['admin']) },
  { method: 'GET', path: '/api/v1/routing', allowed: only(['regulator', 'police'], ALL) },
  {
    method: 'PUT',
    path: '/api/v1/routing',
    body: { kind: 'bank', key: 'matrix-bank', orgId: 'org_icbc' },
    allowed: only(['regulator'], ['admin']),
  },
  {
    method: 'POST',
    path: '/api/v1/appeals',
    body: { type: 'phone', value: '+8613900000002', statement: 'matrix', checklist: [] },
    allowed: only(['regulator', ...ACTING], ['admin', 'analyst', 'reporter']),
  },
  { method: 'GET', path: '/api/v1/appeals', allowed: only(['regulator', ...ACTING], ALL) },
  { method: 'GET', path: '/api/v1/appeals/apl_none', allowed: only(['regulator', ...ACTING], ALL) },
  {
    method: 'POST',
    path: '/api/v1/appeals/apl_none/decision',
    body: { decision: 'rejected', reason: 'matrix' },
    allowed: only(['regulator'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/credit/entries',
    body: { subject: '11010519491231002X', measure: 'no_non_counter_banking', reason: 'matrix' },
    allowed: only(['regulator', 'police'], ANALYSTS),
  },
  {
    method: 'GET',
    path: '/api/v1/credit/entries',
    allowed: only(['regulator', 'police'], ['admin', 'analyst', 'viewer']),
  },
  {
    method: 'POST',
    path: '/api/v1/credit/entries/crd_none/lift',
    body: { reason: 'matrix' },
    allowed: only(['regulator', 'police'], ANALYSTS),
  },
  {
    method: 'POST',
    path: '/api/v1/credit/check',
    body: { subject: '11010519491231002X' },
    allowed: only(['regulator', 'bank', 'operator', 'platform'], ALL),
  },
  {
    method: 'GET',
    path: '/api/v1/evaluation?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    allowed: only(['regulator', ...ACTING], ALL),
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks',
    body: { url: 'http://127.0.0.1:9/hook', events: ['workorder.created'] },
    allowed: only(['regulator', ...ACTING, 'police', 'public'], ['admin']),
  },
  {
    method: 'GET',
    path: '/api/v1/webhooks',
    allowed: only(['regulator', ...ACTING, 'police', 'public'], ['admin']),
  },
  {
    method: 'PUT',
    path: '/api/v1/reports/settings',
    body: { difficulty: 0, required: false },
    allowed: only(['regulator'], ['admin']),
  },
  { method: 'GET', path: '/api/v1/gangs', allowed: only(['regulator', 'police'], ALL) },
  { method: 'GET', path: '/api/v1/gangs/gang_000000000000', allowed: only(['regulator', 'police'], ALL) },
  {
    method: 'GET',
    path: '/api/v1/gangs/gang_000000000000/path?from=phone:1&to=phone:2',
    allowed: only(['regulator', 'police'], ALL),
  },
  {
    method: 'GET',
    path: '/api/v1/gangs/gang_000000000000/dossier',
    allowed: only(['regulator', 'police'], ALL),
  },
  {
    method: 'POST',
    path: '/api/v1/transfers',
    body: {
      transfers: [
        {
          recordId: 'authz-1',
          payer: '6200000000000101',
          payee: '6200000000000102',
          amount: 1,
          currency: 'CNY',
          time: 0,
        },
      ],
    },
    allowed: only(['bank', 'platform', 'regulator'], ['admin', 'analyst', 'reporter']),
  },
  {
    method: 'GET',
    path: '/api/v1/transfers/alerts',
    allowed: only(['bank', 'platform', 'regulator', 'police'], ALL),
  },
  {
    method: 'GET',
    path: '/api/v1/transfers/accounts/6200000000000101',
    allowed: only(['bank', 'platform', 'regulator', 'police'], ALL),
  },
];

/** Anonymous endpoints: open to everyone, including callers without credentials. */
const PUBLIC_ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/v1/reports/challenge', allowed: () => true },
  { method: 'GET', path: '/api/v1/reports/ABCD-EFGH-JKMN', allowed: () => true },
];

describe('collaborative disposal authorisation matrix [sqlite]', () => {
  let s: TestServer;
  const keys = new Map<string, string>();
  beforeAll(async () => {
    s = await startTestServer('sqlite', { demo: true });
    const admin = await s.login('admin');
    for (const kind of Object.keys(ORGS) as OrgKind[]) {
      for (const role of ROLES) {
        const r = await s.call('POST', '/api/v1/apikeys', {
          cookie: admin,
          body: { orgId: ORGS[kind], name: `matrix ${kind} ${role}`, role },
        });
        expect(r.status).toBe(201);
        keys.set(`${kind}:${role}`, r.body.key);
      }
    }
  });
  afterAll(async () => s.close());

  it('refuses every protected endpoint to anonymous callers with 401', async () => {
    for (const e of ENDPOINTS) {
      const r = await s.call(e.method, e.path, e.body === undefined ? {} : { body: e.body });
      expect([e.method, e.path, r.status]).toEqual([e.method, e.path, 401]);
    }
  });

  it('lets anonymous callers use the public report endpoints', async () => {
    for (const e of PUBLIC_ENDPOINTS) {
      const r = await s.call(e.method, e.path);
      expect([e.path, r.status === 401 || r.status === 403]).toEqual([e.path, false]);
    }
  });

  it('answers every endpoint × role × organisation kind as the matrix says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const e of ENDPOINTS) {
      for (const kind of Object.keys(ORGS) as OrgKind[]) {
        for (const role of ROLES) {
          const r = await s.call(e.method, e.path, {
            apiKey: keys.get(`${kind}:${role}`),
            ...(e.body === undefined ? {} : { body: e.body }),
          });
          const denied = r.status === 401 || r.status === 403;
          const expected = e.allowed({ kind, role });
          if (denied === expected || r.status >= 500)
            wrong.push(
              `${e.method} ${e.path} as ${role}@${kind}: ${r.status} (expected ${expected ? 'allowed' : 'denied'})`,
            );
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(ENDPOINTS.length * 28);
  });

  it('tells each caller which collaboration actions it may take, as the matrix says', async () => {
    const actions = async (kind: OrgKind, role: Role): Promise<string[]> =>
      (await s.call('GET', '/api/v1/collaboration/permissions', { apiKey: keys.get(`${kind}:${role}`) })).body
        .actions;
    const bank = await actions('bank', 'analyst');
    expect(bank).toContain('workorder.feedback');
    expect(bank).not.toContain('queue.read');
    expect(bank).not.toContain('case.read');
    const viewer = await actions('regulator', 'viewer');
    expect(viewer).toContain('queue.read');
    expect(viewer).not.toContain('queue.decide');
    expect(await actions('regulator', 'analyst')).toEqual(
      expect.arrayContaining(['queue.decide', 'case.write', 'appeal.decide']),
    );
    expect(await actions('public', 'reporter')).toEqual([]);
  });

  it('hides other organisations’ work orders and appeals (object level)', async () => {
    const analyst = keys.get('regulator:analyst');
    const alert = await s.call('POST', '/api/v1/queue/alerts', {
      apiKey: analyst,
      body: { title: 'mule number', source: 'matrix', values: [{ type: 'phone', value: '13912345670' }] },
    });
    const confirmed = await s.call('POST', `/api/v1/queue/${alert.body.id}/decision`, {
      apiKey: analyst,
      body: { decision: 'confirm', reason: 'matrix' },
    });
    const orders = await s.call('POST', `/api/v1/cases/${confirmed.body.case.id}/workorders`, {
      apiKey: analyst,
      body: {},
    });
    const order = orders.body.created[0];
    expect(order.orgId).toBe('org_cmcc');
    expect(
      (await s.call('GET', `/api/v1/workorders/${order.id}`, { apiKey: keys.get('operator:viewer') })).status,
    ).toBe(200);
    expect(
      (await s.call('GET', `/api/v1/workorders/${order.id}`, { apiKey: keys.get('bank:admin') })).status,
    ).toBe(404);
    const bankList = await s.call('GET', '/api/v1/workorders?orgId=org_cmcc', {
      apiKey: keys.get('bank:admin'),
    });
    // The bank sees none of China Mobile's orders, whatever it asks for (its own demo orders only).
    expect(bankList.body.items.filter((w: { orgId: string }) => w.orgId !== 'org_icbc')).toEqual([]);
    expect(
      (
        await s.call('POST', `/api/v1/workorders/${order.id}/feedback`, {
          apiKey: keys.get('platform:analyst'),
          body: { outcome: 'done' },
        })
      ).status,
    ).toBe(404);
  });
});
