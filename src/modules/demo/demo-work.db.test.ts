/**
 * The demo's 协同处置 work on a fresh database (SQLite and PostgreSQL): every list the console shows
 * has something in it — open and decided queue items, open and closed cases, work orders in each acting
 * organisation's inbox with some overdue, and appeals in every state.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { buildContainer, type Container } from '../../container.ts';
import { silentLogger } from '../../shared/logger.ts';
import { ROOT } from '../../server.ts';
import type { Actor } from '../../shared/actor.ts';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { defaultParams } from '../detect/calls/generator.params.ts';
import { generateCallRecords } from '../detect/calls/generator.ts';
import { loadDemo } from './demo.service.ts';

const REGULATOR: Actor = { orgId: 'org_platform', orgKind: 'regulator', actor: 'user:test', role: 'analyst' };

describeEachDatabase('demo work', (dialect) => {
  let db: TestDatabase;
  let c: Container;
  const now = Date.parse('2026-12-01T08:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    c = await buildContainer(
      loadConfig({ FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' }, { databaseUrl: db.url }),
      { logger: silentLogger },
    );
    await loadDemo({
      access: c.access,
      library: c.library,
      fixturesDir: join(ROOT, 'fixtures'),
      sample: 5,
      now,
      detect: {
        sms: c.sms,
        calls: c.calls,
        callRecords: () => generateCallRecords(defaultParams(21, 80, 5)).records,
      },
      collaboration: (clock) => c.collaborationAt(clock),
    });
  }, 120_000);
  afterAll(async () => {
    await c.close();
    await db.drop();
  });

  it('fills the queue, cases, every inbox and the appeals, with overdue work among them', async () => {
    const k = c.collaboration;
    const queue = (status: 'open' | 'escalated' | 'confirmed' | 'rejected') =>
      k.qualification.list(REGULATOR, { status }).then((p) => p.items.length);
    expect(await queue('open')).toBeGreaterThanOrEqual(5);
    expect(await queue('escalated')).toBe(1);
    expect(await queue('confirmed')).toBe(6);
    expect(await queue('rejected')).toBe(1);
    // Four cases from the queue, beside those the call detectors opened from their alerts.
    expect(
      (await k.cases.list(REGULATOR, { status: 'open', limit: 200 })).items.length,
    ).toBeGreaterThanOrEqual(4);
    expect((await k.cases.list(REGULATOR, { status: 'closed' })).items.length).toBe(2);

    const orders = (await k.workOrders.listWorkOrders(REGULATOR, { limit: 200 })).items;
    expect(new Set(orders.map((w) => w.orgId))).toEqual(
      new Set(['org_cmcc', 'org_cucc', 'org_ctcc', 'org_icbc', 'org_registrar']),
    );
    expect(new Set(orders.map((w) => w.status))).toEqual(new Set(['open', 'escalated', 'done', 'refused']));
    const overdue = orders.filter(
      (w) => (w.status === 'open' || w.status === 'escalated') && w.deadlineAt < now,
    );
    expect(overdue.length).toBeGreaterThan(0);

    const appeals = (await k.appeals.list(REGULATOR, {})).items;
    expect(appeals.map((a) => a.status).sort()).toEqual(['pending', 'rejected', 'upheld']);
    const pending = appeals.find((a) => a.status === 'pending');
    expect(pending && pending.dueAt < now).toBe(true);
    // 监测发现: the SMS campaigns were mined as templates, and the operator has call-detector alerts.
    const templates = await c.sms.listTemplates(REGULATOR, { limit: 50, offset: 0 });
    expect(templates.filter((t) => t.count >= 12).length).toBe(3);
    expect((await c.calls.listAlerts('org_cmcc', {})).length).toBeGreaterThan(0);

    // The values one report names are linked: the courier number to its link and the link's domain, drawn as one graph.
    const courier = await c.library.details(REGULATOR, 'phone', '+8613800138001');
    expect(
      courier.links
        .filter((l) => l.kind === 'same_report')
        .map((l) => l.other.type)
        .sort(),
    ).toEqual(['domain', 'url']);
    // The upheld appeal released its number: the public lookup no longer calls it fraud.
    const released = appeals.find((a) => a.status === 'upheld');
    expect((await c.library.details(REGULATOR, 'phone', released?.normalized ?? '')).resource.status).toBe(
      'released',
    );
  });
});
