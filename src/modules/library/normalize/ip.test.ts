import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeIp } from './ip.ts';

const normalized = (raw: string): string | undefined => {
  const r = normalizeIp(raw);
  return r.ok ? r.value.normalized : undefined;
};

describe('normalizeIp', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8'],
    [' 1.2.3.4 ', '1.2.3.4'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
  ])('%s → %s', (raw, expected) => {
    expect(normalized(raw)).toBe(expected);
  });

  it('marks private, loopback and link-local addresses', () => {
    const isPrivate = (raw: string) => {
      const r = normalizeIp(raw);
      return r.ok ? r.value.attributes['private'] : undefined;
    };
    expect(isPrivate('10.1.2.3')).toBe(true);
    expect(isPrivate('192.168.0.1')).toBe(true);
    expect(isPrivate('172.31.255.255')).toBe(true);
    expect(isPrivate('172.32.0.1')).toBe(false);
    expect(isPrivate('127.0.0.1')).toBe(true);
    expect(isPrivate('100.64.0.1')).toBe(true);
    expect(isPrivate('8.8.8.8')).toBe(false);
    expect(isPrivate('fd00::1')).toBe(true);
    expect(isPrivate('fe80::1')).toBe(true);
    expect(isPrivate('::1')).toBe(true);
    expect(isPrivate('2400:3200::1')).toBe(false);
    const v6 = normalizeIp('2400:3200::1');
    expect(v6.ok && v6.value.attributes['version']).toBe(6);
  });

  it.each(['', '1.2.3', '256.1.1.1', '01.2.3.4', 'example.com', '1.2.3.4/24', 'fe80::1%eth0', ':::'])(
    'rejects %j',
    (raw) => {
      expect(normalizeIp(raw).ok).toBe(false);
    },
  );

  it('round-trips every IPv4 and IPv6 address and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ unit: 'binary', maxLength: 45 })), (raw) => {
        const first = normalizeIp(raw);
        if (!first.ok) return;
        expect(normalized(first.value.normalized)).toBe(first.value.normalized);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV4(), (raw) => {
        expect(normalized(raw)).toBe(raw);
      }),
    );
  });
});
