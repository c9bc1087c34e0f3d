/**
 * Call alerts become cases, on real SQLite and real PostgreSQL through the real container: an alert
 * above its detector's threshold opens one case per detector and subject (later alerts add events),
 * routed by a work order to the number's operator (or the reporting organisation), with the alert's
 * reasons on the timeline; 实名不实人 asks for re-verification and never for a shutdown. Both through
 * the service and through HTTP ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerPrincipalApp } from '../../../../test/support/header-principal.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../../test/support/databases.ts';
import type { App } from '../../../adapters/http/http.types.ts';
import { loadConfig } from '../../../config.ts';
import { buildContainer, type Container } from '../../../container.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { DomainError } from '../../../shared/errors.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SYSTEM_ACTOR } from '../../../shared/actor.ts';
import type { Case } from '../../cases/cases.types.ts';
import type { Actor } from '../../../shared/actor.ts';
import { caseRequestOf, DEFAULT_CASE_POLICY, parseCasePolicy } from './calls.cases.ts';
import { callsRoutes } from '../../../adapters/http/routes/calls.routes.ts';
import { createCallsService } from './calls.service.ts';
import { loadFraudModel } from './fraud-model.ts';
import type { CallAlert } from './engine.types.ts';
import { generateCallRecords } from './generator.ts';
import { defaultParams } from './generator.params.ts';
import { callsRepository } from './calls.repository.ts';

const OPERATOR: Actor = { orgId: 'org_op', orgKind: 'operator', actor: 'user:ops', role: 'analyst' };
const ANALYST: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:a', role: 'analyst' };
const ADMIN: Actor = { ...ANALYST, actor: 'user:admin', role: 'admin' };

const alert = (over: Partial<CallAlert>): CallAlert => ({
  detector: 'calls.identity-mismatch@1.0.0',
  subject: '13800138000',
  subjectType: 'phone',
  verdict: 'suspicious',
  score: 0.8,
  reasons: [{ code: 'far_from_registration', message: 'used 1,200 km from where it was opened' }],
  window: { from: 0, to: 86_400_000 },
  action: 'reverify',
  at: 86_400_000,
  ...over,
});

describe('case policy (pure)', () => {
  it('asks for a case only above the detector threshold and never for a shutdown on 实名不实人', () => {
    expect(caseRequestOf(alert({ score: 0.49 }), DEFAULT_CASE_POLICY)).toBeUndefined();
    expect(caseRequestOf(alert({ verdict: 'normal' }), DEFAULT_CASE_POLICY)).toBeUndefined();
    expect(caseRequestOf(alert({ detector: 'calls.unknown@1.0.0' }), DEFAULT_CASE_POLICY)).toBeUndefined();
    const r = caseRequestOf(alert({}), DEFAULT_CASE_POLICY);
    expect(r).toMatchObject({
      detector: 'calls.identity-mismatch',
      detectorVersion: '1.0.0',
      subject: { type: 'phone', value: '13800138000' },
      action: 'reverify_subscriber',
      noShutdown: true,
    });
    expect(r?.alert['reasons']).toEqual(alert({}).reasons);
    const box = caseRequestOf(
      alert({ detector: 'calls.simbox@1.0.0', subject: '861234567890123', subjectType: 'device' }),
      DEFAULT_CASE_POLICY,
    );
    expect(box).toMatchObject({ subject: { type: 'device' }, action: 'suspend_number' });
  });

  it('refuses a policy that would shut down a number on a re-verification detector, naming the field', () => {
    const bad = {
      ...DEFAULT_CASE_POLICY,
      'calls.identity-mismatch': {
        ...DEFAULT_CASE_POLICY['calls.identity-mismatch'],
        action: 'suspend_number',
      },
    };
    const fieldOf = (value: unknown): string | undefined => {
      try {
        parseCasePolicy(value);
        return undefined;
      } catch (e) {
        return e instanceof DomainError ? e.field : 'not a DomainError';
      }
    };
    expect(fieldOf(bad)).toBe('casePolicy.calls.identity-mismatch.action');
    expect(fieldOf({ 'calls.simbox': { openAtScore: 2 } })).toMatch(/^casePolicy/);
    expect(parseCasePolicy(JSON.parse(JSON.stringify(DEFAULT_CASE_POLICY)))).toEqual(DEFAULT_CASE_POLICY);
  });
});

describeEachDatabase('call alerts become cases', (dialect) => {
  let t: TestDatabase;
  let c: Container;
  let app: App;
  const clock = new ManualClock('2026-03-01T08:00:00Z');
  const { records } = generateCallRecords(defaultParams(21, 150, 8));

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    c = await buildContainer(
      loadConfig(
        { FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789', FANZHA_ROLES: 'api' },
        { databaseUrl: t.url },
      ),
      { clock, logger: silentLogger },
    );
    for (const [id, kind] of [
      ['org_op', 'operator'],
      ['org_cmcc', 'operator'],
      ['org_http', 'operator'],
    ] as const)
      await c.access.createOrganisation(SYSTEM_ACTOR, { id, name: id, kind });
    await c.collaboration.workOrders.setRouting(ADMIN, 'operator', 'china_mobile', 'org_cmcc');
    app = headerPrincipalApp();
    await app.register(callsRoutes({ calls: c.calls }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await c.close();
    await t.drop();
  });

  const detectorCases = async (): Promise<Case[]> => {
    const all: Case[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await c.collaboration.cases.list(ANALYST, { status: 'open', after, limit: 200 });
      all.push(...page.items);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return all.filter((x) => x.createdBy.startsWith('detector:calls.'));
  };

  /** The routing table's operators (the migrations seed the four Chinese operators). */
  const operatorRouting = async (): Promise<Map<string, string>> =>
    new Map(
      (await c.collaboration.workOrders.routing(ANALYST)).flatMap((r) =>
        r.kind === 'operator' ? [[r.key, r.orgId] as const] : [],
      ),
    );

  it('opens one routed case per detector and subject, with the alert reasons; 实名不实人 is re-verified', async () => {
    let opened = 0;
    let skipped = 0;
    for (let i = 0; i < records.length; i += 5_000) {
      const r = await c.calls.ingest(OPERATOR, records.slice(i, i + 5_000), {
        flush: i + 5_000 >= records.length,
      });
      opened += r.casesOpened;
      skipped += r.casesSkipped;
    }
    const alerts = await c.calls.listAlerts(OPERATOR.orgId, { limit: 1000 });
    // The subjects as the library holds them; a generated number in an unallocated block has no record.
    const holdable = (a: (typeof alerts)[number]): string[] => {
      try {
        return [c.library.normalize(a.subjectType === 'device' ? 'device' : 'phone', a.subject).normalized];
      } catch {
        return [];
      }
    };
    const aboveThreshold = alerts.filter((a) => {
      const rule = DEFAULT_CASE_POLICY[a.detector.split('@')[0] ?? ''];
      return rule !== undefined && a.verdict !== 'normal' && a.score >= rule.openAtScore;
    });
    const wanted = new Set(
      aboveThreshold.flatMap((a) => holdable(a).map((v) => `${a.detector.split('@')[0] ?? ''}|${v}`)),
    );
    expect(skipped).toBe(aboveThreshold.length - wanted.size);
    expect(skipped).toBeLessThan(wanted.size);
    const detectors = new Set([...wanted].map((k) => k.split('|')[0]));
    expect(detectors.has('calls.simbox')).toBe(true);
    expect(detectors.has('calls.identity-mismatch')).toBe(true);
    const cases = await detectorCases();
    expect(opened).toBe(cases.length);
    expect(cases).toHaveLength(wanted.size);

    const routing = await operatorRouting();
    let reverified = 0;
    let routedToCmcc = 0;
    for (const k of cases) {
      const full = await c.collaboration.cases.get(ANALYST, k.id);
      expect(full.values).toHaveLength(1);
      const subject = full.values[0];
      if (!subject) throw new Error('case without a value');
      const detector = k.createdBy.slice('detector:'.length);
      expect(wanted.has(`${detector}|${subject.normalized}`)).toBe(true);
      const alertEvent = full.timeline.find((e) => e.kind === 'alert');
      expect(Array.isArray(alertEvent?.data['reasons']) && alertEvent.data['reasons'].length > 0).toBe(true);
      expect(full.workOrders).toHaveLength(1);
      const order = full.workOrders[0];
      if (!order) throw new Error('case without a work order');
      if (detector === 'calls.identity-mismatch') {
        reverified++;
        expect(order.action).toBe('reverify_subscriber');
        // Re-verification, never a shutdown: the number stays as the claims left it, not confirmed.
        expect(['confirmed', 'disposed']).not.toContain(full.values[0]?.status);
      } else expect(order.action).not.toBe('reverify_subscriber');
      const operator = subject.type === 'phone' ? (full.values[0]?.attributes['operator'] ?? null) : null;
      expect(order.orgId).toBe(
        (typeof operator === 'string' ? routing.get(operator) : undefined) ?? 'org_op',
      );
      if (order.orgId === 'org_cmcc') routedToCmcc++;
    }
    expect(reverified).toBeGreaterThan(0);
    expect(routedToCmcc).toBeGreaterThan(0);
    // Even a caller that asks for it cannot turn a re-verification alert into a shutdown.
    const request = caseRequestOf(alert({ subject: '13800138000' }), DEFAULT_CASE_POLICY);
    if (!request) throw new Error('no request');
    await expect(
      c.collaboration.detectorCases.openOrUpdate(OPERATOR, { ...request, action: 'suspend_number' }),
    ).rejects.toMatchObject({ code: 'invalid_value', field: 'action' });
  });

  it('adds later alerts about the same subject to the open case instead of opening another', async () => {
    const before = await detectorCases();
    // A second engine (a restarted worker) sees the same records again and raises the same alerts.
    const again = createCallsService({
      repo: callsRepository(),
      db: t.handle.db,
      claims: c.library,
      clock,
      cases: c.collaboration.detectorCases,
      fraudModel: () => loadFraudModel(),
    });
    let updated = 0;
    let opened = 0;
    for (let i = 0; i < records.length; i += 5_000) {
      const r = await again.ingest(OPERATOR, records.slice(i, i + 5_000), {
        flush: i + 5_000 >= records.length,
      });
      updated += r.casesUpdated;
      opened += r.casesOpened;
    }
    await again.close();
    expect(opened).toBe(0);
    expect(updated).toBe(before.length);
    const after = await detectorCases();
    expect(after.map((x) => x.id).sort()).toEqual(before.map((x) => x.id).sort());
    const first = after[0];
    if (!first) throw new Error('no case');
    const full = await c.collaboration.cases.get(ANALYST, first.id);
    expect(full.timeline.filter((e) => e.kind === 'alert')).toHaveLength(2);
    expect(full.workOrders).toHaveLength(1);
  });

  it('opens cases from an HTTP ingest, and a closed case lets the next alert open a new one', async () => {
    const before = (await detectorCases()).length;
    const { records: other } = generateCallRecords(defaultParams(57, 120, 8));
    let opened = 0;
    for (let i = 0; i < other.length; i += 10_000) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/calls/records',
        headers: { 'x-test-org': 'org_http' },
        payload: { records: other.slice(i, i + 10_000), flush: i + 10_000 >= other.length },
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const body: unknown = res.json();
      if (typeof body !== 'object' || body === null || !('casesOpened' in body)) throw new Error(res.body);
      opened += Number(body.casesOpened);
    }
    expect(opened).toBeGreaterThan(0);
    const now = await detectorCases();
    expect(now.length).toBe(before + opened);
    const routing = await operatorRouting();
    let toReporter = 0;
    for (const k of now.slice(before)) {
      const full = await c.collaboration.cases.get(ANALYST, k.id);
      const operator = full.values[0]?.attributes['operator'];
      const expected = (typeof operator === 'string' ? routing.get(operator) : undefined) ?? 'org_http';
      expect(full.workOrders.map((w) => w.orgId)).toEqual([expected]);
      if (expected === 'org_http') toReporter++;
    }
    const routed = await c.collaboration.workOrders.listWorkOrders(
      { orgId: 'org_http', orgKind: 'operator', actor: 'user:h', role: 'viewer' },
      { limit: 200 },
    );
    expect(routed.items).toHaveLength(toReporter);
    // Closing a case ends it: the detector's next alert about that subject opens a fresh one.
    const closed = now[0];
    if (!closed) throw new Error('no case');
    const value = (await c.collaboration.cases.get(ANALYST, closed.id)).values[0];
    await c.collaboration.cases.update(ANALYST, closed.id, { status: 'closed', reason: 'handled' });
    const detector = closed.createdBy.slice('detector:'.length);
    const rule = DEFAULT_CASE_POLICY[detector];
    if (!rule || !value) throw new Error('no rule');
    const r = await c.collaboration.detectorCases.openOrUpdate(OPERATOR, {
      detector,
      detectorVersion: '1.0.0',
      subject: { type: value.type, value: value.normalized },
      title: 'again',
      severity: rule.severity,
      fraudType: null,
      action: rule.action,
      noShutdown: rule.noShutdown,
      alert: { score: 0.9, reasons: [] },
    });
    expect(r.outcome).toBe('opened');
    expect(r.outcome === 'opened' && r.caseId).not.toBe(closed.id);
  });
});
