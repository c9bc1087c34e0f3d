import { describe, expect, it } from 'vitest';
import { abroadShare, ipv6ToBigInt, loadGeoDatabase } from './hosting.ts';

const geo = loadGeoDatabase();

describe('hosting location', () => {
  it('places well-known resolvers in their countries', () => {
    expect(geo.locate('114.114.114.114')).toMatchObject({ country: 'CN', region: 'mainland' });
    expect(geo.locate('223.5.5.5')).toMatchObject({ country: 'CN', region: 'mainland' });
    expect(geo.locate('8.8.8.8')).toMatchObject({ country: 'US', region: 'abroad' });
    expect(geo.locate('2001:4860:4860::8888')).toMatchObject({ country: 'US', region: 'abroad' });
  });
  it('knows nothing of private or malformed addresses', () => {
    expect(geo.locate('10.1.2.3').region).toBe('unknown');
    expect(geo.locate('not-an-ip').region).toBe('unknown');
  });
  it('expands IPv6 shorthand', () => {
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('1::')).toBe(1n << 112n);
    expect(ipv6ToBigInt('::ffff:1.2.3.4')).toBe((0xffffn << 32n) | 0x01020304n);
  });
  it('computes the abroad share over located addresses only', () => {
    const share = abroadShare(
      ['8.8.8.8', '1.1.1.1', '114.114.114.114', '10.0.0.1'].map((ip) => geo.locate(ip)),
    );
    expect(share).toBeCloseTo(2 / 3, 10);
  });
});
