import { describe, expect, it } from 'vitest';
import { normalizeSms, normalizeSmsText, templateKeyOf } from './text-normalize.ts';

describe('normalizeSms: each evasion trick is undone', () => {
  it('folds full-width letters and digits to half-width and flags it', () => {
    const n = normalizeSms('请加ＱＱ１２３４５６７８');
    expect(n.text).toBe('请加QQ12345678');
    expect(n.tricks.fullWidth).toBe(true);
  });

  it('keeps Chinese punctuation but repairs a full-width URL', () => {
    expect(normalizeSms('您好，请点击ｈｔｔｐ：／／ｘｘ．ｃｎ／ａｂ。').text).toBe(
      '您好，请点击http://xx.cn/ab。',
    );
  });

  it('turns traditional characters into simplified ones', () => {
    const n = normalizeSms('您的帳戶已凍結，請聯繫客服辦理退款');
    expect(n.text).toBe('您的账户已冻结，请联系客服办理退款');
    expect(n.tricks.traditional).toBe(true);
  });

  it.each([
    ['加 微 信', '加微信'],
    ['加*微*信', '加微信'],
    ['加.V.信', '加V信'],
    ['刷-单-返-利', '刷单返利'],
    ['兼|职|日|结', '兼职日结'],
    ['加\u200b微\u200c信', '加微信'],
  ])('removes separators inserted between CJK characters: %s', (raw, expected) => {
    expect(normalizeSms(raw).text).toBe(expected);
  });

  it('does not glue words of English text or a link after Chinese', () => {
    expect(normalizeSms('请登录 www.example.cn 查询').text).toBe('请登录 www.example.cn 查询');
    expect(normalizeSms('call me at home').text).toBe('call me at home');
  });

  it('folds Cyrillic and Greek homoglyphs into Latin letters', () => {
    const n = normalizeSms('Yоur Pаyраl аccount is lοcked');
    expect(n.text).toBe('Your Paypal account is locked');
    expect(n.tricks.homoglyph).toBe(true);
  });

  it('reads circled, parenthesised and dingbat digits as digits', () => {
    expect(normalizeSms('客服①③⑧⓪⓪①③⑧⓪⓪⓪').text).toBe('客服13800138000');
    expect(normalizeSms('⑴⑵⑶ ❶❷❸ ➀➁➂').text).toBe('123 123 123');
  });

  it('joins digits written one by one with separators', () => {
    expect(normalizeSms('电话 1 3 8 0 0 1 3 8 0 0 0').text).toBe('电话 13800138000');
  });

  it('strips emoji but counts them, joined sequences and skin tones as one', () => {
    const n = normalizeSms('恭喜🎉您中奖👍🏻了👨‍👩‍👧');
    expect(n.text).toBe('恭喜您中奖了');
    expect(n.emojiCount).toBe(3);
  });

  it('removes zero-width characters and flags them', () => {
    const n = normalizeSms('Hel\u200blo\ufeff');
    expect(n.text).toBe('Hello');
    expect(n.tricks.zeroWidth).toBe(true);
  });

  it('extracts the 【signature】 at the start or at the end', () => {
    expect(normalizeSms('【中国移动】您的话费余额不足').signature).toBe('中国移动');
    expect(normalizeSms('您的验证码为1234【支付宝】').signature).toBe('支付宝');
    expect(normalizeSms('没有签名的短信').signature).toBeUndefined();
  });

  it('returns plain text unchanged and without tricks', () => {
    const n = normalizeSms('Ok lar... Joking wif u oni...');
    expect(n.text).toBe('Ok lar... Joking wif u oni...');
    expect(Object.values(n.tricks).some(Boolean)).toBe(false);
  });

  it('gives messages of one template the same template key', () => {
    const a = normalizeSmsText('【顺丰】您的快件SF123456已到驿站，取件码8812，详询 http://a.cn/x1');
    const b = normalizeSmsText('【顺丰】您的快件SF998877已到驿站，取件码1203，详询 http://b.cn/y9');
    expect(a.templateKey).toBe(b.templateKey);
    expect(templateKeyOf('Call 0906 now')).toBe('call <num> now');
  });
});
