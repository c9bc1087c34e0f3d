/**
 * Domains → lower-case ASCII host (punycode), no trailing dot, with the registrable domain from the public
 * suffix list (tldts) and the Unicode form for people. A URL given as a domain is reduced to its host.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth } from './chars.ts';
import { canonicalizeUrl, parseIpv4, refang } from './url.ts';

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const problem = (message: string): ValueProblem => ({ type: 'domain', message });

const hostOf = (raw: string): string => {
  const text = refang(foldWidth(raw.trim())).replace(/[\u3002\uff0e\uff61]/g, '.');
  if (!/[/?#@]|:\/\//.test(text)) return text.replace(/:\d+$/, '');
  const canonical = canonicalizeUrl(text);
  // canonicalizeUrl escapes non-ASCII bytes it could not turn into punycode; undo that for the checks below.
  return canonical.ok ? decodeURIComponentSafe(canonical.value.host) : '';
};

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export const normalizeDomain = (raw: string): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > 2048) return err(problem('too long for a domain'));
  const host = hostOf(raw).replace(/\.+$/, '');
  if (host === '') return err(problem('empty domain'));
  if (parseIpv4(host) !== undefined || host.startsWith('['))
    return err(problem('an IP address, not a domain'));
  const ascii = domainToASCII(host.toLowerCase());
  if (ascii === '' || ascii.length > 253) return err(problem(`${host} is not a valid domain name`));
  const labels = ascii.split('.');
  if (
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    /^\d+$/.test(labels[labels.length - 1] ?? '')
  ) {
    return err(problem(`${host} is not a valid domain name`));
  }
  const info = parse(ascii, { allowPrivateDomains: false });
  const unicode = domainToUnicode(ascii) || ascii;
  const attributes: Record<string, string | boolean> = {
    unicode,
    isIdn: labels.some((l) => l.startsWith('xn--')),
  };
  if (info.domain) attributes['registrableDomain'] = info.domain;
  if (info.publicSuffix) attributes['publicSuffix'] = info.publicSuffix;
  return ok({ type: 'domain', normalized: ascii, display: unicode, attributes });
};
