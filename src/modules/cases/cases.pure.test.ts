import { describe, expect, it } from 'vitest';
import { computeIndex, median } from '../evaluation/evaluation.index.ts';
import { addYears, inForce } from '../credit/credit.types.ts';
import { nextDelay, signPayload, verifySignature, RETRY } from '../webhooks/webhooks.signing.ts';
import { buildDossier, dossierHtml } from './dossier.ts';
import { routeValue, type RoutingTable } from './routing.ts';

const ROWS = new Map([
  ['operator:china_mobile', 'org_cmcc'],
  ['registrar:default', 'org_registrar'],
  ['registrar:alibaba', 'org_aliyun'],
  ['platform:qq', 'org_tencent'],
  ['bank:default', 'org_icbc'],
]);
const TABLE: RoutingTable = { get: (kind, key) => ROWS.get(`${kind}:${key}`) };

describe('work-order routing', () => {
  it('routes each kind of value to the organisation that can act', () => {
    expect(routeValue('phone', { operator: 'china_mobile' }, TABLE)).toMatchObject({
      ok: true,
      orgId: 'org_cmcc',
      action: 'suspend_number',
    });
    expect(routeValue('phone', { operator: 'china_unicom' }, TABLE)).toMatchObject({ ok: false });
    expect(routeValue('phone', {}, TABLE)).toMatchObject({ ok: false });
    expect(routeValue('domain', { registrar: 'alibaba' }, TABLE)).toMatchObject({
      ok: true,
      orgId: 'org_aliyun',
      action: 'take_down_domain',
    });
    expect(routeValue('url', {}, TABLE)).toMatchObject({ ok: true, orgId: 'org_registrar' });
    expect(routeValue('account', { platform: 'qq' }, TABLE)).toMatchObject({
      ok: true,
      orgId: 'org_tencent',
      action: 'ban_account',
    });
    // An account with no institution goes to the table's default; one that names a bank without an
    // organisation is not sent to another bank.
    expect(routeValue('bank', {}, TABLE)).toMatchObject({
      ok: true,
      orgId: 'org_icbc',
      action: 'freeze_account',
      also: ['verify_holder'],
    });
    expect(routeValue('bank', { institution: 'Unknown Bank' }, TABLE)).toEqual({
      ok: false,
      reason: 'no bank organisation for Unknown Bank',
    });
    expect(routeValue('device', {}, TABLE)).toMatchObject({ ok: false });
  });
});

describe('evaluation index', () => {
  const base = {
    orgId: 'o',
    workOrders: 0,
    responded: 0,
    done: 0,
    refused: 0,
    onTime: 0,
    reactionMinutes: [],
    appealsUpheldAgainst: 0,
    confirmedClaims: 0,
  };
  it('rewards fast, on-time, accurate organisations', () => {
    const good = computeIndex({
      ...base,
      workOrders: 10,
      responded: 10,
      done: 10,
      onTime: 10,
      reactionMinutes: Array(10).fill(30),
      confirmedClaims: 20,
    });
    const slow = computeIndex({
      ...base,
      workOrders: 10,
      responded: 10,
      done: 10,
      onTime: 2,
      reactionMinutes: Array(10).fill(20 * 60),
      appealsUpheldAgainst: 5,
      confirmedClaims: 2,
    });
    expect(good.index).toBe(100);
    expect(slow.index).toBeLessThan(40);
    expect(slow.components.accuracy).toBe(0.5);
  });
  it('leaves out components without data', () => {
    const r = computeIndex({ ...base, confirmedClaims: 10 });
    expect(r.components.onTime).toBeNull();
    expect(r.index).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('credit list periods', () => {
  it('runs five calendar years and stops when lifted', () => {
    const start = Date.UTC(2026, 0, 15);
    const end = addYears(start, 5);
    expect(new Date(end).toISOString().slice(0, 10)).toBe('2031-01-15');
    expect(inForce({ startsAt: start, endsAt: end, liftedAt: null }, start + 1)).toBe(true);
    expect(inForce({ startsAt: start, endsAt: end, liftedAt: null }, end)).toBe(false);
    expect(inForce({ startsAt: start, endsAt: end, liftedAt: start + 5 }, start + 10)).toBe(false);
  });
});

describe('webhook signatures and back-off', () => {
  it('verifies its own signature and refuses tampering and stale timestamps', () => {
    const h = signPayload('s3cret', '{"a":1}', 1000);
    expect(verifySignature('s3cret', '{"a":1}', h, 2000)).toBe(true);
    expect(verifySignature('s3cret', '{"a":2}', h, 2000)).toBe(false);
    expect(verifySignature('other', '{"a":1}', h, 2000)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', h, 1000 + 10 * 60_000)).toBe(false);
  });
  it('doubles the delay up to the cap', () => {
    expect([1, 2, 3].map(nextDelay)).toEqual([30_000, 60_000, 120_000]);
    expect(nextDelay(30)).toBe(RETRY.capMs);
  });
});

describe('police dossier', () => {
  it('escapes what it prints', () => {
    const d = buildDossier(
      {
        case: {
          id: 'case_1',
          title: '<script>alert(1)</script>',
          status: 'open',
          severity: 'high',
          fraudType: null,
          assignee: null,
          createdBy: 'u',
          createdAt: 0,
          updatedAt: 0,
          deadlineAt: null,
          mergedInto: null,
        },
        values: [],
        queueItems: [],
        workOrders: [],
        timeline: [],
      },
      0,
    );
    const html = dossierHtml(d);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
  });
});
