import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeBank } from './bank.ts';
import { luhnCheckDigit } from './chars.ts';

const value = (raw: string) => {
  const r = normalizeBank(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.error.message}`);
  return r.value;
};
/** A Luhn-valid card number from a BIN and filler digits. */
const card = (bin: string, length = 19): string => {
  const body = `${bin}${'1234567890123'.slice(0, length - bin.length - 1)}`;
  return `${body}${luhnCheckDigit(body)}`;
};

describe('normalizeBank', () => {
  const icbc = card('622202');

  it('reads a card with spaces and full-width digits and names bank and brand from the BIN', () => {
    const spaced = icbc.replace(/(\d{4})/g, '$1 ').trim();
    expect(value(spaced).normalized).toBe(icbc);
    const fullWidth = icbc.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(value(fullWidth).normalized).toBe(icbc);
    expect(value(icbc).attributes).toEqual({ luhnValid: true, cardBrand: 'unionpay', institution: 'ICBC' });
  });

  it('keeps the institution in the key only when the number does not name it', () => {
    expect(value(`ICBC:${icbc}`).normalized).toBe(icbc);
    expect(value(`工商银行 ${icbc}`).attributes['institution']).toBe('ICBC');
    expect(value('BKCHHKHHXXX:0000111148821').normalized).toBe('BKCHHKHH:0000111148821');
    expect(value('HSBCHKHHHKH:123456789').normalized).toBe('HSBCHKHH:123456789');
    expect(value('BKCHCNBJ:123456789').normalized).toBe('BOC:123456789');
    expect(value('(822)123456789012').normalized).toBe('TW-822:123456789012');
    expect(value('CCB 6217 0000 1234').normalized).toBe('CCB:621700001234');
  });

  it('checks Luhn only for values given as cards', () => {
    const broken = `${icbc.slice(0, -1)}${(Number(icbc.slice(-1)) + 1) % 10}`;
    expect(normalizeBank(`card:${broken}`).ok).toBe(false);
    expect(value(`card:${icbc}`).normalized).toBe(icbc);
    expect(value(broken).attributes['luhnValid']).toBe(false);
    expect(value('card:4111 1111 1111 1111').attributes['cardBrand']).toBe('visa');
    expect(value('5500 0000 0000 0004').attributes['cardBrand']).toBe('mastercard');
  });

  it.each([
    '',
    '12345',
    'abc',
    'ICBC:',
    'NOTAXXNK:123456789',
    'XYZ:123456789',
    'card:123456789012',
    '1'.repeat(40),
  ])('rejects %j', (raw) => {
    expect(normalizeBank(raw).ok).toBe(false);
  });

  it('never throws and is idempotent', () => {
    const prefixed = fc
      .tuple(
        fc.constantFrom('', 'ICBC:', 'card:', '工商银行 ', 'BKCHHKHHXXX:', '(822)', 'TW-812:', 'CMB|'),
        fc.stringMatching(/^\d{6,22}$/),
      )
      .map(([p, n]) => `${p}${n}`);
    fc.assert(
      fc.property(fc.oneof(prefixed, fc.string({ unit: 'binary', maxLength: 40 })), (raw) => {
        const first = normalizeBank(raw);
        if (!first.ok) return;
        const second = normalizeBank(first.value.normalized);
        expect(second.ok && second.value.normalized).toBe(first.value.normalized);
      }),
      { numRuns: 2000 },
    );
  });
});
