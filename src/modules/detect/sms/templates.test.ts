import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../../corpus/sms-zh/generate.ts';
import { TemplateMatcher } from './template-matcher.ts';
import {
  mineTemplates,
  minhashSignature,
  signatureSimilarity,
  slotText,
  TemplateClusterer,
} from './templates.ts';

describe('slotText', () => {
  it('replaces links, numbers, ids and amounts by placeholders', () => {
    expect(slotText('请加微信 abc12345 领取￥300，点击 http://x.cn/a1 或致电13800138000').slotted).toBe(
      '请加微信 <account> 领取<amount>，点击 <url> 或致电<phone>',
    );
  });
});

describe('template mining', () => {
  // The true templates are known: every message carries the script that generated it.
  const rows = generateCorpus({
    seed: 314,
    perFraudTemplate: 25,
    perNormalTemplate: 25,
    perSpamTemplate: 25,
  });
  const templateOf = new Map(rows.map((r) => [r.id, r.template]));

  it('reaches purity >= 0.99 on the seeded corpus', () => {
    const templates = mineTemplates(rows.map((r) => ({ id: r.id, text: r.text })));
    let majority = 0;
    for (const t of templates) {
      const counts = new Map<string, number>();
      for (const id of t.messageIds)
        counts.set(templateOf.get(id) ?? '', (counts.get(templateOf.get(id) ?? '') ?? 0) + 1);
      majority += Math.max(...counts.values());
    }
    const purity = majority / rows.length;
    expect(purity).toBeGreaterThanOrEqual(0.99);
    // …and it does cluster: far fewer templates than messages.
    expect(templates.length).toBeLessThan(rows.length / 2);
  });

  it('keeps count, first/last seen, samples, resources and the majority fraud type', () => {
    const c = new TemplateClusterer({ maxSamples: 2 });
    const base = '您的快递丢失，可获赔偿，请联系理赔客服';
    c.add({
      id: 'm1',
      text: `${base}13800138000`,
      at: 3000,
      verdict: 'fraud',
      fraudType: 'fake_customer_service',
    });
    c.add({
      id: 'm2',
      text: `${base}13900139000`,
      at: 1000,
      verdict: 'fraud',
      fraudType: 'fake_customer_service',
    });
    c.add({ id: 'm3', text: `${base}13800138000`, at: 2000, verdict: 'fraud', fraudType: 'task_rebate' });
    c.add({ id: 'x', text: 'Are we still on for dinner tonight?', at: 5000, verdict: 'normal' });
    const [t, other] = c.templates();
    expect(t).toMatchObject({
      id: 't-0',
      count: 3,
      firstSeen: 1000,
      lastSeen: 3000,
      fraudType: 'fake_customer_service',
    });
    expect(t?.samples).toHaveLength(2);
    expect(t?.messageIds).toEqual(['m1', 'm2', 'm3']);
    expect(t?.resources[0]).toEqual({ kind: 'phone', value: '+8613800138000', count: 2 });
    expect(other).toMatchObject({ count: 1, verdicts: { normal: 1 } });
  });

  it('matches a new message of a known template in a stream, and not an unrelated one', () => {
    const m = new TemplateMatcher();
    const sig = (text: string) => minhashSignature(slotText(text).slotted, 48);
    m.add('tpl_1', sig('【ETC】您的ETC已失效，请立即登录 http://etc-a.cn/x 重新认证，以免影响通行'));
    expect(m.match(sig('【ETC】您的ETC已失效，请立即登录 http://etc-zz.cn/q1 重新认证，以免影响通行'))).toBe(
      'tpl_1',
    );
    expect(m.match(sig('妈，我周末回家吃饭'))).toBeUndefined();
    expect(signatureSimilarity(sig('abc def'), sig('abc def'))).toBe(1);
  });
});
