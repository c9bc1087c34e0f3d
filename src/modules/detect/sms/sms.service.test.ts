import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.ts';
import { sequentialIds } from '../../../shared/ids.ts';
import type { Actor } from '../../../shared/actor.ts';
import { createSmsClassifier, parseSmsDetectorConfig } from './sms.detector.ts';
import { parseSmsModel } from './sms.model.ts';
import { countMessages, smsRepository } from './sms.repository.ts';
import { createSmsService, type SmsService } from './sms.service.ts';

const modelDir = new URL('../../../../models/sms/', import.meta.url);
const config = parseSmsDetectorConfig(JSON.parse(readFileSync(new URL('config.json', modelDir), 'utf8')));
const model = parseSmsModel(JSON.parse(readFileSync(new URL('model.json', modelDir), 'utf8')));
const active = createSmsClassifier(model, config);
// The shadow version is stricter about fraud, so it disagrees on some messages.
const shadow = createSmsClassifier(model, {
  ...config,
  version: 'sms@1.2.0',
  thresholds: { ...config.thresholds, fraud: 0.999 },
});

const etc = (n: number) =>
  `【ETC】您的ETC已失效，请立即登录 http://etc-k${n}.cn/a${n} 重新认证，以免影响通行`;

describeEachDatabase('sms service', (dialect) => {
  let t: TestContainer;
  let sms: SmsService;
  let operator: Actor;
  beforeAll(async () => {
    t = await createTestContainer(dialect);
    operator = await t.org('org_op', 'operator', 'analyst', 0.75);
    sms = createSmsService({
      repo: smsRepository(),
      db: t.c.handle.db,
      classifier: active,
      shadow,
      claims: t.c.library,
      clock: t.clock,
      ids: sequentialIds(),
    });
  });
  afterAll(async () => t.close());

  it('ingests a campaign into one template and turns fraud into library claims', async () => {
    const base = Date.parse('2026-06-01T08:00:00Z');
    const results = await sms.ingest(
      operator,
      [1, 2, 3].map((i) => ({
        sender: `1380013800${i}`,
        receiver: '13900139000',
        time: base + i * 60_000,
        text: etc(i),
      })),
    );
    expect(results.map((r) => r.verdict)).toEqual(['fraud', 'fraud', 'fraud']);
    expect(new Set(results.map((r) => r.templateId)).size).toBe(1);
    expect(results[0]?.claims).toBeGreaterThanOrEqual(3);
    const [template] = await sms.listTemplates(operator, { limit: 10, offset: 0 });
    expect(template).toMatchObject({
      count: 3,
      fraudCount: 3,
      fraudType: 'impersonate_authority',
      firstSeen: base + 60_000,
      lastSeen: base + 180_000,
    });
    expect(template?.resources.some((r) => r.kind === 'domain' && r.value === 'etc-k1.cn')).toBe(true);
    expect(await countMessages(t.c.handle.db, template?.id)).toBe(3);
    const sender = await t.c.library.findResource('phone', '+8613800138001');
    expect(sender?.fraudType).toBe('impersonate_authority');
    const domain = await t.c.library.findResource('domain', 'etc-k2.cn');
    expect(domain).toBeDefined();
  });

  it('stores normal messages without claims and filters templates', async () => {
    const [r] = await sms.ingest(operator, [
      {
        sender: '95555',
        receiver: '13900139000',
        time: Date.parse('2026-06-02T08:00:00Z'),
        text: '【招商银行】您账户2286于6月2日快捷支付38.50元，余额12,345.67。',
      },
    ]);
    expect(r).toMatchObject({ verdict: 'normal', claims: 0 });
    expect(await t.c.library.findResource('phone', '+8695555')).toBeUndefined();
    const fraudOnly = await sms.listTemplates(operator, { verdict: 'fraud', limit: 10, offset: 0 });
    expect(fraudOnly.map((x) => x.count)).toEqual([3]);
    const recent = await sms.listTemplates(operator, {
      since: Date.parse('2026-06-02T00:00:00Z'),
      limit: 10,
      offset: 0,
    });
    expect(recent).toHaveLength(1);
    expect(await sms.listTemplates(operator, { fraudType: 'task_rebate', limit: 10, offset: 0 })).toEqual([]);
  });

  it('records what the shadow version would have decided, without acting on it', async () => {
    const [r] = await sms.ingest(operator, [
      {
        sender: '13700137000',
        receiver: '13900139000',
        time: Date.parse('2026-06-03T08:00:00Z'),
        text: '兼职刷单，日结300，加微信 ab12345',
      },
    ]);
    expect(r?.shadow?.version).toBe('sms@1.2.0');
    const summary = await sms.shadowSummary();
    expect(summary?.decisions).toBe(5);
    expect(summary?.shadowVersion).toBe('sms@1.2.0');
    expect(summary?.byPair.reduce((n, p) => n + p.count, 0)).toBe(5);
  });
});
