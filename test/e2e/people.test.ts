/**
 * Readable names for every role: `GET /api/v1/people` gives the display names behind the actors a caller
 * meets (its own organisation's and the regulator's people and keys), on both databases, and nobody
 * else's; the regulator sees everyone's. Usernames and roles stay with the administrators.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Person {
  actor: string;
  displayName: string;
  orgId: string;
}

describeEachDatabase('display names of the people a caller meets', (dialect) => {
  let s: TestServer;
  const people = async (user: string): Promise<Person[]> => {
    const r = await s.call('GET', '/api/v1/people', { cookie: await s.login(user) });
    expect(r.status).toBe(200);
    return r.body.items as Person[];
  };

  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true, env: { FANZHA_DEMO_SAMPLE: '10' } });
  }, 120_000);
  afterAll(async () => s.close());

  it('names a bank its own people and the regulator’s, no operator’s', async () => {
    const seen = await people('bank');
    const orgs = new Set(seen.map((p) => p.orgId));
    expect([...orgs].sort()).toEqual(['org_icbc', 'org_platform']);
    const names = seen.map((p) => p.displayName);
    expect(names).toContain('银行风控员 Bank analyst');
    expect(names).toContain('研判分析员 Analyst');
    expect(names).not.toContain('运营商处置员 Operator analyst');
    for (const p of seen) {
      expect(p.actor).toMatch(/^(user|key):/);
      expect(Object.keys(p).sort()).toEqual(['actor', 'displayName', 'orgId']);
    }
  });

  it('names the regulator everyone, and answers a viewer too; a visitor gets 401', async () => {
    const all = await people('analyst');
    expect(new Set(all.map((p) => p.orgId))).toEqual(
      new Set([
        'org_platform',
        'org_cmcc',
        'org_icbc',
        'org_tencent',
        'org_police',
        'org_registrar',
        'org_public',
      ]),
    );
    // A viewer of the regulator reads the same names (no usernames, so nothing to manage).
    expect((await people('viewer')).length).toBe(all.length);
    const police = await people('police');
    expect(new Set(police.map((p) => p.orgId))).toEqual(new Set(['org_police', 'org_platform']));
    expect((await s.call('GET', '/api/v1/people')).status).toBe(401);
  });
});
