/**
 * Indicator extraction from free text (SMS, public reports, chat logs): phone numbers, URLs and their
 * domains, account handles, e-mail addresses, bank cards, amounts and verification codes, each with
 * its span in the text it was given. General on purpose: the SMS engine and the report intake share
 * it, so nothing here knows about SMS. Pass text that is already normalised (full-width folded,
 * inserted separators removed) for the best recall; spans refer to the string passed in.
 */
import { getDomain } from 'tldts';
import type { ResourceType } from '../library/library.types.ts';
import {
  ALIPAY,
  CODE,
  CURRENCY,
  factsOf,
  has,
  LINE,
  QQ,
  SEPARATOR,
  T_ME,
  TELEGRAM,
  V,
  V_SEPARATOR,
  WECHAT,
  WHATSAPP,
  type TextFacts,
} from './text-facts.ts';

export const INDICATOR_KINDS = [
  'phone',
  'url',
  'domain',
  'account',
  'email',
  'bank_card',
  'amount',
  'verification_code',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const ACCOUNT_PLATFORMS = ['qq', 'wechat', 'telegram', 'whatsapp', 'line', 'alipay'] as const;
export type AccountPlatform = (typeof ACCOUNT_PLATFORMS)[number];

export interface Indicator {
  readonly kind: IndicatorKind;
  /** Canonical-ish value: digits only for numbers, `platform:id` for accounts, lower-case host for domains. */
  readonly value: string;
  /** The text as it appeared. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  readonly platform?: AccountPlatform;
  /** For amounts: the currency (`CNY`, `USD`, `GBP`) and the number in units of that currency. */
  readonly currency?: string;
  readonly amount?: number;
}

/** The library resource type an indicator becomes a claim about, if any (amounts and codes do not). */
export const resourceTypeOf = (kind: IndicatorKind): ResourceType | undefined => {
  switch (kind) {
    case 'phone':
      return 'phone';
    case 'url':
      return 'url';
    case 'domain':
      return 'domain';
    case 'account':
    case 'email':
      return 'account';
    case 'bank_card':
      return 'bank';
    case 'amount':
    case 'verification_code':
      return undefined;
  }
};

const STOP =
  '\\s\\u3000-\\u303f\\uff01-\\uff5e\\u4e00-\\u9fff"\'<>()\\[\\]{}|^`，。！？、；：（）【】《》“”‘’';
const TLDS =
  'cn|com|net|org|cc|top|xyz|vip|me|io|co|ly|gl|im|info|club|shop|site|ink|link|ltd|tk|app|biz|uk|us|in|hk|tw|mobi|live|online|store|fun|icu|work|pro|ru|de|to|la|gd|is|su|ws';
const URL_RE = new RegExp(
  `(?:https?:\\/\\/|www\\.)[^${STOP}]+|(?<![\\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![a-z0-9-])(?::\\d{2,5})?(?:[/?#][^${STOP}]*)?`,
  'gi',
);
// URLs are looked for only inside tokens (runs of characters outside STOP) that contain a dot, and only
// in those that have what every URL_RE match has: a dot before a letter (the TLD), `://` or `www.`.
// Scanning whole texts with URL_RE backtracks on every word of English prose.
const MAY_BE_URL = /\.[a-z]|:\/\/|www\./i;
// Whether a UTF-16 unit is in STOP, for the token scan; built on first use.
let stopTable: Uint8Array | undefined;
const stopTableOf = (): Uint8Array => {
  if (stopTable) return stopTable;
  const one = new RegExp(`[${STOP}]`);
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (one.test(String.fromCharCode(c))) table[c] = 1;
  stopTable = table;
  return table;
};

const EMAIL_RE = /[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24}/gi;
// Chinese mobiles (optionally +86, grouped 3-4-4), landlines with area code, 400/800 lines, UK-style
// premium and international numbers written with a plus.
const PHONE_RE =
  /(?<![\d*])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d*])|(?<![\d*])0\d{2,3}[\s-]?\d{7,8}(?![\d*])|(?<![\d*])[48]00[\s-]?\d{3}[\s-]?\d{4}(?![\d*])|(?<![\d*])\+\d[\d\s-]{6,16}\d(?![\d*])|(?<![\d*])0[789]\d{8,10}(?![\d*])/g;
const CARD_RE = /(?<![\d*])\d{4}(?:[\s-]?\d{3,4}){2,3}[\s-]?\d{3,7}(?![\d*])/g;
const CODE_RE =
  /(?:验证码|校验码|动态码|动态密码|确认码|取件码|verification code|security code|passcode|code|otp)(?:是|为|:|：|\s|is|\(.{0,12}\))*([0-9]{4,8})(?!\d)/gi;
const AMOUNT_RE =
  /(?:[¥￥]|RMB\s?|CNY\s?|人民币)\s?(\d+(?:,\d{3})*(?:\.\d+)?)\s?(万|亿)?|(\d+(?:,\d{3})*(?:\.\d+)?)\s?(?:(万|亿)\s?(?:元|块)?|元|块|圆)|(?:USD|US\$|\$)\s?(\d+(?:,\d{3})*(?:\.\d+)?)|£\s?(\d+(?:,\d{3})*(?:\.\d+)?)|(\d+(?:,\d{3})*(?:\.\d+)?)\s?(?:USD|usdt|dollars)/gi;

const ANY_ACCOUNT_WORD =
  /(?<![a-z])(?:qq|v\s*[:：号信x]|wx|wechat|weixin|telegram|tg|t\.me|whats|wa|line)|扣扣|企鹅|q号|q群|微|威信|薇|徽信|卫星|飞机|电报|连我|支付宝/i;

interface AccountPattern {
  readonly platform: AccountPlatform;
  readonly re: RegExp;
  readonly mayMatch: (facts: TextFacts) => boolean;
}
const ACCOUNT_PATTERNS: readonly AccountPattern[] = [
  {
    platform: 'qq',
    re: /(?<![a-z])(?:QQ|扣扣|企鹅|Q号|Q群|QQ群)[号群]?\s*(?:是|为|:|：)?\s*([1-9]\d{4,11})(?!\d)/gi,
    mayMatch: (f) => f.digitCount >= 5 && has(f, QQ),
  },
  {
    platform: 'wechat',
    // A bare `V` counts only before a separator (`V：abc123`), or it would read `vacation` as `v` + id.
    re: /(?<![a-z])(?:(?:微信|威信|薇信|徽信|微心|V信|VX|WX|wechat|weixin|卫星|薇)号?\s*(?:是|为|:|：|搜|添加|加)?|V\s*(?:号|:|：))\s*([a-z][a-z0-9_-]{5,19}|1[3-9]\d{9})(?![a-z0-9_-])/gi,
    mayMatch: (f) => has(f, WECHAT) || (has(f, V) && has(f, V_SEPARATOR)),
  },
  {
    platform: 'telegram',
    re: /(?<![a-z])(?:telegram|TG|纸飞机|飞机号?|电报)\s*(?:号|是|为|:|：|@|\s)*@?([a-z][a-z0-9_]{4,31})(?![a-z0-9_])|t\.me\/([a-z][a-z0-9_]{4,31})/gi,
    // A bare t.me/ link counts only where some account word stands in the text (ANY_ACCOUNT_WORD).
    mayMatch: (f) => has(f, TELEGRAM) || (has(f, T_ME) && ANY_ACCOUNT_WORD.test(f.text)),
  },
  {
    platform: 'whatsapp',
    re: /(?<![a-z])(?:whatsapp|whats app|WA)\s*(?:号|:|：|\s)*(\+?\d[\d\s-]{6,16}\d)/gi,
    mayMatch: (f) => f.digitCount >= 2 && has(f, WHATSAPP),
  },
  {
    platform: 'line',
    re: /(?<![a-z])(?:line|连我)\s*(?:id|ID|号)?\s*(?:是|为|:|：)\s*([a-z0-9._-]{4,20})/gi,
    mayMatch: (f) => has(f, LINE) && has(f, SEPARATOR),
  },
  {
    platform: 'alipay',
    re: /支付宝(?:账号|账户|号)?\s*(?:是|为|:|：)\s*([a-z0-9._@-]{5,40})/gi,
    mayMatch: (f) => has(f, ALIPAY) && has(f, SEPARATOR),
  },
];

/**
 * The next match of the global `re` in `text`, as `matchAll` steps (an empty match moves on by one):
 * set `re.lastIndex = 0` first. A loop over this, not `matchAll`, which clones the RegExp on every
 * call (a large share of extraction time on short messages), and not a callback per match, which
 * would be a closure made per message.
 */
const nextMatch = (re: RegExp, text: string): RegExpExecArray | null => {
  const m = re.exec(text);
  if (m !== null && m[0] === '') re.lastIndex++;
  return m;
};

/** The indicators found so far, and the spans they claim (flat: start, end, start, end …). */
class Found {
  readonly list: Indicator[] = [];
  readonly taken: number[] = [];
  add(ind: Indicator, claim = true): void {
    this.list.push(ind);
    if (claim) this.taken.push(ind.start, ind.end);
  }
  overlaps(s: number, e: number): boolean {
    const t = this.taken;
    for (let k = 0; k < t.length; k += 2) if (s < (t[k + 1] ?? 0) && e > (t[k] ?? 0)) return true;
    return false;
  }
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');

const luhnValid = (digits: string): boolean => {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
};

const phoneValue = (raw: string): string => {
  const trimmed = raw.trim();
  const digits = digitsOf(trimmed);
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('0086')) return `+${digits.slice(2)}`;
  if (/^861[3-9]\d{9}$/.test(digits)) return `+${digits}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  return digits;
};

const cleanUrl = (raw: string): string => raw.replace(/[.,;:!?)\]}'"]+$/, '');

/** Host of a URL-ish string, lower-cased, without scheme, credentials, port or path. */
const hostOf = (url: string): string => {
  let rest = url.replace(/^https?:\/\//i, '');
  const end = rest.search(/[/?#]/);
  if (end >= 0) rest = rest.slice(0, end);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  return rest.replace(/:\d+$/, '').toLowerCase();
};

// Registrable domains repeat across messages of a campaign: remember the public-suffix lookups.
const domainCache = new Map<string, string | null>();
const registrableDomain = (host: string): string | null => {
  let domain = domainCache.get(host);
  if (domain === undefined) {
    if (domainCache.size > 50_000) domainCache.clear();
    domain = getDomain(host, { allowPrivateDomains: false });
    domainCache.set(host, domain);
  }
  return domain;
};

/**
 * Every indicator in the text, ordered by position. Overlaps are resolved in favour of the more specific
 * kind. `lower` is `text.toLowerCase()`, for a caller that has it already.
 */
/** `gateWords`: optional, the gate word bits of `lower` from the caller's own scan (GATE_WORD_LISTS). */
export const extractIndicators = (
  text: string,
  lower: string = text.toLowerCase(),
  gateWords?: number,
): Indicator[] => {
  const found = new Found();
  const hasDot = text.includes('.');
  if (hasDot && text.includes('@')) {
    EMAIL_RE.lastIndex = 0;
    for (let m = nextMatch(EMAIL_RE, text); m !== null; m = nextMatch(EMAIL_RE, text))
      found.add({
        kind: 'email',
        value: m[0].toLowerCase(),
        raw: m[0],
        start: m.index,
        end: m.index + m[0].length,
      });
  }
  if (hasDot) addUrls(found, text);
  const facts = gateWords === undefined ? factsOf(text, lower) : factsOf(text, lower, gateWords);
  for (const { platform, re, mayMatch } of ACCOUNT_PATTERNS) {
    if (!mayMatch(facts)) continue;
    re.lastIndex = 0;
    for (let m = nextMatch(re, text); m !== null; m = nextMatch(re, text)) {
      const id = m[1] ?? m[2];
      if (id === undefined) continue;
      const start = m.index + m[0].lastIndexOf(id);
      const end = start + id.length;
      if (found.overlaps(start, end)) continue;
      const value = platform === 'whatsapp' ? phoneValue(id) : id.toLowerCase();
      // A WeChat id that is a phone number is also the phone: keep the span free for the phone pass.
      found.add(
        { kind: 'account', platform, value: `${platform}:${value}`, raw: id, start, end },
        !/^1\d{10}$/.test(id),
      );
    }
  }
  addNumbers(found, text, facts);
  // Most messages have one indicator or none: nothing to sort.
  return found.list.length > 1 ? found.list.sort(byPosition) : found.list;
};

/**
 * URLs and their domains, looked for only in the maximal runs of non-STOP characters that contain a
 * dot (left to right), and only in those MAY_BE_URL says a URL could be in.
 */
const addUrls = (found: Found, text: string): void => {
  const stop = stopTableOf();
  let from = 0;
  for (let dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', from)) {
    let tokenStart = dot;
    while (tokenStart > from && stop[text.charCodeAt(tokenStart - 1)] === 0) tokenStart--;
    let tokenEnd = dot + 1;
    while (tokenEnd < text.length && stop[text.charCodeAt(tokenEnd)] === 0) tokenEnd++;
    from = tokenEnd;
    const token = text.slice(tokenStart, tokenEnd);
    if (!MAY_BE_URL.test(token)) continue;
    URL_RE.lastIndex = 0;
    for (let m = nextMatch(URL_RE, token); m !== null; m = nextMatch(URL_RE, token)) {
      const raw = cleanUrl(m[0]);
      const start = tokenStart + m.index;
      const end = start + raw.length;
      if (found.overlaps(start, end) || /^\d+(\.\d+)+$/.test(raw)) continue;
      const host = hostOf(raw);
      const domain = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : registrableDomain(host);
      if (!domain) continue;
      found.add({ kind: 'url', value: /^https?:\/\//i.test(raw) ? raw : `http://${raw}`, raw, start, end });
      const hostAt = raw.toLowerCase().indexOf(host);
      const hostStart = start + Math.max(0, hostAt);
      found.add(
        { kind: 'domain', value: domain, raw: host, start: hostStart, end: hostStart + host.length },
        false,
      );
    }
  }
};

/** The number-shaped indicators: codes, bank cards, phones, amounts (skipped when the text has no digits). */
const addNumbers = (found: Found, text: string, facts: TextFacts): void => {
  const { digitCount } = facts;
  if (digitCount === 0) return;
  if (digitCount >= 4) {
    if (facts.hasCodeChar || has(facts, CODE)) {
      CODE_RE.lastIndex = 0;
      for (let m = nextMatch(CODE_RE, text); m !== null; m = nextMatch(CODE_RE, text)) {
        const code = m[1];
        if (code === undefined) continue;
        const start = m.index + m[0].lastIndexOf(code);
        if (found.overlaps(start, start + code.length)) continue;
        found.add({ kind: 'verification_code', value: code, raw: code, start, end: start + code.length });
      }
    }
    // A card number has 16 to 19 digits, so text with fewer has none.
    if (digitCount >= 16) {
      CARD_RE.lastIndex = 0;
      for (let m = nextMatch(CARD_RE, text); m !== null; m = nextMatch(CARD_RE, text)) {
        const digits = digitsOf(m[0]);
        if (digits.length < 16 || digits.length > 19) continue;
        if (!(luhnValid(digits) || digits.startsWith('62'))) continue;
        if (found.overlaps(m.index, m.index + m[0].length)) continue;
        found.add({
          kind: 'bank_card',
          value: digits,
          raw: m[0],
          start: m.index,
          end: m.index + m[0].length,
        });
      }
    }
    // Every phone pattern but the `+` one needs 10 digits or more.
    if (digitCount >= 10 || facts.hasPlus) {
      PHONE_RE.lastIndex = 0;
      for (let m = nextMatch(PHONE_RE, text); m !== null; m = nextMatch(PHONE_RE, text)) {
        const raw = m[0].trim();
        const start = m.index + m[0].indexOf(raw);
        if (found.overlaps(start, start + raw.length)) continue;
        found.add({ kind: 'phone', value: phoneValue(raw), raw, start, end: start + raw.length });
      }
    }
  }
  addAmounts(found, text, facts);
};

const byPosition = (a: Indicator, b: Indicator): number => a.start - b.start || a.end - b.end;

const addAmounts = (found: Found, text: string, facts: TextFacts): void => {
  if (!facts.hasAmountSign && !has(facts, CURRENCY)) return;
  AMOUNT_RE.lastIndex = 0;
  for (let m = nextMatch(AMOUNT_RE, text); m !== null; m = nextMatch(AMOUNT_RE, text)) {
    if (found.overlaps(m.index, m.index + m[0].length)) continue;
    const number = m[1] ?? m[3] ?? m[5] ?? m[6] ?? m[7];
    if (number === undefined) continue;
    const unit = m[2] ?? m[4];
    const scale = unit === '万' ? 1e4 : unit === '亿' ? 1e8 : 1;
    const currency = m[5] !== undefined || m[7] !== undefined ? 'USD' : m[6] !== undefined ? 'GBP' : 'CNY';
    const amount = Number(number.replace(/,/g, '')) * scale;
    if (!Number.isFinite(amount)) continue;
    found.add({
      kind: 'amount',
      value: `${currency} ${amount}`,
      raw: m[0].trimEnd(),
      start: m.index,
      end: m.index + m[0].trimEnd().length,
      currency,
      amount,
    });
  }
};
