/**
 * URLs canonicalised exactly as Google Safe Browsing specifies ("URLs and Hashing", API v4), so that hash
 * prefixes computed here match those of any Safe-Browsing-style client. The spec works on bytes: the URL
 * is taken as UTF-8, unescaped until stable, then every byte <= 0x20, >= 0x7f, `#` and `%` is re-escaped.
 * On top, the library key drops tracking parameters (kept as an attribute) and puts IDN hosts in punycode.
 */
import { createHash } from 'node:crypto';
import { domainToASCII, domainToUnicode } from 'node:url';
import { getDomain } from 'tldts';
import type { AttributeValue, NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

const ESCAPE = /%([0-9a-fA-F]{2})/g;
const MAX_LENGTH = 8192;

const unescapeUntilStable = (bytes: string): string => {
  let current = bytes;
  // Each round that changes anything shortens the string, so this ends; the cap is a guard only.
  for (let round = 0; round < 1024 && current.includes('%'); round++) {
    const next = current.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) break;
    current = next;
  }
  return current;
};

// eslint-disable-next-line no-control-regex -- the specification escapes control bytes, so it must match them
const NEEDS_ESCAPE = /[\x00-\x20\x7f-\xff#%]/;

const escapeBytes = (bytes: string): string => {
  if (!NEEDS_ESCAPE.test(bytes)) return bytes;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    out +=
      c <= 0x20 || c >= 0x7f || c === 0x23 || c === 0x25
        ? `%${c.toString(16).toUpperCase().padStart(2, '0')}`
        : bytes[i];
  }
  return out;
};

/** inet_aton forms: 1–4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the rest. */
export const parseIpv4 = (host: string): string | undefined => {
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let v: number;
    if (/^0x[0-9a-f]*$/.test(part)) v = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) v = parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) v = Number(part);
    else return undefined;
    if (!Number.isFinite(v)) return undefined;
    values.push(v);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  let n = last;
  values.forEach((v, i) => (n += v * 256 ** (3 - i)));
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
};

/** Lower-cases ASCII letters only: the string holds bytes, and Latin-1 case mapping would corrupt UTF-8. */
const asciiLower = (bytes: string): string =>
  /[A-Z]/.test(bytes) ? bytes.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : bytes;

const canonicalHost = (rawHost: string): string => {
  if (rawHost.startsWith('[')) return asciiLower(rawHost);
  let host = asciiLower(rawHost.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.'));
  const ip = parseIpv4(host);
  if (ip) return ip;
  if (/[\x80-\xff]/.test(host)) {
    const unicode = Buffer.from(host, 'latin1').toString('utf8');
    const ascii = unicode.includes('\ufffd') ? '' : domainToASCII(unicode);
    if (ascii !== '') host = ascii;
  }
  return host;
};

const canonicalPath = (path: string): string => {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const last = segments[segments.length - 1];
  const trailing = last === '' || last === '.' || last === '..';
  return out.length === 0 ? '/' : `/${out.join('/')}${trailing ? '/' : ''}`;
};

export interface CanonicalUrl {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
  /** Undefined when the URL has no `?`; '' when it ends in a bare `?` (the spec keeps it). */
  readonly query: string | undefined;
  readonly url: string;
}

/** The Safe Browsing canonical form of a URL; fails only when no host is left. */
export const canonicalizeUrl = (raw: string): Result<CanonicalUrl, string> => {
  if (raw.length > MAX_LENGTH) return err(`longer than ${MAX_LENGTH} characters`);
  const trimmed = raw.trim().replace(/[\t\r\n]/g, '');
  const hash = trimmed.indexOf('#');
  const withoutFragment = hash >= 0 ? trimmed.slice(0, hash) : trimmed;
  // Work on bytes (one char per UTF-8 byte); ASCII text already is.
  const ascii = !/[\u0080-\uffff]/.test(withoutFragment);
  const bytes = unescapeUntilStable(
    ascii ? withoutFragment : Buffer.from(withoutFragment, 'utf8').toString('latin1'),
  );
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(bytes);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? 'http';
  const rest = schemeMatch ? bytes.slice(schemeMatch[0].length) : bytes;
  const authorityEnd = rest.search(/[/?]/);
  let authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const afterAuthority = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  if (!authority.startsWith('[')) authority = authority.replace(/:\d*$/, '');
  else authority = authority.replace(/(\])(:\d*)$/, '$1');
  const host = canonicalHost(authority);
  if (host === '') return err('no host');
  const queryAt = afterAuthority.indexOf('?');
  const path = canonicalPath(queryAt < 0 ? afterAuthority : afterAuthority.slice(0, queryAt));
  const query = queryAt < 0 ? undefined : afterAuthority.slice(queryAt + 1);
  const escapedHost = escapeBytes(host);
  const escapedPath = escapeBytes(path);
  const escapedQuery = query === undefined ? undefined : escapeBytes(query);
  const url = `${scheme}://${escapedHost}${escapedPath}${escapedQuery === undefined ? '' : `?${escapedQuery}`}`;
  return ok({ scheme, host: escapedHost, path: escapedPath, query: escapedQuery, url });
};

/** Analytics and share-tracking parameters: they change per click, not per resource. */
const TRACKING_PARAMETERS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'igshid',
  'twclid',
  'ttclid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'spm',
  'scm',
  'from',
  'share_source',
  'share_medium',
  'share_from',
  'share_tag',
  'share_plat',
  'share_session_id',
  'timestamp',
  'isappinstalled',
  'vd_source',
  'wxshare_count',
  'sharer_shareid',
  'sharer_sharetime',
  'ref',
  'ref_src',
  'tt_from',
  'tt_medium',
  'xhsshare',
  'app_platform',
]);
const isTracking = (name: string): boolean => {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
};

const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp']);
const HOST_NAME = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*\.[a-z0-9-]{1,63}$/;
const problem = (message: string): ValueProblem => ({ type: 'url', message });

/** Threat feeds defang links (`hxxp://evil[.]com`); undo that before canonicalising. */
export const refang = (raw: string): string =>
  raw.replace(/^\s*h(?:xx|\*\*)p(s?)(\[?:\]?)?\/\//i, 'http$1://').replace(/\[\.\]|\(\.\)|\{\.\}/g, '.');

export const normalizeUrl = (raw: string): Result<NormalizedValue, ValueProblem> => {
  const canonical = canonicalizeUrl(refang(raw));
  if (!canonical.ok) return err(problem(canonical.error));
  const { scheme, host, path, query } = canonical.value;
  if (!ALLOWED_SCHEMES.has(scheme)) return err(problem(`scheme ${scheme} is not http, https or ftp`));
  const isIp = parseIpv4(host) === host || host.startsWith('[');
  if (!isIp && (host.length > 253 || !HOST_NAME.test(host)))
    return err(problem(`${host} is not a host name`));
  const attributes: Record<string, AttributeValue> = { host };
  let kept = query;
  if (query !== undefined && query !== '') {
    const parts = query.split('&');
    const tracking = parts.filter((p) => isTracking(p.split('=')[0] ?? ''));
    if (tracking.length > 0) {
      attributes['trackingParams'] = tracking.join('&');
      const rest = parts.filter((p) => !isTracking(p.split('=')[0] ?? ''));
      kept = rest.length > 0 ? rest.join('&') : undefined;
    }
  }
  const unicodeHost = isIp || !host.includes('xn--') ? host : domainToUnicode(host) || host;
  const registrableDomain = isIp ? null : getDomain(host, { allowPrivateDomains: false });
  if (registrableDomain) attributes['registrableDomain'] = registrableDomain;
  attributes['unicodeHost'] = unicodeHost;
  const tail = `${path}${kept === undefined ? '' : `?${kept}`}`;
  return ok({
    type: 'url',
    normalized: `${scheme}://${host}${tail}`,
    display: `${scheme}://${unicodeHost}${tail}`,
    attributes,
  });
};

/**
 * The host-suffix × path-prefix expressions a Safe Browsing client looks up for a canonical URL: the exact
 * host and up to four suffixes of its last five components (never the TLD alone; none for IPs), times the
 * exact path with and without query and up to four directory prefixes from `/`.
 */
export const safeBrowsingExpressions = (canonicalUrl: string): string[] => {
  const withoutScheme = canonicalUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = withoutScheme.indexOf('/');
  const host = slash < 0 ? withoutScheme : withoutScheme.slice(0, slash);
  const pathAndQuery = slash < 0 ? '/' : withoutScheme.slice(slash);
  const hosts = [host];
  if (parseIpv4(host) !== host && !host.startsWith('[')) {
    const labels = host.split('.');
    for (let i = Math.max(1, labels.length - 5); i <= labels.length - 2; i++)
      hosts.push(labels.slice(i).join('.'));
  }
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const paths = [pathAndQuery];
  if (queryAt >= 0) paths.push(path);
  const directories = path.split('/').slice(1, -1);
  let prefix = '/';
  for (let i = 0; i < 4; i++) {
    paths.push(prefix);
    const next = directories[i];
    if (next === undefined) break;
    prefix += `${next}/`;
  }
  const expressions = new Set<string>();
  for (const h of hosts) for (const p of paths) expressions.add(`${h}${p}`);
  return [...expressions];
};

/** Leading `bytes` of SHA-256(expression), hex: what a list carries instead of the URL itself. */
export const hashPrefix = (expression: string, bytes = 4): string =>
  createHash('sha256')
    .update(expression, 'utf8')
    .digest('hex')
    .slice(0, Math.max(1, Math.min(32, bytes)) * 2);
