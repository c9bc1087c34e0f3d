/**
 * Where an IP address is located, from the offline geo-whois-asn-country database shipped in the
 * @ip-location-db/geo-whois-asn-country package (CC0 ranges from RIR WHOIS and ASN data): sorted typed
 * arrays of range starts, binary-searched. Mainland China vs abroad (境外, Hong Kong, Macao and Taiwan
 * included) reproduces the report's "hosted abroad" share.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';

export type HostingRegion = 'mainland' | 'abroad' | 'unknown';

export interface HostingLocation {
  readonly ip: string;
  /** ISO 3166-1 alpha-2, or null when the address is in no published range (private, reserved). */
  readonly country: string | null;
  readonly region: HostingRegion;
}

export interface GeoDatabase {
  locate(ip: string): HostingLocation;
}

interface RangeTable {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly countries: string[];
}

interface Range6Table {
  readonly startHi: BigUint64Array;
  readonly startLo: BigUint64Array;
  readonly endHi: BigUint64Array;
  readonly endLo: BigUint64Array;
  readonly countries: string[];
}

const MASK64 = (1n << 64n) - 1n;

export const ipv4ToNumber = (ip: string): number =>
  ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

export const ipv6ToBigInt = (ip: string): bigint => {
  const [head = '', tail] = ip.split('::');
  const expand = (s: string): string[] => (s === '' ? [] : s.split(':'));
  let groups = expand(head);
  let tailGroups = tail === undefined ? [] : expand(tail);
  const last = tailGroups.at(-1) ?? groups.at(-1);
  if (last?.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups.
    const n = ipv4ToNumber(last);
    const pair = [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
    if (tail === undefined) groups = [...groups.slice(0, -1), ...pair];
    else tailGroups = [...tailGroups.slice(0, -1), ...pair];
  }
  const zeros = tail === undefined ? [] : new Array<string>(8 - groups.length - tailGroups.length).fill('0');
  return [...groups, ...zeros, ...tailGroups].reduce(
    (acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)),
    0n,
  );
};

const regionOf = (country: string | null): HostingRegion =>
  country === null ? 'unknown' : country === 'CN' ? 'mainland' : 'abroad';

const packageDir = (): string => {
  const require = createRequire(import.meta.url);
  return require.resolve('@ip-location-db/geo-whois-asn-country/package.json').replace(/package\.json$/, '');
};

const loadV4 = (file: string): RangeTable => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const starts = new Float64Array(lines.length);
  const ends = new Float64Array(lines.length);
  const countries: string[] = [];
  let n = 0;
  for (const line of lines) {
    const [a, b, c] = line.split(',');
    if (!a || !b || !c) continue;
    starts[n] = Number(a);
    ends[n] = Number(b);
    countries.push(c.trim());
    n++;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), countries };
};

const loadV6 = (file: string): Range6Table => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const size = lines.length;
  const t = {
    startHi: new BigUint64Array(size),
    startLo: new BigUint64Array(size),
    endHi: new BigUint64Array(size),
    endLo: new BigUint64Array(size),
  };
  const countries: string[] = [];
  let n = 0;
  for (const line of lines) {
    const [a, b, c] = line.split(',');
    if (!a || !b || !c) continue;
    const s = BigInt(a);
    const e = BigInt(b);
    t.startHi[n] = s >> 64n;
    t.startLo[n] = s & MASK64;
    t.endHi[n] = e >> 64n;
    t.endLo[n] = e & MASK64;
    countries.push(c.trim());
    n++;
  }
  return {
    startHi: t.startHi.subarray(0, n),
    startLo: t.startLo.subarray(0, n),
    endHi: t.endHi.subarray(0, n),
    endLo: t.endLo.subarray(0, n),
    countries,
  };
};

/** Index of the last range whose start ≤ key, or -1. */
const lastAtOrBelow = (length: number, startLessOrEqual: (i: number) => boolean): number => {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (startLessOrEqual(mid)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** Loads the database (about half a second, once); `dir` defaults to the installed package. */
export const loadGeoDatabase = (dir: string = packageDir()): GeoDatabase => {
  const v4 = loadV4(`${dir}/geo-whois-asn-country-ipv4-num.csv`);
  let v6: Range6Table | undefined;
  const locate4 = (ip: string): string | null => {
    const key = ipv4ToNumber(ip);
    const i = lastAtOrBelow(v4.starts.length, (m) => (v4.starts[m] ?? Infinity) <= key);
    return i >= 0 && key <= (v4.ends[i] ?? -1) ? (v4.countries[i] ?? null) : null;
  };
  const locate6 = (ip: string): string | null => {
    v6 ??= loadV6(`${dir}/geo-whois-asn-country-ipv6-num.csv`);
    const t = v6;
    const key = ipv6ToBigInt(ip);
    const hi = key >> 64n;
    const lo = key & MASK64;
    const i = lastAtOrBelow(t.startHi.length, (m) => {
      const sh = t.startHi[m] ?? 0n;
      return sh < hi || (sh === hi && (t.startLo[m] ?? 0n) <= lo);
    });
    if (i < 0) return null;
    const eh = t.endHi[i] ?? 0n;
    return hi < eh || (hi === eh && lo <= (t.endLo[i] ?? 0n)) ? (t.countries[i] ?? null) : null;
  };
  return {
    locate(ip: string): HostingLocation {
      const country = isIPv4(ip) ? locate4(ip) : isIPv6(ip) ? locate6(ip) : null;
      return { ip, country, region: regionOf(country) };
    },
  };
};

/** The report's figure: of the located addresses, the share hosted outside mainland China. */
export const abroadShare = (locations: readonly HostingLocation[]): number => {
  const located = locations.filter((l) => l.region !== 'unknown');
  return located.length === 0 ? 0 : located.filter((l) => l.region === 'abroad').length / located.length;
};
