import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPrefix, keyedHash, safeBrowsingExpressions } from './privacy.ts';

describe('keyedHash', () => {
  it('is HMAC-SHA256 over type and normalised value', () => {
    const expected = createHmac('sha256', 'k').update('phone:+8613800138000').digest('hex');
    expect(keyedHash('k', 'phone', '+8613800138000')).toBe(expected);
  });

  it('differs by key and by type, so lists under another key or type do not match', () => {
    const a = keyedHash('k1', 'phone', '+8613800138000');
    expect(keyedHash('k2', 'phone', '+8613800138000')).not.toBe(a);
    expect(keyedHash('k1', 'bank', '+8613800138000')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-exports the Safe Browsing helpers', () => {
    const prefixes = safeBrowsingExpressions('http://evil.example.com/pay/').map((e) => hashPrefix(e));
    expect(prefixes).toHaveLength(new Set(prefixes).size);
    expect(prefixes.every((p) => /^[0-9a-f]{8}$/.test(p))).toBe(true);
  });
});
