import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors.ts';
import { FRAUD_TYPE_CODES } from '../../taxonomy/fraud-types.data.ts';
import {
  evaluate,
  parseSmsDetectorConfig,
  type SmsDetectorConfig,
  type SmsFeatures,
} from './sms.detector.ts';
import { loadSmsClassifier } from './sms.loader.ts';
import { parseSmsModel } from './sms.model.ts';
import { normalizeSms } from '../../../shared/text/text-normalize.ts';

const config = parseSmsDetectorConfig(
  JSON.parse(readFileSync(new URL('../../../../models/sms/config.json', import.meta.url), 'utf8')),
);

const features = (p: { normal: number; spam: number; fraud: number }, type = 'task_rebate'): SmsFeatures => ({
  cues: { legitimate: undefined, fraud: undefined, unsubscribe: false, signatureOnly: false, features: [] },
  normalized: normalizeSms('x'),
  indicators: [],
  probabilities: p,
  fraudTypes: [{ code: type, probability: 0.8 }],
  explain: (v) => [`because ${v}`],
});

describe('evaluate (pure, thresholds as data)', () => {
  it('decides fraud at the fraud threshold, with the type and reasons', () => {
    const d = evaluate({ text: 'x' }, features({ normal: 0.1, spam: 0.3, fraud: 0.6 }), config);
    expect(d).toEqual({
      verdict: 'fraud',
      score: 0.9,
      fraudType: 'task_rebate',
      reasons: ['p(fraud)=0.6', 'because fraud'],
    });
  });

  it('decides spam when fraud is below its threshold but unwanted is above the spam one', () => {
    const d = evaluate({ text: 'x' }, features({ normal: 0.3, spam: 0.4, fraud: 0.3 }), config);
    expect(d.verdict).toBe('spam');
    expect(d.fraudType).toBeUndefined();
  });

  it('follows the thresholds in the config, not constants in code', () => {
    const strict: SmsDetectorConfig = {
      ...config,
      thresholds: { ...config.thresholds, fraud: 0.95, spam: 0.99 },
    };
    expect(evaluate({ text: 'x' }, features({ normal: 0.1, spam: 0.3, fraud: 0.6 }), strict).verdict).toBe(
      'normal',
    );
  });

  it('lets a fraud cue decide fraud, and a legitimate profile keep a message out of fraud', () => {
    const cues = features({ normal: 0.1, spam: 0.1, fraud: 0.8 }).cues;
    const asked = {
      ...features({ normal: 0.9, spam: 0.05, fraud: 0.05 }),
      cues: { ...cues, fraud: 'asks to move money to a "safe account"' },
    };
    const d = evaluate({ text: 'x' }, asked, config);
    expect(d.verdict).toBe('fraud');
    expect(d.reasons[1]).toBe('fraud cue: asks to move money to a "safe account"');
    const marketing = {
      ...features({ normal: 0.1, spam: 0.1, fraud: 0.8 }),
      cues: { ...cues, legitimate: 'marketing with an unsubscribe line', unsubscribe: true },
    };
    expect(evaluate({ text: 'x' }, marketing, config)).toMatchObject({
      verdict: 'spam',
      reasons: ['p(spam)=0.1', 'legitimate sender: marketing with an unsubscribe line', 'because spam'],
    });
    const notice = {
      ...features({ normal: 0.15, spam: 0.05, fraud: 0.8 }),
      cues: { ...marketing.cues, unsubscribe: false },
    };
    expect(evaluate({ text: 'x' }, notice, config).verdict).toBe('normal');
  });

  it('does not let a signature alone overrule a model sure of fraud', () => {
    const cues = {
      ...features({ normal: 0, spam: 0, fraud: 1 }).cues,
      legitimate: 'signed 淘宝 with no link and no private contact',
      signatureOnly: true,
    };
    const sure = { ...features({ normal: 0.02, spam: 0.03, fraud: 0.95 }), cues };
    expect(evaluate({ text: 'x' }, sure, config).verdict).toBe('fraud');
    const unsure = { ...features({ normal: 0.3, spam: 0.1, fraud: 0.6 }), cues };
    expect(evaluate({ text: 'x' }, unsure, config).verdict).toBe('normal');
  });

  it('leaves the fraud type out when the type is not sure enough', () => {
    const f = {
      ...features({ normal: 0, spam: 0, fraud: 1 }),
      fraudTypes: [{ code: 'task_rebate', probability: 0.1 }],
    };
    expect(evaluate({ text: 'x' }, f, config).fraudType).toBeUndefined();
  });
});

describe('config and model parsing', () => {
  it('rejects a config with a threshold out of range, naming the field', () => {
    const bad = { ...config, thresholds: { ...config.thresholds, fraud: 2 } };
    expect(() => parseSmsDetectorConfig(bad)).toThrow(DomainError);
    try {
      parseSmsDetectorConfig(bad);
    } catch (e) {
      expect(e instanceof DomainError ? e.field : '').toBe('/thresholds/fraud');
    }
  });

  it('rejects a model file that is not one', () => {
    expect(() => parseSmsModel({ version: 'sms@1.0.0' })).toThrow(DomainError);
  });
});

describe('the committed model', () => {
  const classifier = loadSmsClassifier();

  it.each([
    ['【顺丰】您的快递丢失，我们将三倍赔偿，请联系理赔客服13800138000办理', 'fake_customer_service'],
    ['招聘网络兼职，手机点赞一单佣金10元，日结300元，加微信 abc12345', 'task_rebate'],
    ['我是市公安局民警，你涉嫌洗钱案，需将资金转入安全账户配合调查', 'impersonate_authority'],
    ['无抵押贷款，最高20万，当天到账，黑户也能办，加V信 dk8888', 'loan_credit_card'],
  ])('flags Chinese fraud with its type: %s', (text, type) => {
    const d = classifier.classify({ text });
    expect(d.verdict).toBe('fraud');
    expect(d.fraudType).toBe(type);
    expect(d.reasons.length).toBeGreaterThan(1);
  });

  it('sees through the tricks: the disguised message scores like the plain one', () => {
    const plain = classifier.classify({ text: '刷单返利，加微信领取佣金' });
    const disguised = classifier.classify({ text: '刷-單-返-利，➕薇❤信領取傭金🧧' });
    expect(disguised.verdict).toBe('fraud');
    expect(plain.verdict).toBe('fraud');
  });

  it.each([
    '【招商银行】您账户2286于11月25日10:21快捷支付38.50元，余额12,345.67。',
    '【中国移动】您的话费账单已出，请登录 https://app.10086.cn 查询。',
    '【支付宝】验证码604182，用于登录，5分钟内有效，请勿泄露。',
    '妈，我周末回家，给你买了个电饭煲',
    'Are we still on for dinner tonight?',
  ])('lets normal traffic through: %s', (text) => {
    expect(classifier.classify({ text }).verdict).toBe('normal');
  });

  it('calls marketing with an unsubscribe line spam, and English prize lures fraud or spam', () => {
    expect(
      classifier.classify({ text: '【京东】双11狂欢，全场5折起，点击 u.jd.com/abc 抢购，退订回T' }).verdict,
    ).toBe('spam');
    const d = classifier.classify({
      text: 'WINNER!! You have won a £1000 prize. Call 09061701461 to claim now',
    });
    expect(d.verdict).not.toBe('normal');
    expect(d.score).toBeGreaterThan(0.9);
  });

  it('only ever gives fraud types from the taxonomy', () => {
    const d = classifier.classify({ text: '高价收购银行卡电话卡，一套800元，飞机@abc123' });
    expect(d.fraudType === undefined || FRAUD_TYPE_CODES.has(d.fraudType)).toBe(true);
  });
});
