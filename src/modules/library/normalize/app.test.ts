import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeApp } from './app.ts';

const CERT =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const HEX = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

describe('normalizeApp', () => {
  it('keeps a package name as given', () => {
    const r = normalizeApp(' com.tencent.mm ');
    expect(r.ok && r.value).toEqual({
      type: 'app',
      normalized: 'com.tencent.mm',
      display: 'com.tencent.mm',
      attributes: { package: 'com.tencent.mm' },
    });
  });

  it('reads an apksigner fingerprint and plain hex alike', () => {
    const a = normalizeApp(`com.fake.bank#${CERT}`);
    const b = normalizeApp(`com.fake.bank#${HEX.toUpperCase()}`);
    expect(a.ok && a.value.normalized).toBe(`com.fake.bank#${HEX}`);
    expect(b.ok && b.value.normalized).toBe(`com.fake.bank#${HEX}`);
    expect(a.ok && a.value.attributes).toEqual({ package: 'com.fake.bank', certSha256: HEX });
  });

  it.each(['', 'tencent', '1com.x', 'com..x', 'com.x#abc', `com.x#${HEX}00`, 'com.x y', 'com.-x'])(
    'rejects %j',
    (raw) => {
      expect(normalizeApp(raw).ok).toBe(false);
    },
  );

  it('never throws and is idempotent', () => {
    const pkg = fc
      .array(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join('.'));
    const withCert = fc
      .tuple(pkg, fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean())
      .map(([p, bytes, colons]) => {
        const hex = Buffer.from(bytes).toString('hex');
        return `${p}#${colons ? (hex.toUpperCase().match(/../g) ?? []).join(':') : hex}`;
      });
    fc.assert(
      fc.property(fc.oneof(pkg, withCert, fc.string({ unit: 'binary', maxLength: 80 })), (raw) => {
        const first = normalizeApp(raw);
        if (!first.ok) return;
        const second = normalizeApp(first.value.normalized);
        expect(second.ok && second.value).toEqual(first.value);
      }),
      { numRuns: 1500 },
    );
  });
});
