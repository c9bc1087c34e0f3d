import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeDomain } from './domain.ts';

const ok = (raw: string) => {
  const r = normalizeDomain(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.error.message}`);
  return r.value;
};

describe('normalizeDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['www.example.com.', 'www.example.com'],
    ['https://Login.Example.co.uk/path?q=1', 'login.example.co.uk'],
    ['user:pw@evil.example.cn:8080/x', 'evil.example.cn'],
    ['evil[.]example[.]com', 'evil.example.com'],
    ['例子。中国', 'xn--fsqu00a.xn--fiqs8s'],
    ['ＥＸＡＭＰＬＥ．ＣＯＭ', 'example.com'],
  ])('%s → %s', (raw, expected) => {
    expect(ok(raw).normalized).toBe(expected);
  });

  it('gives registrable domain, public suffix and both IDN forms', () => {
    const v = ok('pay.工商银行.com.cn');
    expect(v.attributes).toMatchObject({ publicSuffix: 'com.cn', isIdn: true });
    expect(v.display).toBe('pay.工商银行.com.cn');
    expect(v.normalized.startsWith('pay.xn--')).toBe(true);
    expect(v.attributes['registrableDomain']).toBe(v.normalized.slice('pay.'.length));
    expect(ok('a.b.example.co.uk').attributes).toMatchObject({
      registrableDomain: 'example.co.uk',
      isIdn: false,
    });
  });

  it.each([
    '',
    'localhost',
    '1.2.3.4',
    'http://[::1]/',
    '-bad-.com',
    'a..b',
    'exa mple.com',
    'x'.repeat(64) + '.com',
    '.',
  ])('rejects %j', (raw) => {
    expect(normalizeDomain(raw).ok).toBe(false);
  });

  it('never throws, and normalising the normalised form (or the display form) changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.webUrl(), fc.string({ unit: 'binary', maxLength: 40 })), (raw) => {
        const first = normalizeDomain(raw);
        if (!first.ok) return;
        expect(ok(first.value.normalized)).toEqual(first.value);
        expect(ok(first.value.display).normalized).toBe(first.value.normalized);
      }),
      { numRuns: 1500 },
    );
  });
});
