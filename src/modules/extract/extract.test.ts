import { describe, expect, it } from 'vitest';
import { extractIndicators, resourceTypeOf, type Indicator } from './extract.ts';

const pick = (text: string, kind: Indicator['kind']): string[] =>
  extractIndicators(text)
    .filter((i) => i.kind === kind)
    .map((i) => i.value);

describe('extractIndicators', () => {
  it('finds Chinese mobiles in every common spelling, as E.164', () => {
    expect(pick('联系13800138000或+86 139-0013-9000或138 0013 8001', 'phone')).toEqual([
      '+8613800138000',
      '+8613900139000',
      '+8613800138001',
    ]);
  });

  it('finds landlines, 400 lines and international numbers, not masked ones', () => {
    expect(pick('致电021-12345678或400-820-8820，境外+44 7700 900123', 'phone')).toEqual([
      '02112345678',
      '4008208820',
      '+447700900123',
    ]);
    expect(pick('尾号138****1234的用户', 'phone')).toEqual([]);
  });

  it('finds URLs with and without scheme, bare short links, and their registrable domains', () => {
    const found = extractIndicators('点击 https://www.jd-kefu.top/a?b=1 或 t.cn/A6xYz 或 www.example.com.');
    expect(found.filter((i) => i.kind === 'url').map((i) => i.raw)).toEqual([
      'https://www.jd-kefu.top/a?b=1',
      't.cn/A6xYz',
      'www.example.com',
    ]);
    expect(found.filter((i) => i.kind === 'domain').map((i) => i.value)).toEqual([
      'jd-kefu.top',
      't.cn',
      'example.com',
    ]);
  });

  it('gives spans that point at the raw text', () => {
    const text = '请加微信 abc_12345 详谈';
    for (const i of extractIndicators(text)) expect(text.slice(i.start, i.end)).toBe(i.raw);
  });

  it('finds account handles of QQ, WeChat, Telegram, WhatsApp and Line', () => {
    const text =
      'QQ：123456789，加V信 lm8888a，飞机@jobhunter88，WhatsApp: +60 12 345 6789，line id: kitty.88';
    expect(pick(text, 'account')).toEqual([
      'qq:123456789',
      'wechat:lm8888a',
      'telegram:jobhunter88',
      'whatsapp:+60123456789',
      'line:kitty.88',
    ]);
    expect(pick('加微信13800138000', 'account')).toEqual(['wechat:13800138000']);
    expect(pick('加微信13800138000', 'phone')).toEqual(['+8613800138000']);
  });

  it('finds bank cards (UnionPay or Luhn-valid), grouped or not', () => {
    expect(pick('转到6222 0212 3456 7890 123', 'bank_card')).toEqual(['6222021234567890123']);
    expect(pick('card 4111111111111111', 'bank_card')).toEqual(['4111111111111111']);
    expect(pick('order 4111111111111112', 'bank_card')).toEqual([]);
  });

  it('finds amounts in yuan, 万, RMB, dollars and pounds', () => {
    const amounts = extractIndicators('返￥300，日赚500元，额度5万，RMB 1,200，$20，£1000')
      .filter((i) => i.kind === 'amount')
      .map((i) => [i.currency, i.amount]);
    expect(amounts).toEqual([
      ['CNY', 300],
      ['CNY', 500],
      ['CNY', 50000],
      ['CNY', 1200],
      ['USD', 20],
      ['GBP', 1000],
    ]);
  });

  it('finds verification codes and does not report them as phones', () => {
    expect(pick('您的验证码是 482913，5分钟内有效', 'verification_code')).toEqual(['482913']);
    expect(pick('Your verification code is 839201', 'verification_code')).toEqual(['839201']);
    expect(pick('您的验证码是 482913', 'phone')).toEqual([]);
  });

  it('finds e-mail addresses and maps kinds to library resource types', () => {
    expect(pick('write to a.b@gmail.com', 'email')).toEqual(['a.b@gmail.com']);
    expect(resourceTypeOf('bank_card')).toBe('bank');
    expect(resourceTypeOf('amount')).toBeUndefined();
  });

  it('returns nothing for text without indicators', () => {
    expect(extractIndicators('晚上一起吃饭吗？')).toEqual([]);
  });

  it('skips patterns only where they cannot match: short + numbers, IP links, tokens around dots', () => {
    // Fewer than 10 digits, but a `+`: the international pattern still runs.
    expect(pick('ring +44 12 345 678 now', 'phone')).toEqual(['+4412345678']);
    // A link whose dots are followed by digits only, found through its scheme.
    expect(pick('login at http://95.141.32.7:81/default.aspx today', 'url')).toEqual([
      'http://95.141.32.7:81/default.aspx',
    ]);
    // Sentence dots do not make tokens into links; a bare domain after one still counts.
    expect(pick('Call me. Or see tms.widelive.com. Ok...', 'domain')).toEqual(['widelive.com']);
    // Currency words and signs in any case; none at all means no amount.
    expect(pick('pay USD 300 or 200 Dollars or £5', 'amount')).toEqual(['USD 300', 'USD 200', 'GBP 5']);
    expect(pick('room 1234 at 5678', 'amount')).toEqual([]);
    expect(pick('Your CODE is 482913', 'verification_code')).toEqual(['482913']);
  });
});
