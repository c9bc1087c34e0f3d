import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANDS } from '../../brands/brands.data.ts';
import type { Brand } from '../../brands/brands.types.ts';
import { APP_CASES } from '../../../../scripts/web/app-cases.data.ts';
import { checkApp } from './app-check.ts';
import { buildBrandIndex } from './lookalike-match.ts';
import { buildBrandMatcher } from './page.ts';
import { appFindings } from './web.service.ts';

const OFFICIAL_CERT = 'a'.repeat(64);
const brands: Brand[] = DEFAULT_BRANDS.map((b) =>
  b.id === 'icbc' ? { ...b, certSha256: [OFFICIAL_CERT] } : b,
);
const matcher = buildBrandMatcher(buildBrandIndex(brands));

describe('app check', () => {
  it('calls the official package signed with the official certificate genuine', () => {
    expect(
      checkApp(matcher, { package: 'com.icbc', label: '中国工商银行', certSha256: [OFFICIAL_CERT] }),
    ).toMatchObject({ verdict: 'genuine', brand: 'icbc' });
  });
  it('calls the official package with another certificate a repackaged counterfeit', () => {
    const v = checkApp(matcher, { package: 'com.icbc', label: '中国工商银行', certSha256: ['b'.repeat(64)] });
    expect(v).toMatchObject({ verdict: 'counterfeit', brand: 'icbc' });
    expect(v.reasons.join(' ')).toContain('repackaged');
  });
  it('leaves an official package unknown when no certificate can be compared', () => {
    expect(checkApp(matcher, { package: 'com.icbc', label: '工商银行', certSha256: [] }).verdict).toBe(
      'unknown',
    );
    expect(
      checkApp(matcher, { package: 'com.tencent.mm', label: '微信', certSha256: ['c'.repeat(64)] }).verdict,
    ).toBe('unknown');
  });
  it('flags a brand name or look-alike on another package', () => {
    expect(
      checkApp(matcher, { package: 'com.fast.refund', label: 'ICBC Mobile', certSha256: [] }),
    ).toMatchObject({ verdict: 'counterfeit', brand: 'icbc' });
    expect(checkApp(matcher, { package: 'com.alipayy.help', label: 'Help', certSha256: [] })).toMatchObject({
      verdict: 'counterfeit',
      brand: 'alipay',
    });
  });
  it.each(APP_CASES)('$package ($label) is $expected', (c) => {
    const v = checkApp(matcher, { package: c.package, label: c.label, certSha256: [] });
    if (c.expected === 'not-flagged') expect(['unknown', 'genuine']).toContain(v.verdict);
    else expect(v.verdict).toBe(c.expected);
    if (c.brand) expect(v.brand).toBe(c.brand);
  });
  it('knows brands by their group, product and OS names', () => {
    const cases: [string, string][] = [
      ['蚂蚁财富', 'alipay'],
      ['花呗提额', 'alipay'],
      ['云闪付', 'unionpay'],
      ['上交所', 'sse'],
      ['鸿蒙金融', 'huawei'],
      ['MIUI钱包', 'xiaomi'],
      ['ColorOS', 'oppo'],
      ['国家电网', 'sgcc'],
      ['个税退税', 'chinatax'],
    ];
    for (const [label, brand] of cases)
      expect(checkApp(matcher, { package: 'com.qwe.rty', label, certSha256: [] }), label).toMatchObject({
        verdict: 'counterfeit',
        brand,
      });
  });
  it('calls a scam-app profile without a brand suspicious and says why', () => {
    const random = checkApp(matcher, {
      package: 'kgjaexqis.jbzblzazyg.agmohigtwd.dqqavsusb',
      label: '商城',
      certSha256: [],
    });
    expect(random.verdict).toBe('suspicious');
    expect(random.reasons.join(' ')).toContain('random strings');
    const shell = checkApp(matcher, { package: 'plus.H5A1B2C3D', label: '优选', certSha256: [] });
    expect(shell.verdict).toBe('suspicious');
    expect(shell.reasons.join(' ')).toContain('app-builder shell');
    const loan = checkApp(matcher, { package: 'com.jisu.daikuan', label: '极速贷款', certSha256: [] });
    expect(loan).toMatchObject({ verdict: 'suspicious' });
    expect(loan.reasons[0]).toContain('names no protected brand');
  });
  it('leaves genuine packages of protected brands and ordinary apps unflagged', () => {
    for (const [pkg, label] of [
      ['com.eg.android.AlipayGphone', '支付宝'],
      ['com.tencent.mm', '微信'],
      ['com.huawei.wallet', '华为钱包'],
      ['com.xiaomi.market', '小米应用商店'],
      ['com.youku.phone', '优酷'],
      ['com.netease.cloudmusic', '网易云音乐'],
      ['com.zhihu.android', '知乎'],
    ] as const)
      expect(['unknown', 'genuine'], pkg).toContain(
        checkApp(matcher, { package: pkg, label, certSha256: [] }).verdict,
      );
  });
  it('lets a vendor namespace cover its shops and wallets, but not random strings under it', () => {
    expect(checkApp(matcher, { package: 'com.xiaomi.shop', label: '小米商城', certSha256: [] }).verdict).toBe(
      'unknown',
    );
    expect(
      checkApp(matcher, {
        package: 'com.xiaomi.qxzvbrtkl.wpzkdhgqx',
        label: '小米借钱',
        certSha256: [],
      }),
    ).toMatchObject({ verdict: 'counterfeit', brand: 'xiaomi' });
  });
  it('records counterfeits as app claims and nothing for unknown apps', () => {
    const facts = { package: 'com.wx.safe', label: '微信安全中心', certSha256: ['d'.repeat(64)] };
    const f = appFindings({ ...checkApp(matcher, facts), ...facts });
    expect(f.claims[0]).toMatchObject({
      type: 'app',
      value: 'com.wx.safe',
      verdict: 'fraud',
      source: 'detector:app@1.0.0',
    });
    const other = { package: 'org.example', label: 'Example', certSha256: [] };
    expect(appFindings({ ...checkApp(matcher, other), ...other }).claims).toEqual([]);
    const shell = { package: 'uni.UNI8A7D2C3', label: '同城交友', certSha256: [] };
    expect(appFindings({ ...checkApp(matcher, shell), ...shell }).claims[0]).toMatchObject({
      verdict: 'suspicious',
    });
  });
});
