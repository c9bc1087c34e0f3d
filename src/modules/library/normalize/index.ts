/**
 * The library's normalisers: one canonical key per (type, resource), plus attributes for routing and
 * dashboards. Pure functions; the only context is the pseudonym key (subjects) and the default country.
 */
import { isIP } from 'node:net';
import { parse as parseHost } from 'tldts';
import type { NormalizedValue, ResourceType, ValueProblem } from '../library.types.ts';
import { err, type Result } from '../../../shared/result.ts';
import { foldWidth, luhnValid } from './chars.ts';
import { normalizePhone } from './phone.ts';
import { normalizeUrl } from './url.ts';
import { normalizeDomain } from './domain.ts';
import { normalizeIp } from './ip.ts';
import { normalizeApp } from './app.ts';
import { normalizeAccount, splitAccount } from './account.ts';
import { normalizeBank } from './bank.ts';
import { normalizeDevice } from './device.ts';
import { creditCodeValid, normalizeSubject, residentIdValid } from './subject.ts';
import { normalizeSms } from './sms.ts';

export interface NormalizeContext {
  readonly pseudonymKey: string;
  /** ISO 3166 alpha-2 country for numbers written without a country code; default 'CN'. */
  readonly defaultCountry?: string;
}

export function normalizeValue(
  type: ResourceType,
  raw: string,
  ctx: NormalizeContext,
): Result<NormalizedValue, ValueProblem> {
  if (typeof raw !== 'string') return err({ type, message: 'the value must be a string' });
  const country = ctx.defaultCountry ?? 'CN';
  try {
    switch (type) {
      case 'phone':
        return normalizePhone(raw, country);
      case 'sms':
        return normalizeSms(raw);
      case 'url':
        return normalizeUrl(raw);
      case 'domain':
        return normalizeDomain(raw);
      case 'ip':
        return normalizeIp(raw);
      case 'app':
        return normalizeApp(raw);
      case 'account':
        return normalizeAccount(raw, country);
      case 'bank':
        return normalizeBank(raw);
      case 'device':
        return normalizeDevice(raw);
      case 'subject':
        return normalizeSubject(raw, ctx.pseudonymKey);
    }
  } catch {
    // The normalisers are written not to throw; this keeps a bug in one from failing a whole batch.
    return err({ type, message: 'the value could not be read' });
  }
}

const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|h(?:xx|\*\*)ps?:\/\/|www\.)/i;
const HOST_WITH_PATH = /^[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+(?::\d+)?[/?]/u;
const DOTTED = /^[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+\.?$/u;
const PACKAGE_WITH_CERT = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+\s*#/;
/** First labels that make a dotted name read as a reversed-domain Android package (`com.tencent.mm`). */
const PACKAGE_ROOTS: ReadonlySet<string> = new Set([
  'com',
  'cn',
  'org',
  'net',
  'io',
  'me',
  'app',
  'top',
  'tv',
  'cc',
]);
const PHONE_LIKE = /^(?:tel:)?\+?[\d\s\-().\u00a0]+$/i;
const BANK_PREFIXED =
  /^(?:card|卡号|银行卡|[a-z]{2,11}|[\u4e00-\u9fff]{2,10}|\(?\d{3}\)?|TW-\d{3})\s*[:：\s]\s*[\d\s-]{6,}$/i;

/**
 * `+` then digits, with or without the separators numbers are written with (space, `-`, `.`, brackets, a
 * no-break space): the general patterns below read exactly these as a phone number alone (the PHONE_LIKE
 * branch with a leading `+`; nothing before it matches a `+`), so they are decided without them.
 */
const isPlusPhone = (text: string): boolean => {
  if (text.length < 3 || text.charCodeAt(0) !== 43) return false;
  let digits = false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 0xa0) return false;
  }
  return digits;
};

const digitTypes = (text: string): ResourceType[] => {
  const digits = text.replace(/[^\d+]/g, '');
  const plain = digits.replace(/^\+/, '');
  const n = plain.length;
  const types: ResourceType[] = [];
  const phoneFirst =
    digits.startsWith('+') || /^(?:0086|86)?1[3-9]\d{9}$/.test(plain) || /^0[1-9]\d{8,10}$/.test(plain);
  if (phoneFirst) types.push('phone');
  if (digits.startsWith('+')) return types;
  if (n === 15 && luhnValid(plain)) types.push('device');
  if (n >= 13 && n <= 19 && luhnValid(plain)) types.push('bank');
  if (!phoneFirst && n <= 17) types.push('phone');
  if (n >= 6 && n <= 34) types.push('bank');
  if (n === 14 || n === 16) types.push('device');
  return [...new Set(types)];
};

/** Candidate types for a raw value, most likely first; [] when nothing fits. */
export function inferTypes(raw: string): ResourceType[] {
  if (typeof raw !== 'string') return [];
  const text = foldWidth(raw.trim());
  if (text === '' || text.length > 4096) return [];
  // `+` and digits (E.164, the bulk of machine lookups, and numbers people type with spaces): a phone
  // number and nothing else, decided without the patterns below.
  if (isPlusPhone(text)) return ['phone'];
  if (text.length === 39 || text.length === 40) {
    if (/^(?:person|company):[0-9a-f]{32}$/.test(text)) return ['subject'];
  }
  if (text.length >= 18 && text.length <= 24) {
    const id = text.replace(/[\s-]/g, '').toUpperCase();
    if (id.length === 18 && (residentIdValid(id) || creditCodeValid(id))) {
      return /^\d+$/.test(id) ? ['subject', 'bank'] : ['subject'];
    }
  }
  if (/^[\d.]+$|:.*:|^\[/.test(text) && isIP(text.replace(/^\[(.*)\]$/, '$1'))) return ['ip'];
  // Digit strings are the bulk of lookups: decide them before the costlier patterns below.
  if (PHONE_LIKE.test(text)) return /\d/.test(text) ? digitTypes(text) : [];
  if (/[:：\s@/\u4e00-\u9fff]/.test(text) && splitAccount(text)) return ['account'];
  if (PACKAGE_WITH_CERT.test(text)) return ['app'];
  if (BANK_PREFIXED.test(text)) return ['bank'];
  if (URL_START.test(text) || HOST_WITH_PATH.test(text)) return ['url', 'domain'];
  if (DOTTED.test(text)) {
    const info = parseHost(text.replace(/\.$/, ''));
    const first = text.slice(0, text.indexOf('.')).toLowerCase();
    const looksLikePackage = PACKAGE_ROOTS.has(first) && /^[a-zA-Z][\w.]*$/.test(text);
    if (looksLikePackage) return info.isIcann ? ['app', 'domain'] : ['app'];
    return info.isIcann || info.isPrivate ? ['domain'] : [];
  }
  if (/\s/.test(text) || /[\u3400-\u9fff]/.test(text)) return ['sms'];
  return [];
}

/** Every inferred type under which the raw value normalises, in the order of `inferTypes`. */
export function normalizeAny(raw: string, ctx: NormalizeContext): NormalizedValue[] {
  const out: NormalizedValue[] = [];
  let urlHost: string | undefined;
  for (const type of inferTypes(raw)) {
    // A URL's domain is its canonical host: reuse it rather than canonicalising the URL a second time.
    const result =
      type === 'domain' && urlHost !== undefined ? normalizeDomain(urlHost) : normalizeValue(type, raw, ctx);
    if (!result.ok) continue;
    out.push(result.value);
    const host = result.value.attributes['host'];
    if (type === 'url' && typeof host === 'string') urlHost = host;
  }
  return out;
}

export { safeBrowsingExpressions, hashPrefix, canonicalizeUrl } from './url.ts';
export { keyedHash } from './privacy.ts';
