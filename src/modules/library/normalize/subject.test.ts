import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { creditCodeValid, normalizeSubject, residentIdValid } from './subject.ts';

const KEY = 'test-pseudonym-key';
// Published sample numbers with correct check characters (GB 11643 and GB 32100 examples).
const PERSON = '11010519491231002X';
const COMPANY = '91350100M000100Y43';

describe('normalizeSubject', () => {
  it('checks the ISO 7064 and mod-31 check characters', () => {
    expect(residentIdValid(PERSON)).toBe(true);
    expect(residentIdValid('110105194912310021')).toBe(false);
    expect(residentIdValid('110105194902300024')).toBe(false); // 30 February
    expect(creditCodeValid(COMPANY)).toBe(true);
    expect(creditCodeValid('91350100M000100Y44')).toBe(false);
  });

  it('stores a keyed pseudonym and never the clear identifier', () => {
    for (const raw of [PERSON, PERSON.toLowerCase(), `身份证: ${PERSON}`, COMPANY]) {
      const r = normalizeSubject(raw, KEY);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.normalized).toMatch(/^(person|company):[0-9a-f]{32}$/);
      const serialised = JSON.stringify(r.value);
      expect(serialised).not.toContain(raw.toUpperCase().replace(/^身份证: /, ''));
      expect(serialised).not.toContain(PERSON.slice(0, 14));
      expect(r.value.display).toMatch(/^(person|company):[0-9a-f]{8}…$/);
    }
  });

  it('is stable under the same key and differs under another', () => {
    const a = normalizeSubject(PERSON, KEY);
    const b = normalizeSubject(PERSON.toLowerCase(), KEY);
    const c = normalizeSubject(PERSON, 'other-key');
    expect(a.ok && b.ok && a.value.normalized === b.value.normalized).toBe(true);
    expect(a.ok && c.ok && a.value.normalized !== c.value.normalized).toBe(true);
    expect(a.ok && a.value.attributes).toEqual({ kind: 'person' });
  });

  it('rejects invalid ids without echoing them, and refuses to work without a key', () => {
    const r = normalizeSubject('110105194912310021', KEY);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain('110105194912310021');
    expect(normalizeSubject(PERSON, '').ok).toBe(false);
  });

  it('never throws, never leaks, and is idempotent on its pseudonyms', () => {
    const id17 = fc.stringMatching(/^[1-6]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/);
    const withCheck = id17.map((body) => {
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...body].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
      return `${body}${'10X98765432'[sum % 11]}`;
    });
    fc.assert(
      fc.property(fc.oneof(withCheck, fc.string({ unit: 'binary', maxLength: 30 })), (raw) => {
        const first = normalizeSubject(raw, KEY);
        if (!first.ok) return;
        expect(JSON.stringify(first.value)).not.toContain(raw.trim());
        const second = normalizeSubject(first.value.normalized, KEY);
        expect(second.ok && second.value).toEqual(first.value);
      }),
      { numRuns: 1500 },
    );
  });
});
