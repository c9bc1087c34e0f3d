import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LookupIndex } from './lookup-index.ts';
import { PhoneTable, phoneKey } from './phone-table.ts';

describe('PhoneTable', () => {
  it('holds every key it was given through growth, and nothing else', () => {
    const t = new PhoneTable(8);
    const keys = Array.from({ length: 50_000 }, (_, i) => 8613800000000 + i * 7919);
    keys.forEach((k, i) => t.set(k, i, i + 1));
    expect(t.size).toBe(keys.length);
    keys.forEach((k, i) => expect(t.aAt(t.find(k))).toBe(i));
    expect(t.find(8613800000001)).toBe(-1);
    expect(t.bytes / t.size).toBeLessThan(64);
  });
  it('parses E.164 strings into exact numeric keys', () => {
    expect(phoneKey('+8613800138000')).toBe(8613800138000);
    expect(phoneKey('+999999999999999')).toBe(999999999999999);
    expect(phoneKey('13800138000')).toBe(-1);
    expect(phoneKey('+86abc')).toBe(-1);
  });
});

describe('LookupIndex', () => {
  it('round-trips verdicts, scores to 2 decimals, fraud types and reasons for every type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('phone' as const, 'url' as const, 'domain' as const, 'bank' as const),
        fc.integer({ min: 10_000_000, max: 99_999_999 }),
        fc.constantFrom('fraud' as const, 'suspicious' as const, 'allowed' as const, 'unknown' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.constantFrom('fake_investment', 'task_rebate'), { nil: null }),
        (type, n, verdict, score, fraudType) => {
          const index = new LookupIndex();
          const normalized = type === 'phone' ? `+86138${n}` : `${type}-${n}`;
          index.set({
            type,
            normalized,
            verdictPublic: 'unknown',
            scorePublic: 0,
            verdictMembers: verdict,
            scoreMembers: score,
            fraudType,
            reasons: ['r1', 'r2'],
          });
          const e = index.get(type, normalized);
          expect(e?.verdictMembers).toBe(verdict);
          expect(e?.verdictPublic).toBe('unknown');
          expect(e?.scoreMembers).toBeCloseTo(score, 2);
          expect(e?.fraudType).toBe(fraudType);
          expect(e?.reasons).toEqual(['r1', 'r2']);
          expect(index.get(type, normalized + '0')).toBeUndefined();
        },
      ),
    );
  });
  it('replaces an entry when the value changes', () => {
    const index = new LookupIndex();
    const base = {
      type: 'phone' as const,
      normalized: '+8613800138000',
      verdictPublic: 'fraud' as const,
      scorePublic: 0.9,
      scoreMembers: 0.9,
      fraudType: null,
      reasons: [],
    };
    index.set({ ...base, verdictMembers: 'fraud' });
    index.set({ ...base, verdictMembers: 'allowed', verdictPublic: 'allowed' });
    expect(index.get('phone', '+8613800138000')?.verdictMembers).toBe('allowed');
    expect(index.size).toBe(1);
  });
});
