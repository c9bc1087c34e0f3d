/** IP addresses → dotted quad or RFC 5952 compressed lower-case IPv6, with whether they are private. */
import { BlockList, isIP } from 'node:net';
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth } from './chars.ts';

/** Addresses that never identify a host on the public internet (RFC 1918, 6598, 4193, loopback, link-local …). */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

const problem = (message: string): ValueProblem => ({ type: 'ip', message });

/** WHATWG URL serialises IPv6 hosts in the RFC 5952 compressed lower-case form. */
const compressIpv6 = (address: string): string => new URL(`http://[${address}]/`).hostname.slice(1, -1);

export const normalizeIp = (raw: string): Result<NormalizedValue, ValueProblem> => {
  const text = foldWidth(raw.trim()).replace(/^\[(.*)\]$/, '$1');
  const version = text.length <= 64 ? isIP(text) : 0;
  if (version === 4) {
    const normalized = text
      .split('.')
      .map((p) => String(Number(p)))
      .join('.');
    const attributes = { version: 4, private: NON_PUBLIC.check(normalized, 'ipv4') };
    return ok({ type: 'ip', normalized, display: normalized, attributes });
  }
  if (version === 6 && !text.includes('%')) {
    const normalized = compressIpv6(text);
    const attributes = { version: 6, private: NON_PUBLIC.check(normalized, 'ipv6') };
    return ok({ type: 'ip', normalized, display: normalized, attributes });
  }
  return err(problem('not an IPv4 or IPv6 address'));
};
