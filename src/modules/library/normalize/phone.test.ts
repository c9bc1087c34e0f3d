import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizePhone } from './phone.ts';

const normalized = (raw: string, country?: string): string | undefined => {
  const r = normalizePhone(raw, country);
  return r.ok ? r.value.normalized : undefined;
};
const attributes = (raw: string): Record<string, unknown> => {
  const r = normalizePhone(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.error.message}`);
  return r.value.attributes;
};

describe('normalizePhone: Chinese numbers', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['(138)00138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['＋８６ １３８ ００１３ ８０００', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['tel:+8613800138000', '+8613800138000'],
    ['010-12345678', '+861012345678'],
    ['(010) 1234 5678', '+861012345678'],
    ['+86 (0)10 1234 5678', '+861012345678'],
    ['0871 1234567', '+868711234567'],
    ['0755-88886666', '+8675588886666'],
    ['95588', '+8695588'],
    ['400-810-8888', '+864008108888'],
    ['800 820 8820', '+868008208820'],
    ['0800-820-8820', '+868008208820'],
  ])('%s → %s', (raw, expected) => {
    expect(normalized(raw)).toBe(expected);
  });

  it('attributes operator, type and place of a mobile block', () => {
    expect(attributes('13908710000')).toMatchObject({
      country: 'CN',
      numberType: 'mobile',
      operator: 'china_mobile',
      province: '云南省',
      city: '昆明市',
    });
    expect(attributes('18612345678')).toMatchObject({ operator: 'china_unicom', numberType: 'mobile' });
    expect(attributes('18912345678')).toMatchObject({ operator: 'china_telecom' });
    expect(attributes('19212345678')).toMatchObject({ operator: 'china_broadnet' });
    expect(attributes('17012345678')).toMatchObject({ operator: 'china_telecom', numberType: 'virtual' });
    expect(attributes('17112345678')).toMatchObject({ operator: 'china_unicom', numberType: 'virtual' });
    expect(attributes('16512345678')).toMatchObject({ operator: 'china_mobile', numberType: 'virtual' });
    expect(attributes('1440012345678')).toMatchObject({ numberType: 'iot', operator: 'china_mobile' });
  });

  it('attributes the city of a fixed line from its area code', () => {
    expect(attributes('0871-1234567')).toMatchObject({
      numberType: 'fixed',
      areaCode: '0871',
      city: '昆明市',
    });
    expect(attributes('020 12345678')).toMatchObject({ province: '广东省', city: '广州市' });
    expect(attributes('95588')).toMatchObject({ numberType: 'service' });
  });

  it.each([
    '',
    'abc',
    '+',
    '12',
    '1380013800',
    '1234567',
    '110',
    '11800138000',
    '+86 999',
    '138 0013 8000 ext',
    '+8600005000000',
  ])('rejects %j', (raw) => {
    expect(normalizePhone(raw).ok).toBe(false);
  });
});

describe('normalizePhone: international numbers', () => {
  it.each([
    ['+1 415 555 2671', '+14155552671', 'US'],
    ['0044 20 7946 0958', '+442079460958', 'GB'],
    ['+886 912 345 678', '+886912345678', 'TW'],
    ['+852 9123 4567', '+85291234567', 'HK'],
  ])('%s → %s', (raw, expected, country) => {
    const r = normalizePhone(raw);
    expect(r.ok && r.value.normalized).toBe(expected);
    expect(r.ok && r.value.attributes['country']).toBe(country);
  });

  it('reads national numbers in the default country', () => {
    expect(normalized('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalized('0912 345 678', 'TW')).toBe('+886912345678');
  });
});

const mobile = fc
  .tuple(
    fc.constantFrom('134', '135', '138', '139', '150', '186', '189', '199', '192', '177'),
    fc.stringMatching(/^\d{8}$/),
  )
  .map(([segment, rest]) => `${segment}${rest}`);
const separator = fc.constantFrom('', ' ', '-', ' - ', '\u3000');

describe('normalizePhone: properties', () => {
  it('never throws and answers a result for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (raw) => {
        const r = normalizePhone(raw);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: normalising the normalised form changes nothing', () => {
    const raw = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789 +-()'.split('')), maxLength: 20 }),
      mobile,
      fc.stringMatching(/^\+[1-9]\d{6,14}$/),
      fc.stringMatching(/^(\+86|0086|86)?0?\d{5,13}$/),
    );
    fc.assert(
      fc.property(raw, (text) => {
        const first = normalizePhone(text);
        if (!first.ok) return;
        const second = normalizePhone(first.value.normalized);
        expect(second.ok && second.value).toEqual(first.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips a Chinese mobile through any common spelling', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('', '+86', '0086', '86', '+86 '),
        separator,
        (digits, prefix, sep) => {
          const spelled = `${prefix}${digits.slice(0, 3)}${sep}${digits.slice(3, 7)}${sep}${digits.slice(7)}`;
          expect(normalized(spelled)).toBe(`+86${digits}`);
        },
      ),
    );
  });

  it('agrees with libphonenumber on valid Chinese mobiles and fixed lines', () => {
    const fixed = fc
      .tuple(fc.constantFrom('10', '20', '21', '755', '871', '311'), fc.stringMatching(/^[2-8]\d{7}$/))
      .map(([code, rest]) => `0${code}${rest}`);
    fc.assert(
      fc.property(fc.oneof(mobile, fixed), (raw) => {
        const reference = parsePhoneNumberFromString(raw, 'CN');
        if (!reference?.isValid()) return;
        expect(normalized(raw)).toBe(reference.number);
      }),
      { numRuns: 1000 },
    );
  });
});
