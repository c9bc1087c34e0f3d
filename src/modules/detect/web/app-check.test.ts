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
    expect(v.verdict).toBe(c.expected);
    if (c.brand) expect(v.brand).toBe(c.brand);
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
  });
});
