import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeSms } from './sms.ts';

describe('normalizeSms', () => {
  it('keys the normalised text and gives a template key shared by one campaign', () => {
    const a = normalizeSms('【顺丰】您的快递丢失，请联系客服 400-123-4567 理赔 http://a.cn/x1');
    const b = normalizeSms('【顺丰】您的快递丢失，请联系客服 400-765-4321 理赔 http://b.cn/y2');
    if (!a.ok || !b.ok) throw new Error('expected both to normalise');
    expect(a.value.normalized).not.toBe(b.value.normalized);
    expect(a.value.attributes['templateHash']).toBe(b.value.attributes['templateHash']);
    expect(a.value.attributes['templateHash']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('undoes width and zero-width tricks', () => {
    const r = normalizeSms('加\u200b微信：ＡＢＣ１２３');
    expect(r.ok && r.value.normalized).not.toContain('\u200b');
    expect(r.ok && r.value.normalized).toContain('ABC123');
  });

  it('rejects empty and oversized texts', () => {
    expect(normalizeSms('   ').ok).toBe(false);
    expect(normalizeSms('x'.repeat(5000)).ok).toBe(false);
  });

  it('never throws on arbitrary text and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 120 })),
        (raw) => {
          const first = normalizeSms(raw);
          if (!first.ok) return;
          const second = normalizeSms(first.value.normalized);
          expect(second.ok && second.value).toEqual(first.value);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
