/**
 * The verdict thresholds through the real HTTP API on both databases: who may read, compare and apply
 * them; the shadow comparison writes nothing; a bad set is refused naming the field and leaves the
 * setting and the audit log as they were; applying is audited with actor, scope and reason and moves the
 * values it should, in the library and in the lookups, and scores new claims with the new thresholds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PATH = '/api/v1/settings/thresholds';

describeEachDatabase('verdict thresholds and shadow mode', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  /** A number unique to this run, so the claims below are the only ones on it. */
  // An address of a type the demo data lacks, so it always shows in the comparison's sample of its type.
  const address = (n: number) => `45.${Math.floor(Math.random() * 200) + 20}.${Date.now() % 250}.${n}`;

  const claim = (value: string) =>
    s.call('POST', '/api/v1/claims', {
      cookie: cookies.analyst,
      body: {
        claims: [
          {
            type: 'ip',
            value,
            verdict: 'fraud',
            confidence: 0.5,
            source: 'thresholds-test',
            sharing: 'public',
          },
        ],
      },
    });
  const standing = async (value: string) =>
    (
      await s.call('GET', `/api/v1/values?type=ip&value=${encodeURIComponent(value)}`, {
        cookie: cookies.analyst,
      })
    ).body.resource as { verdict: string; score: number; display: string };
  /** The thresholds' audit entries, read page by page (the demo writes thousands of others). */
  const thresholdAudits = async () => {
    const all: Array<Record<string, unknown>> = [];
    for (let after = 0; ;) {
      const p = await s.call('GET', `/api/v1/audit?after=${after}&limit=1000`, { cookie: cookies.analyst });
      expect(p.status).toBe(200);
      const items = p.body.items as Array<{ seq: number; action: string }>;
      if (items.length === 0) return all;
      all.push(...items.filter((e) => e.action === 'thresholds.write'));
      after = items[items.length - 1]?.seq ?? after;
    }
  };

  let first: string;

  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true, env: { FANZHA_DEMO_SAMPLE: '10' } });
    for (const u of ['admin', 'analyst', 'viewer', 'bank', 'operator', 'police'])
      cookies[u] = await s.login(u);
    first = address(1);
    expect((await claim(first)).status).toBe(200);
  }, 120_000);
  afterAll(async () => s.close());

  it('lets any analyst read the thresholds; a viewer and a visitor may not', async () => {
    for (const u of ['admin', 'analyst', 'bank', 'operator', 'police']) {
      const r = await s.call('GET', PATH, { cookie: cookies[u] });
      expect(r.status, u).toBe(200);
      expect(r.body).toEqual({
        thresholds: { fraud: 0.75, suspicious: 0.4 },
        defaults: { fraud: 0.75, suspicious: 0.4 },
      });
    }
    expect((await s.call('GET', PATH, { cookie: cookies.viewer })).status).toBe(403);
    expect((await s.call('GET', PATH)).status).toBe(401);
  });

  it('compares a proposed set in shadow mode without applying it', async () => {
    const before = await standing(first);
    expect(before.score).toBeGreaterThan(0);
    expect(before.score).toBeLessThan(0.75);
    // A hair below the stored score (rounded to three places) so that rescoring agrees.
    const proposed = { fraud: before.score - 0.005, suspicious: before.score / 2 };
    const r = await s.call('POST', `${PATH}/shadow`, { cookie: cookies.analyst, body: proposed });
    expect(r.status).toBe(200);
    expect(r.body.current).toEqual({ fraud: 0.75, suspicious: 0.4 });
    expect(r.body.proposed).toEqual(proposed);
    expect(r.body.changed).toBeGreaterThanOrEqual(1);
    expect(r.body.evaluated).toBeGreaterThanOrEqual(r.body.changed);
    expect(r.body.sample).toContainEqual({
      type: 'ip',
      value: before.display,
      score: before.score,
      from: before.verdict,
      to: 'fraud',
    });
    const move = (
      r.body.transitions as Array<{ type: string; from: string; to: string; count: number }>
    ).find((t) => t.type === 'ip' && t.from === before.verdict && t.to === 'fraud');
    expect(move?.count).toBeGreaterThanOrEqual(1);
    const total = (r.body.transitions as Array<{ count: number }>).reduce((n, t) => n + t.count, 0);
    expect(total).toBe(r.body.changed);
    // The same thresholds as in force move nothing.
    const same = await s.call('POST', `${PATH}/shadow`, {
      cookie: cookies.analyst,
      body: { fraud: 0.75, suspicious: 0.4 },
    });
    expect(same.body).toMatchObject({ changed: 0, changedPublic: 0, transitions: [], sample: [] });
    // Nothing was applied.
    expect((await s.call('GET', PATH, { cookie: cookies.analyst })).body.thresholds).toEqual({
      fraud: 0.75,
      suspicious: 0.4,
    });
    expect((await standing(first)).verdict).toBe(before.verdict);
  });

  it('lets only the regulator’s analysts compare and apply', async () => {
    const body = { fraud: 0.7, suspicious: 0.3, reason: 'tuning' };
    for (const u of ['bank', 'operator', 'police', 'viewer']) {
      expect((await s.call('POST', `${PATH}/shadow`, { cookie: cookies[u], body })).status, u).toBe(400);
      expect(
        (
          await s.call('POST', `${PATH}/shadow`, {
            cookie: cookies[u],
            body: { fraud: 0.7, suspicious: 0.3 },
          })
        ).status,
        u,
      ).toBe(403);
      expect((await s.call('PUT', PATH, { cookie: cookies[u], body })).status, u).toBe(403);
    }
    expect((await s.call('PUT', PATH, { body })).status).toBe(401);
    expect(await thresholdAudits()).toEqual([]);
  });

  it('refuses a bad set with a 400 naming the field and writes nothing', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ fraud: 0.7, suspicious: 0.3 }, 'reason'],
      [{ fraud: 0.7, suspicious: 0.3, reason: '   ' }, 'reason'],
      [{ fraud: 0.5, suspicious: 0.6, reason: 'x' }, 'suspicious'],
      [{ fraud: 0.5, suspicious: 0.5, reason: 'x' }, 'suspicious'],
      [{ fraud: 1.5, suspicious: 0.3, reason: 'x' }, 'fraud'],
      [{ fraud: 0, suspicious: 0, reason: 'x' }, 'fraud'],
      [{ fraud: 'high', suspicious: 0.3, reason: 'x' }, 'fraud'],
    ];
    for (const [body, field] of bad) {
      const r = await s.call('PUT', PATH, { cookie: cookies.analyst, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(String(r.body.error.field), JSON.stringify(body)).toContain(field);
    }
    const shadow = await s.call('POST', `${PATH}/shadow`, {
      cookie: cookies.analyst,
      body: { fraud: 0.3, suspicious: 0.4 },
    });
    expect(shadow.status).toBe(400);
    expect(shadow.body.error.field).toBe('suspicious');
    expect((await s.call('GET', PATH, { cookie: cookies.analyst })).body.thresholds).toEqual({
      fraud: 0.75,
      suspicious: 0.4,
    });
    expect(await thresholdAudits()).toEqual([]);
  });

  it('applies a set nationally, audited with actor, scope and reason, and moves the values it should', async () => {
    const before = await standing(first);
    // A hair below the stored score (rounded to three places) so that rescoring agrees.
    const proposed = { fraud: before.score - 0.005, suspicious: before.score / 2 };
    const shadow = await s.call('POST', `${PATH}/shadow`, { cookie: cookies.analyst, body: proposed });
    const r = await s.call('PUT', PATH, {
      cookie: cookies.analyst,
      body: { ...proposed, reason: 'single-source reports at this confidence proved fraud' },
    });
    expect(r.status).toBe(200);
    expect(r.body.thresholds).toEqual(proposed);
    expect(r.body.rescored).toBeGreaterThanOrEqual(shadow.body.changed);
    expect((await s.call('GET', PATH, { cookie: cookies.bank })).body.thresholds).toEqual(proposed);
    expect((await standing(first)).verdict).toBe('fraud');
    // The hot lookup index that answers lookups follows at once.
    const lookup = await s.call('GET', `/api/v1/lookup?type=ip&value=${encodeURIComponent(first)}`);
    expect(lookup.body.verdict).toBe('fraud');
    const operatorView = await s.call('GET', `/api/v1/values?type=ip&value=${encodeURIComponent(first)}`, {
      cookie: cookies.operator,
    });
    expect(operatorView.body.explanation.verdict).toBe('fraud');
    // A new value with the same evidence is scored with the new thresholds.
    const second = address(2);
    expect((await claim(second)).status).toBe(200);
    expect((await standing(second)).verdict).toBe('fraud');

    const audits = await thresholdAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      orgId: 'org_platform',
      action: 'thresholds.write',
      entityType: 'settings',
      entityId: 'scoring.thresholds',
      reason: 'single-source reports at this confidence proved fraud',
      data: {
        scope: 'national',
        before: { fraud: 0.75, suspicious: 0.4 },
        after: proposed,
        changed: shadow.body.changed,
      },
    });
    expect(String(audits[0]?.actor)).toContain('user:');
    // Once applied, the same set compares as no change.
    const again = await s.call('POST', `${PATH}/shadow`, { cookie: cookies.admin, body: proposed });
    expect(again.body.changed).toBe(0);
  });
});
