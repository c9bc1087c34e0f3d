import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeDevice } from './device.ts';
import { luhnValid } from './chars.ts';

const normalized = (raw: string): string | undefined => {
  const r = normalizeDevice(raw);
  return r.ok ? r.value.normalized : undefined;
};

describe('normalizeDevice', () => {
  it('accepts a 15-digit IMEI with a correct check digit and gives its TAC', () => {
    const r = normalizeDevice('49-015420-323751-8');
    expect(r.ok && r.value).toEqual({
      type: 'device',
      normalized: '490154203237518',
      display: '490154203237518',
      attributes: { tac: '49015420' },
    });
  });

  it('computes the check digit for 14 digits and for an IMEISV', () => {
    expect(normalized('49015420323751')).toBe('490154203237518');
    expect(normalized('IMEISV: 4901542032375186')).toBe('490154203237518');
    expect(normalized('IMEI：４９０１５４２０３２３７５１８')).toBe('490154203237518');
  });

  it.each(['490154203237519', '', '12345', 'abcdefghijklmno', '000000000000000', '4901542032375181234'])(
    'rejects %j',
    (raw) => {
      expect(normalizeDevice(raw).ok).toBe(false);
    },
  );

  it('always yields a Luhn-valid IMEI, idempotently, and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\d{14,16}$/), fc.string({ unit: 'binary', maxLength: 20 })),
        (raw) => {
          const first = normalizeDevice(raw);
          if (!first.ok) return;
          expect(luhnValid(first.value.normalized)).toBe(true);
          expect(normalized(first.value.normalized)).toBe(first.value.normalized);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
