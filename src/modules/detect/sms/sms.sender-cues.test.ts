import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../extract/extract.ts';
import type { SmsDecision } from './sms.detector.ts';
import { loadSmsClassifier } from './sms.loader.ts';
import { createBrandDirectory, smsCues } from './sms.sender-cues.ts';
import { normalizeSms } from '../../../shared/text/text-normalize.ts';

const classifier = loadSmsClassifier();
const directory = createBrandDirectory();
const cuesOf = (text: string, sender?: string) => {
  const n = normalizeSms(text);
  const lower = n.text.toLowerCase();
  return smsCues(lower, n.signature, extractIndicators(n.text), directory, new Set(['gov.cn']), sender);
};
/** The classifier's decision, checked to agree between `classify` and `analyze`. */
const decide = (text: string, sender?: string): SmsDecision => {
  const input = sender === undefined ? { text } : { text, sender };
  const d = classifier.classify(input);
  expect(classifier.analyze(input).decision).toEqual(d);
  return d;
};

const UNICOM_OFFER =
  '【中国联通】尊敬的客户，您可免费领取5G升级包，每月加送20GB流量，点击 https://u.10010.cn/qAbc12 办理，回复TD退订';

describe('brand, link and sender: legitimate marketing is not fraud', () => {
  it('a 【中国联通】 offer with its own u.10010.cn link and 回复TD退订 is spam, with the reason', () => {
    const d = decide(UNICOM_OFFER);
    expect(d.verdict).not.toBe('fraud');
    expect(d.reasons).toContain('legitimate sender: signed 中国联通 and links only to its own domains');
  });

  it('the same offer with a domain the brand does not own is fraud, naming the mismatch', () => {
    const d = decide(UNICOM_OFFER.replace('u.10010.cn', 'u.10010-cn.top'));
    expect(d.verdict).toBe('fraud');
    expect(d.reasons[1]).toBe(
      'fraud cue: 中国联通 named with a link to u.10010-cn.top, which it does not own',
    );
  });

  it('a brand named in the text (no signature) with a stray link is a mismatch too', () => {
    const cues = cuesOf('您的支付宝账户存在异常，请登录 alipay-safe.top/v 重新认证');
    expect(cues.features).toContain('brand_foreign_link');
    expect(cues.fraud).toMatch(/支付宝 named with a link to alipay-safe\.top/);
  });

  it('a shortener hides where a link goes: neither the brand own link nor a mismatch', () => {
    const cues = cuesOf('【美团】您有15元红包待领取，点击 https://t.cn/Ab12 使用，回TD退订');
    expect(cues.fraud).toBeUndefined();
    expect(cues.features).not.toContain('brand_own_link');
    expect(cues.legitimate).toBe('marketing with an unsubscribe line and no request to act outside it');
  });

  it('a bank instalment notice and a masked card notice are not fraud', () => {
    expect(
      decide('【招商银行】您尾号8812的信用卡账单分期已办理成功，分12期，每期手续费35.20元，详询95555')
        .verdict,
    ).not.toBe('fraud');
    expect(decide('【工商银行】您尾号xxxx的卡于xx月xx日消费xxx.xx元，余额xxxx.xx元。').verdict).toBe(
      'normal',
    );
  });

  it('a service number as the sender is a legitimate sender, a private mobile is not', () => {
    const text = '本周六会员日全场八折，到店出示短信再送小礼品';
    expect(cuesOf(text, '1065502188').features).toContain('service_number');
    expect(cuesOf(text, '1065502188').legitimate).toBe('a service number and no request to act outside it');
    expect(cuesOf(text, '+8613812345678').features).not.toContain('service_number');
    expect(cuesOf(text, '+8613812345678').legitimate).toBeUndefined();
  });

  it('a masked service number is one, a masked mobile is not', () => {
    expect(cuesOf('信用卡分期手续费八折，详询xxxxx').features).toContain('service_number');
    expect(cuesOf('会员日八折，预约请致电xxxxxxxxxxx').features).not.toContain('service_number');
  });

  it('an amount is not a service number', () => {
    expect(cuesOf('出售手机号数据，价格10000，联系@abc').features).not.toContain('service_number');
  });
});

describe('the asks that make fraud', () => {
  it.each([
    ['a safe account', '你涉嫌洗钱，需将资金转入安全账户接受审查，审查后退还', 'ask_safe_account'],
    ['a code to tell someone', '客服：请把收到的验证码告诉我，帮您完成退款', 'ask_share_code'],
    [
      'a police threat with a private mobile',
      '我是市公安局民警，你的银行卡涉嫌洗钱已被冻结，马上回电13812345678配合调查',
      'ask_authority_threat',
    ],
    [
      'a boss on a new number asking for money',
      '我是你王总，这是我新号，明天送礼先帮我垫付5000，转到这个卡',
      'ask_acquaintance_money',
    ],
    [
      'a loan that wants a fee first',
      '您的贷款已审批通过，因卡号错误资金冻结，需缴纳解冻金800元，联系13812345678',
      'ask_loan_fee',
    ],
    [
      'a refund through a private mobile',
      '【淘宝】您购买的商品质量问题需召回，给您双倍赔偿，请联系客服13812345678办理退款',
      'ask_private_refund',
    ],
    [
      'a masked mobile for a refund',
      '您的快递丢失，为您理赔200元，请致电客服xxxxxxxxxxx办理',
      'ask_private_refund',
    ],
    ['a handle in a money context', '兼职刷单，一单佣金20元，日结，加QQ123456789', 'ask_handle'],
    ['a prize that wants a fee', '恭喜您被抽中二等奖，领取需先支付手续费300元', 'ask_prize_fee'],
  ])('%s is fraud', (_, text, feature) => {
    expect(cuesOf(text).features).toContain(feature);
    expect(decide(text).verdict).toBe('fraud');
  });

  it('a warning that quotes the asks, and a code notice that forbids sharing, are not asks', () => {
    for (const text of [
      '【国家反诈中心】凡是要求您转入安全账户、共享屏幕的都是诈骗，如遇可疑情况请拨打96110',
      '【京东】验证码382910，用于登录，请勿将验证码告诉他人',
      '张伟你好，我是实验小学的班主任，明天下午家长会，请准时参加，无需缴费。',
      '老同学，我换了新号码，这是我的新号，存一下哈',
      '我是你老公，钱已经转给你了，记得查收',
    ]) {
      expect(cuesOf(text).fraud).toBeUndefined();
      expect(decide(text).verdict).not.toBe('fraud');
    }
  });
});
