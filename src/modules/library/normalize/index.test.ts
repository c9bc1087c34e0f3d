import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RESOURCE_TYPES } from '../library.types.ts';
import { inferTypes, normalizeAny, normalizeValue, type NormalizeContext } from './index.ts';

const ctx: NormalizeContext = { pseudonymKey: 'test-key' };

describe('inferTypes', () => {
  it.each([
    ['13800138000', ['phone', 'bank']],
    ['+8613800138000', ['phone']],
    ['+1 415 555 2671', ['phone']],
    ['010-12345678', ['phone', 'bank']],
    ['https://evil.example.com/a?utm_source=x', ['url', 'domain']],
    ['evil.example.com/login', ['url', 'domain']],
    ['www.example.com', ['url', 'domain']],
    ['example.com', ['domain']],
    ['com.tencent.mm', ['app', 'domain']],
    ['com.fake.bank#ab:cd', ['app']],
    ['1.2.3.4', ['ip']],
    ['2001:db8::1', ['ip']],
    ['qq:123456', ['account']],
    ['https://t.me/scam_support', ['account']],
    ['ICBC:6222021234567890128', ['bank']],
    ['6222021234567890128', ['bank']],
    ['490154203237518', ['device', 'bank', 'phone']],
    ['11010519491231002X', ['subject']],
    ['91350100M000100Y43', ['subject']],
    ['您的快递丢失，请联系客服', ['sms']],
    ['click here to claim your prize', ['sms']],
    ['', []],
    ['abc', []],
  ])('%j → %j', (raw, expected) => {
    expect(inferTypes(raw)).toEqual(expected);
  });

  it('reads `+`, digits and separators as a phone number alone, as the general patterns do', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\d \-.()\u00a0]{1,30}$/), (rest) => {
        const shortcut = inferTypes(`+${rest}`);
        // A tab keeps the value off the shortcut and means to the general patterns what a space does, so
        // this is their answer.
        const general = inferTypes(`+\t${rest}`);
        expect(shortcut).toEqual(general);
        expect(shortcut).toEqual(/\d/.test(rest) ? ['phone'] : []);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeAny', () => {
  it('returns each type a digit string fits', () => {
    const values = normalizeAny('13800138000', ctx);
    expect(values.map((v) => `${v.type}=${v.normalized}`)).toEqual([
      'phone=+8613800138000',
      'bank=13800138000',
    ]);
  });

  it('drops inferred types whose normaliser refuses the value', () => {
    // A 15-digit Luhn-valid string is a device and a bank account, but not a phone number.
    expect(normalizeAny('490154203237518', ctx).map((v) => v.type)).toEqual(['device', 'bank']);
    expect(normalizeAny('abc', ctx)).toEqual([]);
  });

  it('strips tracking from URLs and reduces them to their domain too', () => {
    const values = normalizeAny('https://Evil.Example.com/pay?utm_source=sms', ctx);
    expect(values.map((v) => v.normalized)).toEqual(['https://evil.example.com/pay', 'evil.example.com']);
  });
});

describe('normalizeValue', () => {
  it('never throws for any type and any string, and keeps the requested type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RESOURCE_TYPES),
        fc.string({ unit: 'binary', maxLength: 60 }),
        (type, raw) => {
          const r = normalizeValue(type, raw, ctx);
          if (r.ok) expect(r.value.type).toBe(type);
          else expect(r.error.type).toBe(type);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is idempotent for every type on the values inferTypes finds', () => {
    const samples = fc.oneof(
      fc.stringMatching(/^1[3-9]\d{9}$/),
      fc.webUrl(),
      fc.domain(),
      fc.ipV4(),
      fc.stringMatching(/^(qq|wx|tg):[a-z][a-z0-9_]{5,12}$/),
      fc.stringMatching(/^\d{14,19}$/),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(samples, (raw) => {
        for (const value of normalizeAny(raw, ctx)) {
          const again = normalizeValue(value.type, value.normalized, ctx);
          expect(again.ok && again.value.normalized).toBe(value.normalized);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('uses the default country for numbers without a country code', () => {
    const r = normalizeValue('phone', '(415) 555-2671', { pseudonymKey: 'k', defaultCountry: 'US' });
    expect(r.ok && r.value.normalized).toBe('+14155552671');
  });
});
