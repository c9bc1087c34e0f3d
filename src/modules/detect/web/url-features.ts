/**
 * Lexical and structural features of a URL string alone (no fetching, no WHOIS): what the URL model
 * reads. Dense features are named so reasons can cite them; hashed tokens (host character trigrams,
 * path words, the TLD) let the model learn spellings that no hand-written feature names.
 */
import { parse } from 'tldts';
import { HIGH_RISK_TLDS, SHORTENER_HOSTS, SUSPICIOUS_WORDS } from './url.config.ts';

export const DENSE_FEATURES = [
  'bareDomain',
  'urlLength',
  'hostLength',
  'pathLength',
  'queryLength',
  'hostDots',
  'hostHyphens',
  'hostDigits',
  'hostDigitRatio',
  'labelLength',
  'labelDigits',
  'labelHyphens',
  'labelEntropy',
  'labelVowelRatio',
  'labelConsonantRun',
  'subdomainCount',
  'ipHost',
  'port',
  'punycode',
  'at',
  'doubleSlashInPath',
  'httpInPath',
  'httpsScheme',
  'www',
  'pathDepth',
  'queryParams',
  'specialChars',
  'percentEncoded',
  'urlDigitRatio',
  'urlEntropy',
  'longestToken',
  'hexRun',
  'suspiciousWords',
  'highRiskTld',
  'tldLength',
  'countryTld',
  'shortener',
  'fileExtension',
  'apkLink',
  'upperCaseRatio',
] as const;
export type DenseFeature = (typeof DENSE_FEATURES)[number];

export const HASH_BITS = 14;
const HASH_MASK = (1 << HASH_BITS) - 1;

export interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly port: string;
  readonly path: string;
  readonly query: string;
  readonly userinfo: boolean;
}

/** A tolerant splitter: phishing URLs are often not valid WHATWG URLs, and we must still read them. */
export const splitUrl = (raw: string): UrlParts => {
  let rest = raw.trim();
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = (m[1] ?? '').toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  let end = rest.length;
  for (const c of ['/', '?']) {
    const i = rest.indexOf(c);
    if (i >= 0 && i < end) end = i;
  }
  let authority = rest.slice(0, end);
  const tail = rest.slice(end);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0;
  if (userinfo) authority = authority.slice(at + 1);
  let port = '';
  const colon = authority.lastIndexOf(':');
  if (colon >= 0 && !authority.endsWith(']')) {
    port = authority.slice(colon + 1);
    authority = authority.slice(0, colon);
  }
  const q = tail.indexOf('?');
  return {
    scheme,
    host: authority.toLowerCase().replace(/\.$/, ''),
    port,
    path: q >= 0 ? tail.slice(0, q) : tail,
    query: q >= 0 ? tail.slice(q + 1) : '',
    userinfo,
  };
};

const counts = new Int32Array(65536);

/** Shannon entropy of the UTF-16 units (one reused table: this runs for every URL). */
const entropy = (s: string): number => {
  const n = s.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    const c = counts[code] ?? 0;
    if (c === 0) continue;
    const p = c / n;
    h -= p * Math.log2(p);
    counts[code] = 0;
  }
  return h;
};

const longest = (matches: readonly string[] | null): number => {
  let max = 0;
  if (matches) for (const m of matches) if (m.length > max) max = m.length;
  return max;
};

const countMatches = (s: string, re: RegExp): number => {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(s)) n++;
  return n;
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface UrlFeatures {
  readonly dense: Float64Array;
  /** Indices into the hashed-token space (duplicates allowed: they add up). */
  readonly hashed: Uint32Array;
  readonly parts: UrlParts;
  readonly registrableDomain: string | null;
}

const fnv1a = (s: string, seed: number): number => fnv1aRange(s, 0, s.length, seed);

/** FNV-1a of s[start, end): hashing n-grams in place spares a substring per n-gram. */
const fnv1aRange = (s: string, start: number, end: number, seed: number): number => {
  let h = 0x811c9dc5 ^ seed;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

const SPECIAL = new Set([...`~!$*,;'"<>|^\`{}`].map((c) => c.charCodeAt(0)));

interface CharCounts {
  digits: number;
  upper: number;
  special: number;
  percentEncoded: number;
}

const isHex = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

/** One pass over the URL for the character-class counts. */
const countChars = (url: string): CharCounts => {
  const c: CharCounts = { digits: 0, upper: 0, special: 0, percentEncoded: 0 };
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code >= 48 && code <= 57) c.digits++;
    else if (code >= 65 && code <= 90) c.upper++;
    else if (code === 37 && isHex(url.charCodeAt(i + 1)) && isHex(url.charCodeAt(i + 2))) c.percentEncoded++;
    else if (SPECIAL.has(code)) c.special++;
  }
  return c;
};

const countChar = (s: string, ch: number): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === ch) n++;
  return n;
};

/** Features of `input`; `bareDomain` says the caller gave a domain, not a URL. */
export const extractUrlFeatures = (input: string, bareDomain: boolean): UrlFeatures => {
  const parts = splitUrl(bareDomain ? `http://${input.trim()}/` : input);
  const host = parts.host;
  const info = parse(host);
  const label = info.domainWithoutSuffix ?? host;
  const suffix = info.publicSuffix ?? '';
  const url = input.trim();
  const lowerUrl = url.toLowerCase();
  const pathAndQuery = (parts.path + '?' + parts.query).toLowerCase();
  const v = new Float64Array(DENSE_FEATURES.length);
  let k = 0;
  const set = (x: number): void => {
    v[k++] = x;
  };
  const hostDigits = countMatches(host, /\d/g);
  const chars = countChars(url);
  const letters = label.replace(/[^a-z]/g, '');
  const tokens = pathAndQuery.split(/[/?=&._\-+~%:;,]+/).filter((t) => t !== '');
  set(bareDomain ? 1 : 0);
  set(Math.log1p(url.length));
  set(Math.log1p(host.length));
  set(Math.log1p(parts.path.length));
  set(Math.log1p(parts.query.length));
  set(countChar(host, 46));
  set(countChar(host, 45));
  set(hostDigits);
  set(host.length > 0 ? hostDigits / host.length : 0);
  set(label.length);
  set(countMatches(label, /\d/g));
  set(countChar(label, 45));
  set(entropy(label));
  set(letters.length > 0 ? countMatches(letters, /[aeiou]/g) / letters.length : 0);
  set(longest(label.match(/[bcdfghjklmnpqrstvwxz]+/g)));
  set(info.subdomain ? info.subdomain.split('.').filter((s) => s !== '' && s !== 'www').length : 0);
  set(info.isIp || IPV4.test(host) ? 1 : 0);
  set(parts.port !== '' ? 1 : 0);
  set(host.includes('xn--') ? 1 : 0);
  set(parts.userinfo ? 1 : 0);
  set(parts.path.includes('//') ? 1 : 0);
  set(/https?/.test(pathAndQuery) ? 1 : 0);
  set(parts.scheme === 'https' ? 1 : 0);
  set(host.startsWith('www.') ? 1 : 0);
  set(parts.path.split('/').filter((s) => s !== '').length);
  set(parts.query === '' ? 0 : parts.query.split('&').length);
  set(chars.special);
  set(chars.percentEncoded);
  set(url.length > 0 ? chars.digits / url.length : 0);
  set(entropy(lowerUrl));
  set(longest(tokens));
  set(longest(lowerUrl.match(/[0-9a-f]{8,}/g)) / 32);
  set(tokens.filter((t) => SUSPICIOUS_WORDS.has(t)).length + (SUSPICIOUS_WORDS.has(label) ? 1 : 0));
  set(HIGH_RISK_TLDS.has(suffix) ? 1 : 0);
  set(suffix.length);
  set(suffix.length === 2 || /\.[a-z]{2}$/.test(suffix) ? 1 : 0);
  set(SHORTENER_HOSTS.has(info.domain ?? host) ? 1 : 0);
  set(/\.(php|html?|asp|aspx|jsp|cgi|exe|zip|js)$/.test(parts.path.toLowerCase()) ? 1 : 0);
  set(/\.apk$/.test(parts.path.toLowerCase()) ? 1 : 0);
  set(url.length > 0 ? chars.upper / url.length : 0);

  const hashed: number[] = [];
  // Each dense value also as a coarse bucket, so the linear model can learn non-monotone shapes
  // (a URL can be suspiciously short as well as suspiciously long).
  for (let i = 0; i < v.length; i++) {
    const x = v[i] ?? 0;
    const bucket = x === 0 ? 0 : x < 0 ? -1 : Math.min(12, Math.round(Math.log2(1 + x * 8)));
    const name = DENSE_FEATURES[i] ?? '';
    hashed.push(
      fnv1aRange(name, 0, name.length, 20 + bucket) & HASH_MASK,
      fnv1aRange(name, 0, name.length, (bareDomain ? 40 : 60) + bucket) & HASH_MASK,
    );
  }
  const padded = `^${label}$`;
  // Host trigrams twice: shared, and crossed with the input kind, because bare domains from scam lists
  // and full URLs from phishing feeds spell their hosts differently.
  const kindSeed = bareDomain ? 11 : 12;
  for (let i = 0; i + 3 <= padded.length; i++)
    hashed.push(
      fnv1aRange(padded, i, i + 3, 1) & HASH_MASK,
      fnv1aRange(padded, i, i + 3, kindSeed) & HASH_MASK,
    );
  hashed.push(fnv1a(`tld:${suffix}`, 2) & HASH_MASK);
  if (info.subdomain)
    for (const s of info.subdomain.split('.')) hashed.push(fnv1a(`sub:${s}`, 3) & HASH_MASK);
  for (const t of tokens) if (t.length <= 24 && !/^\d+$/.test(t)) hashed.push(fnv1a(`w:${t}`, 4) & HASH_MASK);
  if (!bareDomain) {
    // Shapes of the path (digits → 0, letters kept) catch kit layouts such as /wp-includes/js/x1x/v4/.
    const shape = pathAndQuery.slice(0, 120).replace(/\d+/g, '0');
    for (let i = 0; i + 4 <= shape.length; i++) hashed.push(fnv1aRange(shape, i, i + 4, 5) & HASH_MASK);
    hashed.push(fnv1a(`scheme:${parts.scheme}:${info.subdomain ?? ''}`, 6) & HASH_MASK);
  }
  return { dense: v, hashed: Uint32Array.from(hashed), parts, registrableDomain: info.domain };
};
