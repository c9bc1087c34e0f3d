/**
 * Work-order escalation with a ManualClock, webhooks delivered from the durable outbox to a real local
 * HTTP receiver (signed, retried with back-off after a failure), the credit check and the evaluation
 * index — on real SQLite and real PostgreSQL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { buildContainer, type Container } from '../../container.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import type { Actor } from '../../shared/actor.ts';
import { verifySignature } from '../webhooks/webhooks.signing.ts';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../../../test/support/databases.ts';

const ANALYST: Actor = {
  orgId: 'org_platform',
  orgKind: 'regulator',
  actor: 'user:analyst',
  role: 'analyst',
};
const PLATFORM_ADMIN: Actor = { ...ANALYST, actor: 'user:admin', role: 'admin' };
const CMCC: Actor = { orgId: 'org_cmcc', orgKind: 'operator', actor: 'user:op', role: 'analyst' };
const CMCC_ADMIN: Actor = { ...CMCC, actor: 'user:opadmin', role: 'admin' };
const BANK: Actor = { orgId: 'org_icbc', orgKind: 'bank', actor: 'user:bank', role: 'viewer' };

describeEachDatabase('collaboration services', (dialect) => {
  let db: TestDatabase;
  let c: Container;
  let receiver: Server;
  let url = '';
  let failNext = 0;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const clock = new ManualClock('2026-03-01T08:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    c = await buildContainer(
      loadConfig(
        { FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789', FANZHA_ROLES: 'api' },
        { databaseUrl: db.url },
      ),
      { clock, logger: silentLogger },
    );
    for (const [id, kind] of [
      ['org_cmcc', 'operator'],
      ['org_icbc', 'bank'],
      ['org_registrar', 'registrar'],
    ] as const) {
      await c.access.createOrganisation(SYSTEM_ACTOR, { id, name: id, kind });
    }
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
        } else {
          received.push({ headers: req.headers, body });
          res.statusCode = 204;
        }
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await c.close();
    await db.drop();
  });

  it('escalates overdue work orders, delivers signed webhooks with back-off, and scores the organisation', async () => {
    const { collaboration: k } = c;
    const sub = await k.webhooks.subscribe(CMCC_ADMIN, {
      url,
      events: ['workorder.created', 'workorder.escalated'],
    });
    await expect(k.webhooks.subscribe(CMCC, { url, events: ['workorder.created'] })).rejects.toMatchObject({
      code: 'forbidden',
    });

    const alert = await k.qualification.raiseAlert(ANALYST, {
      title: 'wangiri burst',
      source: 'calls@1',
      values: [{ type: 'phone', value: '13812345678' }],
    });
    const { case: theCase } = await k.qualification.confirm(ANALYST, alert.id, {
      reason: 'detector + analyst',
      severity: 'high',
    });
    await expect(k.qualification.reject(ANALYST, alert.id, 'again')).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    const { created } = await k.workOrders.createWorkOrders(ANALYST, theCase.id);
    expect(created).toHaveLength(1);
    const order = created[0]!;
    expect(order).toMatchObject({
      orgId: 'org_cmcc',
      action: 'suspend_number',
      deadlineAt: clock.now().getTime() + 6 * 3600_000,
    });
    // A second generation does not duplicate an active order.
    expect((await k.workOrders.createWorkOrders(ANALYST, theCase.id)).created).toHaveLength(0);

    // The event is in the outbox; the first delivery fails and is retried after the back-off.
    failNext = 1;
    expect(await k.webhooks.tick()).toEqual({ delivered: 0, failed: 1 });
    expect(await k.webhooks.tick()).toEqual({ delivered: 0, failed: 0 });
    clock.advance(30_000);
    expect(await k.webhooks.tick()).toEqual({ delivered: 1, failed: 0 });
    const hook = received[0]!;
    expect(
      verifySignature(
        sub.secret,
        hook.body,
        String(hook.headers['x-fanzha-signature']),
        clock.now().getTime(),
      ),
    ).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'workorder.created',
      data: { workOrder: { id: order.id } },
    });

    // Past the deadline the sweep escalates once per missed deadline and tells the operator.
    clock.advance(6 * 3600_000);
    expect((await k.workOrders.sweep(PLATFORM_ADMIN)).escalated.map((w) => w.id)).toEqual([order.id]);
    expect((await k.workOrders.sweep(PLATFORM_ADMIN)).escalated).toEqual([]);
    await expect(k.workOrders.sweep(ANALYST)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await k.workOrders.getWorkOrder(CMCC, order.id)).status).toBe('escalated');
    await k.webhooks.tick();
    expect(received.map((r) => JSON.parse(r.body).event)).toEqual([
      'workorder.created',
      'workorder.escalated',
    ]);

    // Feedback disposes the value; the index counts the late answer.
    clock.advance(3600_000);
    await expect(k.workOrders.feedback(CMCC, order.id, { outcome: 'refused' })).rejects.toMatchObject({
      field: 'note',
    });
    await k.workOrders.feedback(CMCC, order.id, { outcome: 'done', note: 'suspended' });
    const value = await c.library.details(ANALYST, 'phone', '13812345678');
    expect(value.resource.status).toBe('disposed');
    const from = Date.parse('2026-03-01T00:00:00Z');
    const ev = await k.evaluation.index(ANALYST, { from, to: from + 86_400_000 });
    const cmcc = ev.organisations.find((o) => o.orgId === 'org_cmcc');
    expect(cmcc?.facts).toMatchObject({ workOrders: 1, responded: 1, done: 1, onTime: 0 });
    expect(cmcc?.medianReactionMinutes).toBe(7 * 60 + 0.5);
    await expect(k.evaluation.index(CMCC, { from, to: from + 1, orgId: 'org_icbc' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('re-routes a refused work order to another organisation with a fresh deadline, and only the regulator may', async () => {
    const k = c.collaboration;
    await c.access.createOrganisation(SYSTEM_ACTOR, { id: 'org_cucc', name: 'org_cucc', kind: 'operator' });
    const alert = await k.qualification.raiseAlert(ANALYST, {
      title: 'ported number',
      source: 'calls@1',
      values: [{ type: 'phone', value: '13812345699' }],
    });
    const { case: theCase } = await k.qualification.confirm(ANALYST, alert.id, {
      reason: 'r',
      severity: 'medium',
    });
    const order = (await k.workOrders.createWorkOrders(ANALYST, theCase.id)).created[0]!;
    expect(order.orgId).toBe('org_cmcc');
    await expect(
      k.workOrders.feedback(CMCC, order.id, { outcome: 'not_ours', note: ' ' }),
    ).rejects.toMatchObject({
      field: 'note',
    });
    const refused = await k.workOrders.feedback(CMCC, order.id, {
      outcome: 'not_ours',
      note: 'ported to Unicom',
    });
    expect(refused).toMatchObject({
      status: 'refused',
      outcome: 'not_ours',
      responseNote: 'ported to Unicom',
    });
    expect(await k.workOrders.getWorkOrder(ANALYST, order.id)).toMatchObject({ outcome: 'not_ours' });
    await expect(
      k.workOrders.reroute(CMCC, order.id, { orgId: 'org_cucc', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      k.workOrders.reroute(ANALYST, order.id, { orgId: 'org_platform', reason: 'x' }),
    ).rejects.toMatchObject({ field: 'orgId' });
    await expect(
      k.workOrders.reroute(ANALYST, order.id, { orgId: 'org_nowhere', reason: 'x' }),
    ).rejects.toMatchObject({ field: 'orgId' });
    clock.advance(60_000);
    const moved = await k.workOrders.reroute(ANALYST, order.id, { orgId: 'org_cucc', reason: 'ported' });
    expect(moved).toMatchObject({
      orgId: 'org_cucc',
      status: 'open',
      escalationLevel: 0,
      outcome: null,
      responseNote: null,
      deadlineAt: clock.now().getTime() + 24 * 3600_000,
    });
    // The first recipient no longer sees it; the case's timeline says who moved it where.
    await expect(k.workOrders.getWorkOrder(CMCC, order.id)).rejects.toMatchObject({ code: 'not_found' });
    const detail = await k.cases.get(ANALYST, theCase.id);
    expect(detail.timeline.find((e) => e.kind === 'work_order_rerouted')?.data).toMatchObject({
      from: 'org_cmcc',
      to: 'org_cucc',
      reason: 'ported',
    });
  });

  it('lists subjects on the joint-punishment list and answers the bank’s subject check', async () => {
    const k = c.collaboration;
    const entry = await k.credit.add(ANALYST, {
      subject: '11010519491231002X',
      measure: 'no_non_counter_banking',
      reason: 'sold bank cards (case_x)',
    });
    expect(entry.subject).not.toContain('11010519491231002X');
    expect(new Date(entry.endsAt).getUTCFullYear() - new Date(entry.startsAt).getUTCFullYear()).toBe(5);
    const hit = await k.credit.check(BANK, '11010519491231002x');
    expect(hit).toMatchObject({ listed: true, restrictions: [{ measure: 'no_non_counter_banking' }] });
    expect((await k.credit.check(BANK, '110105198001010016')).listed).toBe(false);
    await expect(
      k.credit.add(BANK, { subject: '11010519491231002X', measure: 'no_new_phone_cards', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await k.credit.lift(ANALYST, entry.id, 'court order');
    expect((await k.credit.check(BANK, '11010519491231002X')).listed).toBe(false);
  });
});
