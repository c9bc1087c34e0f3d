import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACCOUNT_PLATFORMS, normalizeAccount } from './account.ts';

const normalized = (raw: string): string | undefined => {
  const r = normalizeAccount(raw);
  return r.ok ? r.value.normalized : undefined;
};

describe('normalizeAccount', () => {
  it.each([
    ['QQ 123456', 'qq:123456'],
    ['qq:123456', 'qq:123456'],
    ['QQ号：10001', 'qq:10001'],
    ['123456@qq.com', 'qq:123456'],
    ['微信: abc_123', 'wechat:abc_123'],
    ['wx:Abc_Def', 'wechat:abc_def'],
    ['vx：wxid_abc123def', 'wechat:wxid_abc123def'],
    ['tg:@Scam_Support', 'telegram:scam_support'],
    ['https://t.me/Scam_Support', 'telegram:scam_support'],
    ['t.me/scam_support/', 'telegram:scam_support'],
    ['wa.me/8613800138000', 'whatsapp:+8613800138000'],
    ['https://api.whatsapp.com/send?phone=14155552671', 'whatsapp:+14155552671'],
    ['whatsapp: +1 415 555 2671', 'whatsapp:+14155552671'],
    ['支付宝：13800138000', 'alipay:+8613800138000'],
    ['alipay:Victim@Example.com', 'alipay:victim@example.com'],
    ['抖音号: Fake.Shop_01', 'douyin:fake.shop_01'],
    ['weibo:1234567', 'weibo:1234567'],
    ['line:my.id', 'line:my.id'],
    ['skype:live:abc.def', 'skype:live:abc.def'],
    ['facebook:Some.Person', 'facebook:some.person'],
    ['other:somewhere/123', 'other:somewhere/123'],
  ])('%s → %s', (raw, expected) => {
    expect(normalized(raw)).toBe(expected);
  });

  it('names platform and id in attributes', () => {
    const r = normalizeAccount('QQ 123456');
    expect(r.ok && r.value.attributes).toEqual({ platform: 'qq', accountId: '123456' });
  });

  it.each([
    ['qq:1234', 'too short for QQ'],
    ['qq:0123456', 'QQ ids do not start with 0'],
    ['wx:abc', 'WeChat ids have 6–20 characters'],
    ['wechat:1abcdef', 'WeChat ids start with a letter'],
    ['tg:ab', 'Telegram names have 5–32 characters'],
    ['@name', 'no platform'],
    ['myspace:abc', 'unknown platform'],
    ['123456', 'no platform'],
    ['', 'empty'],
  ])('rejects %j (%s)', (raw) => {
    expect(normalizeAccount(raw).ok).toBe(false);
  });

  it('never throws and is idempotent', () => {
    const labelled = fc
      .tuple(
        fc.constantFrom(...ACCOUNT_PLATFORMS, 'QQ', '微信', 'tg', 'wx', 'WA'),
        fc.constantFrom(':', ' ', '：', ': '),
        fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_.@+-]{1,24}$/), fc.stringMatching(/^\+?\d{5,14}$/)),
      )
      .map(([p, sep, id]) => `${p}${sep}${id}`);
    fc.assert(
      fc.property(fc.oneof(labelled, fc.string({ unit: 'binary', maxLength: 40 })), (raw) => {
        const first = normalizeAccount(raw);
        if (!first.ok) return;
        const second = normalizeAccount(first.value.normalized);
        expect(second.ok && second.value).toEqual(first.value);
      }),
      { numRuns: 2000 },
    );
  });
});
