/**
 * Lexical and structural features of a URL string alone (no fetching, no WHOIS): what the URL model
 * reads. Dense features are named so reasons can cite them; hashed tokens (host character trigrams,
 * host and path words, the TLD, character 5-grams of the whole URL) let the model learn spellings
 * that no hand-written feature names.
 */
import { parseHost } from './parse-host.ts';
import {
  countChar,
  countChars,
  countDigits,
  countLabel,
  countRuns,
  entropy,
  longestHexRun,
} from './url-chars.ts';
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

export const HASH_BITS = 18;
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

const longest = (matches: readonly string[] | null): number => {
  let max = 0;
  if (matches) for (const m of matches) if (m.length > max) max = m.length;
  return max;
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

/** FNV-1a of `prefix + s` without building the string: the prefix's state is computed once. */
const prefixState = (prefix: string, seed: number): number => {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), 0x01000193);
  return h;
};
const fnv1aFrom = (state: number, s: string): number => {
  let h = state;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const fnv1aRangeFrom = (state: number, s: string, start: number, end: number): number => {
  let h = state;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const TLD_STATE = prefixState('tld:', 2);
const SUB_STATE = prefixState('sub:', 3);
const WORD_STATE = prefixState('w:', 4);
const HOST_WORD_STATE = prefixState('h:', 8);

/** Character 5-grams of a URL are read from its first this many characters (after the scheme). */
const URL_GRAM_SPAN = 160;

// A dense feature's bucket hash depends only on the feature and its bucket (-1..12): a table built
// once instead of a name hash per feature per URL. Row f, column bucket + 1.
const BUCKET_COLUMNS = 14;
const BUCKETS = ((): Uint32Array => {
  const table = new Uint32Array(DENSE_FEATURES.length * BUCKET_COLUMNS);
  DENSE_FEATURES.forEach((name, f) => {
    for (let b = -1; b <= 12; b++)
      table[f * BUCKET_COLUMNS + b + 1] = fnv1aRange(name, 0, name.length, 20 + b) & HASH_MASK;
  });
  return table;
})();

let scratch = new Uint32Array(1024);

const scratchDense = new Float64Array(DENSE_FEATURES.length);

/**
 * Features of `input`; `bareDomain` says the caller gave a domain, not a URL. With `reuse`, `dense`
 * and `hashed` are views of shared buffers that the next call overwrites (the checker reads them
 * before it returns, and is spared two typed-array allocations per URL); without, they are owned.
 */
export const extractUrlFeatures = (input: string, bareDomain: boolean, reuse = false): UrlFeatures => {
  const parts = splitUrl(bareDomain ? `http://${input.trim()}/` : input);
  const host = parts.host;
  const info = parseHost(host);
  const label = info.domainWithoutSuffix ?? host;
  const suffix = info.publicSuffix ?? '';
  const url = input.trim();
  const lowerUrl = url.toLowerCase();
  const pathAndQuery = (parts.path + '?' + parts.query).toLowerCase();
  // Every entry is set below, so a reused buffer keeps nothing from the previous URL.
  const v = reuse ? scratchDense : new Float64Array(DENSE_FEATURES.length);
  let k = 0;
  const set = (x: number): void => {
    v[k++] = x;
  };
  const hostDigits = countDigits(host);
  const chars = countChars(url);
  const lc = countLabel(label);
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
  set(lc.digits);
  set(lc.hyphens);
  set(entropy(label));
  set(lc.letters > 0 ? lc.vowels / lc.letters : 0);
  set(lc.consonantRun);
  set(info.subdomain ? info.subdomain.split('.').filter((s) => s !== '' && s !== 'www').length : 0);
  set(info.isIp || IPV4.test(host) ? 1 : 0);
  set(parts.port !== '' ? 1 : 0);
  set(host.includes('xn--') ? 1 : 0);
  set(parts.userinfo ? 1 : 0);
  set(parts.path.includes('//') ? 1 : 0);
  set(/https?/.test(pathAndQuery) ? 1 : 0);
  set(parts.scheme === 'https' ? 1 : 0);
  set(host.startsWith('www.') ? 1 : 0);
  set(countRuns(parts.path, 47));
  set(parts.query === '' ? 0 : countChar(parts.query, 38) + 1);
  set(chars.special);
  set(chars.percentEncoded);
  set(url.length > 0 ? chars.digits / url.length : 0);
  set(entropy(lowerUrl));
  set(longest(tokens));
  set(longestHexRun(lowerUrl) / 32);
  set(tokens.filter((t) => SUSPICIOUS_WORDS.has(t)).length + (SUSPICIOUS_WORDS.has(label) ? 1 : 0));
  set(HIGH_RISK_TLDS.has(suffix) ? 1 : 0);
  set(suffix.length);
  set(suffix.length === 2 || /\.[a-z]{2}$/.test(suffix) ? 1 : 0);
  set(SHORTENER_HOSTS.has(info.domain ?? host) ? 1 : 0);
  set(/\.(php|html?|asp|aspx|jsp|cgi|exe|zip|js)$/.test(parts.path.toLowerCase()) ? 1 : 0);
  set(/\.apk$/.test(parts.path.toLowerCase()) ? 1 : 0);
  set(url.length > 0 ? chars.upper / url.length : 0);

  // Written into a reused buffer sized for the worst case, returned as a right-sized copy.
  const bound = v.length + label.length + 8 + 2 * host.length + tokens.length + URL_GRAM_SPAN + 124;
  if (scratch.length < bound) scratch = new Uint32Array(2 * bound);
  const hashed = scratch;
  let n = 0;
  // Each dense value also as a coarse bucket, so the linear model can learn non-monotone shapes
  // (a URL can be suspiciously short as well as suspiciously long).
  for (let i = 0; i < v.length; i++) {
    const x = v[i] ?? 0;
    const bucket = x === 0 ? 0 : x < 0 ? -1 : Math.min(12, Math.round(Math.log2(1 + x * 8)));
    hashed[n++] =
      bucket >= -1 && bucket <= 12
        ? (BUCKETS[i * BUCKET_COLUMNS + bucket + 1] ?? 0)
        : fnv1aRange(DENSE_FEATURES[i] ?? '', 0, (DENSE_FEATURES[i] ?? '').length, 20 + bucket) & HASH_MASK;
  }
  // Host trigrams (bare domains and full URLs have models of their own, so one copy serves both).
  const padded = `^${label}$`;
  for (let i = 0; i + 3 <= padded.length; i++) hashed[n++] = fnv1aRange(padded, i, i + 3, 1) & HASH_MASK;
  hashed[n++] = fnv1aFrom(TLD_STATE, suffix) & HASH_MASK;
  if (info.subdomain)
    for (const s of info.subdomain.split('.')) hashed[n++] = fnv1aFrom(SUB_STATE, s) & HASH_MASK;
  for (const t of tokens)
    if (t.length <= 24 && !/^\d+$/.test(t)) hashed[n++] = fnv1aFrom(WORD_STATE, t) & HASH_MASK;
  // Host words (split at dots and hyphens), hashed in place.
  for (let start = 0, i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 46;
    if (c !== 46 && c !== 45) continue;
    if (i > start) hashed[n++] = fnv1aRangeFrom(HOST_WORD_STATE, host, start, i) & HASH_MASK;
    start = i + 1;
  }
  if (!bareDomain) {
    // Shapes of the path (digits → 0, letters kept) catch kit layouts such as /wp-includes/js/x1x/v4/.
    const shape = pathAndQuery.slice(0, 120).replace(/\d+/g, '0');
    for (let i = 0; i + 4 <= shape.length; i++) hashed[n++] = fnv1aRange(shape, i, i + 4, 5) & HASH_MASK;
    hashed[n++] = fnv1a(`scheme:${parts.scheme}:${info.subdomain ?? ''}`, 6) & HASH_MASK;
    // Character 5-grams of host, path and query together: kit names, encoded redirects and brand
    // words glued to other words, which the token split misses.
    const start = parts.scheme === '' ? 0 : lowerUrl.indexOf('//') + 2;
    const end = Math.min(lowerUrl.length, start + URL_GRAM_SPAN);
    for (let i = start; i + 5 <= end; i++) hashed[n++] = fnv1aRange(lowerUrl, i, i + 5, 7) & HASH_MASK;
  }
  const hashedOut = reuse ? hashed.subarray(0, n) : hashed.slice(0, n);
  return { dense: v, hashed: hashedOut, parts, registrableDomain: info.domain };
};
