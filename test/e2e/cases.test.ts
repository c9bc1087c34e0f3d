/**
 * The whole path of collaborative disposal over real HTTP on both databases: a public report (with proof of work) →
 * qualification → case → work order routed to the number's operator → feedback → blocked in the lookup
 * API → appeal → release → unblocked, with the audit chain verified at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { solveChallenge } from '../../src/modules/reports/reports.pow.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PHONE = '138 1234 5678';
const E164 = '+8613812345678';
const TEXT = `【顺丰】您的快递丢失，请联系客服 ${PHONE} 办理理赔，或访问 http://sf-lipei.top/claim 填写银行卡信息。`;

describeEachDatabase('Reports to release, end to end', (dialect) => {
  let s: TestServer;
  let admin: string;
  let analyst: string;
  let operator: string;
  beforeAll(async () => {
    s = await startTestServer(dialect, { demo: true });
    [admin, analyst, operator] = await Promise.all([
      s.login('admin'),
      s.login('analyst'),
      s.login('operator'),
    ]);
    const set = await s.call('PUT', '/api/v1/reports/settings', {
      cookie: admin,
      body: { difficulty: 6, required: true },
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => s.close());

  const solved = async () => {
    const c = await s.call('GET', '/api/v1/reports/challenge');
    expect(c.status).toBe(200);
    expect(c.body.difficulty).toBe(6);
    return {
      challenge: c.body.challenge as string,
      nonce: solveChallenge(c.body.challenge, c.body.difficulty),
    };
  };
  const verdictOf = async (cookie?: string) => {
    const r = await s.call(
      'GET',
      `/api/v1/lookup?value=${encodeURIComponent(E164)}&type=phone`,
      cookie ? { cookie } : {},
    );
    expect(r.status).toBe(200);
    return r.body.verdict as string;
  };

  it('walks report → qualification → case → work order → feedback → block → appeal → release → unblock', async () => {
    // 1. Public reports: the second names the same values, so both fall into one group.
    const pow = await solved();
    const first = await s.call('POST', '/api/v1/reports', {
      body: {
        channel: 'sms',
        text: TEXT,
        values: [{ type: 'phone', value: PHONE }],
        contact: 'reporter@example.org',
        pow,
      },
    });
    expect(first.status).toBe(201);
    expect(first.body.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(first.body.extracted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'phone', normalized: E164 }),
        expect.objectContaining({ type: 'url' }),
      ]),
    );
    const replay = await s.call('POST', '/api/v1/reports', { body: { channel: 'sms', text: TEXT, pow } });
    expect(replay.status).toBe(400);
    expect(replay.body.error.field).toBe('pow.challenge');
    const noWork = await s.call('POST', '/api/v1/reports', { body: { channel: 'sms', text: TEXT } });
    expect(noWork.status).toBe(400);
    expect(noWork.body.error.field).toBe('pow');
    const second = await s.call('POST', '/api/v1/reports', {
      body: {
        channel: 'call',
        text: `接到电话 ${PHONE}，说快递丢了要理赔 http://sf-lipei.top/claim`,
        pow: await solved(),
      },
    });
    expect(second.status).toBe(201);
    expect(second.body.groupSize).toBe(2);
    const status = await s.call('GET', `/api/v1/reports/${(first.body.receipt as string).toLowerCase()}`);
    expect(status.body).toMatchObject({ status: 'received', similarReports: 2 });

    // Reports alone never block: not fraud for the public nor for members.
    expect(await verdictOf()).not.toBe('fraud');
    expect(await verdictOf(operator)).not.toBe('fraud');

    // 2. Qualification: the analyst sees the group, its values and the reporter contact; confirms into a case.
    const queue = await s.call('GET', '/api/v1/queue?kind=report', { cookie: analyst });
    expect(queue.status).toBe(200);
    const item = (
      queue.body.items as Array<{ id: number; reportCount: number; values: Array<{ normalized: string }> }>
    ).find((i) => i.values.some((v) => v.normalized === E164));
    expect(item?.reportCount).toBe(2);
    const detail = await s.call('GET', `/api/v1/queue/${item?.id}`, { cookie: analyst });
    expect(detail.body.reports.map((r: { contact: string | null }) => r.contact)).toContain(
      'reporter@example.org',
    );
    expect(await s.call('GET', `/api/v1/queue/${item?.id}`, { cookie: operator })).toMatchObject({
      status: 403,
    });
    const confirmed = await s.call('POST', `/api/v1/queue/${item?.id}/decision`, {
      cookie: analyst,
      body: {
        decision: 'confirm',
        reason: 'two independent reports, fake courier site',
        severity: 'high',
        fraudType: 'fake_customer_service',
      },
    });
    expect(confirmed.status).toBe(200);
    const caseId = confirmed.body.case.id as string;
    expect((await s.call('GET', `/api/v1/reports/${first.body.receipt}`)).body.status).toBe('confirmed');

    // 3. Work orders: the number goes to China Mobile, the link to the registrar.
    const orders = await s.call('POST', `/api/v1/cases/${caseId}/workorders`, { cookie: analyst, body: {} });
    expect(orders.status).toBe(201);
    const phoneOrder = orders.body.created.find((w: { type: string }) => w.type === 'phone');
    expect(phoneOrder).toMatchObject({ orgId: 'org_cmcc', action: 'suspend_number', status: 'open' });
    expect(orders.body.created.find((w: { type: string }) => w.type === 'url')).toMatchObject({
      orgId: 'org_registrar',
      action: 'take_down_domain',
    });
    const mine = await s.call('GET', `/api/v1/workorders?caseId=${caseId}`, { cookie: operator });
    // The operator's inbox holds this case's order to it, and nothing addressed to others.
    expect(mine.body.items.map((w: { id: string }) => w.id)).toContain(phoneOrder.id);
    expect(mine.body.items.every((w: { orgId: string }) => w.orgId === 'org_cmcc')).toBe(true);
    const bank = await s.login('bank');
    expect((await s.call('GET', `/api/v1/workorders/${phoneOrder.id}`, { cookie: bank })).status).toBe(404);
    expect(
      (
        await s.call('POST', `/api/v1/workorders/${phoneOrder.id}/feedback`, {
          cookie: bank,
          body: { outcome: 'done' },
        })
      ).status,
    ).toBe(404);

    // 4. Feedback: done → disposed in the library → blocked in the lookup API for everyone.
    const done = await s.call('POST', `/api/v1/workorders/${phoneOrder.id}/feedback`, {
      cookie: operator,
      body: { outcome: 'done', note: 'number suspended' },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(await verdictOf()).toBe('fraud');
    expect(await verdictOf(operator)).toBe('fraud');
    const again = await s.call('POST', `/api/v1/workorders/${phoneOrder.id}/feedback`, {
      cookie: operator,
      body: { outcome: 'done' },
    });
    expect(again.status).toBe(409);

    // 5. Appeal (复机) through the operator; the block stays while it is pending.
    const appeal = await s.call('POST', '/api/v1/appeals', {
      cookie: operator,
      body: {
        type: 'phone',
        value: PHONE,
        statement: 'number was recycled; new owner verified in store',
        checklist: [{ item: 'identity_verified', provided: true, note: 'ID checked at counter' }],
      },
    });
    expect(appeal.status).toBe(201);
    expect(appeal.body.status).toBe('pending');
    expect(appeal.body.dueAt - appeal.body.createdAt).toBe(24 * 3600_000);
    expect(await verdictOf()).toBe('fraud');
    expect(
      (
        await s.call('POST', `/api/v1/appeals/${appeal.body.id}/decision`, {
          cookie: operator,
          body: { decision: 'upheld', reason: 'self-approval' },
        })
      ).status,
    ).toBe(403);

    // 6. Release: upheld → released → the lookup answers not-fraud in the same request cycle.
    const upheld = await s.call('POST', `/api/v1/appeals/${appeal.body.id}/decision`, {
      cookie: analyst,
      body: { decision: 'upheld', reason: 'recycled number, owner verified' },
    });
    expect(upheld.status).toBe(200);
    expect(await verdictOf()).not.toBe('fraud');
    expect(await verdictOf(operator)).toBe('allowed');

    // 7. The case timeline tells the story, the dossier exports it, and the audit chain holds.
    const theCase = await s.call('GET', `/api/v1/cases/${caseId}`, { cookie: analyst });
    expect(theCase.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'queue_item_confirmed', 'work_orders', 'work_order_done']),
    );
    const police = await s.login('police');
    const html = await s.call('GET', `/api/v1/cases/${caseId}/dossier?format=html`, { cookie: police });
    expect(html.status).toBe(200);
    expect(String(html.body)).toContain(caseId);
    expect(String(html.body)).not.toContain('reporter@example.org');
    const audit = await s.call('GET', '/api/v1/audit/verify', { cookie: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });

  it('takes evidence files checked by content and documents every endpoint in OpenAPI', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');
    const ok = await s.call('POST', '/api/v1/reports', {
      body: {
        channel: 'app',
        text: '下载了假冒银行 app，截图附上',
        files: [{ name: 'shot.png', contentBase64: png }],
        pow: await solved(),
      },
    });
    expect(ok.status).toBe(201);
    const html = Buffer.from('<html><script>x</script></html>').toString('base64');
    const refused = await s.call('POST', '/api/v1/reports', {
      body: {
        channel: 'app',
        text: 'fake app',
        files: [{ name: 'shot.png', contentBase64: html }],
        pow: await solved(),
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('files[0].contentBase64');
    const spec = await s.call('GET', '/docs/json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reports',
        '/api/v1/reports/{receipt}',
        '/api/v1/queue/{id}/decision',
        '/api/v1/cases/{id}/workorders',
        '/api/v1/workorders/{id}/feedback',
        '/api/v1/appeals/{id}/decision',
        '/api/v1/credit/check',
        '/api/v1/evaluation',
        '/api/v1/webhooks',
      ]),
    );
  });

  it('rejects bad reports with a 400 naming the field', async () => {
    const missing = await s.call('POST', '/api/v1/reports', { body: { text: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('channel');
    const badValue = await s.call('POST', '/api/v1/reports', {
      body: {
        channel: 'call',
        text: 'called me',
        values: [{ type: 'phone', value: 'not-a-number' }],
        pow: await solved(),
      },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.field).toBe('values[0].value');
    const badReceipt = await s.call('GET', '/api/v1/reports/!!');
    expect(badReceipt.status).toBe(400);
    expect(badReceipt.body.error.field).toBe('receipt');
    expect((await s.call('GET', '/api/v1/reports/ABCD-EFGH-JKMN')).status).toBe(404);
  });
});
