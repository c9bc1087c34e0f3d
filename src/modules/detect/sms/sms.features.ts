/**
 * Features of one normalised SMS for the linear models: hashed character n-grams over Chinese text
 * (1–3), hashed word unigrams/bigrams and in-word character 3/4-grams over Latin text, and named hand
 * features (links, shorteners, phone kinds, accounts, amounts, codes, signatures, evasion tricks).
 * Digits hash as `0` so the shape of a number counts, not its value. The feature vector is
 * L2-normalised so long and short messages weigh alike. Hashing runs over char codes with no
 * substring allocation: this is the hot path of classification.
 */
import type { Indicator } from '../../extract/extract.ts';
import { GATE_WORD_LISTS } from '../../extract/text-facts.ts';
import { compileWordScanner, scanWords } from '../../../shared/word-scan.ts';
import type { NormalizedSms } from '../../../shared/text/text-normalize.ts';

export interface FeatureVector {
  readonly hashes: Int32Array;
  readonly values: Float32Array;
  /** The value every feature carries (the vector is L2-normalised ones): `values` filled with it. */
  readonly value: number;
  /**
   * Where each feature came from, so a verdict can be explained without a second pass: for text
   * features the [start, end) of the n-gram in the lower-cased text (end = -1 - end for in-word
   * fragments), for hand features start = -1 - k.
   */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The readable name of feature i: its text, `#name` for a hand feature, `~fragment~` for an in-word gram. */
export const featureName = (
  v: Pick<FeatureVector, 'starts' | 'ends'>,
  i: number,
  lower: string,
  hand: readonly string[],
): string => {
  const start = v.starts[i] ?? 0;
  const end = v.ends[i] ?? 0;
  if (start < 0) return `#${hand[-1 - start] ?? ''}`;
  return end < 0 ? `~${lower.slice(start, -1 - end)}~` : lower.slice(start, end);
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_CJK = 0x1234567;
const SEED_WORD = 0x2345678;
const SEED_BIGRAM = 0x3456789;
const SEED_WORDCHAR = 0x456789a;
const SEED_HAND = 0x56789ab;

const step = (h: number, c: number): number => Math.imul(h ^ c, FNV_PRIME);
const foldDigit = (c: number): number => (c >= 48 && c <= 57 ? 48 : c);
/** As foldDigit, and x too: inside a masked number (`尾号xxxx`, `138xxxx1234`) x stands for a digit. */
const foldMasked = (c: number): number => ((c >= 48 && c <= 57) || c === 120 ? 48 : c);

/**
 * The word [i, j) of `lower` is a number masked with x, as published corpora anonymise them: only x
 * and digits, at least two characters, and either a digit in it or Chinese text against it (English
 * `xxx` between spaces is a word of its own).
 */
const isMaskedNumber = (lower: string, i: number, j: number): boolean => {
  if (j - i < 2) return false;
  let x = false;
  let digit = false;
  for (let k = i; k < j; k++) {
    const c = lower.charCodeAt(k);
    if (c === 120) x = true;
    else if (c >= 48 && c <= 57) digit = true;
    else return false;
  }
  return x && (digit || isCjk(lower.charCodeAt(i - 1)) || isCjk(lower.charCodeAt(j)));
};
const isCjk = (c: number): boolean => c >= 0x3400 && c <= 0x9fff;
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;

export const SHORTENERS: ReadonlySet<string> = new Set([
  't.cn',
  'dwz.cn',
  'url.cn',
  'bit.ly',
  'tinyurl.com',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'cutt.ly',
  'rb.gy',
  'smsg.io',
  'bit.do',
  'tiny.cc',
  'suo.im',
  'm.tb.cn',
  'u.jd.com',
]);
const RISKY_TLDS =
  /\.(top|xyz|vip|cc|club|shop|site|ink|link|tk|icu|fun|work|live|online|store|buzz|gq|ml|cf|ga)$/;
// Cue words as literal lists found in one scan (word-scan.ts), not as alternation regexes: same
// answer, several times faster on the hot path.
const URGENCY = [
  ...[
    '立即',
    '马上',
    '尽快',
    '逾期',
    '冻结',
    '否则',
    '限时',
    '仅限',
    '今日',
    '24小时',
    '过期',
    '作废',
    '失效',
  ],
  ...['urgent', 'immediately', 'expire', 'suspend', 'verify', 'act now', 'final notice', 'last chance'],
];
const MONEY_WORDS = [
  ...['返利', '佣金', '日结', '赚', '收益', '回报', '翻倍', '额度', '贷', '退款', '赔偿', '理赔', '补贴'],
  ...['红包', '中奖', 'prize', 'won', 'winner', 'cash', 'reward', 'refund', 'claim', 'free'],
];
// `回td` is covered by `回t`; `opt.?out` needs the regex, tried only when `opt` is there.
const UNSUBSCRIBE = ['退订', '拒收', '回t', '回n', '回r', 'stop', 'unsubscribe'];
const OPT_OUT = /opt.?out/;
// The cue lists after extraction's gate words (text-facts.ts): the classifier scans a message once
// for both (`scanSmsWords`), and hands the low bits to extraction, the cue bits to handFeatures.
const SMS_WORDS = compileWordScanner([...GATE_WORD_LISTS, URGENCY, MONEY_WORDS, UNSUBSCRIBE]);
const CUE_SHIFT = GATE_WORD_LISTS.length;

/** Bits: the gate words of extraction (GATE_WORD_BITS), then the three cue lists of handFeatures. */
export const scanSmsWords = (lower: string): number => scanWords(SMS_WORDS, lower);

/** The host is in the set or a subdomain of one there (`zwfw.sh.gov.cn` under `gov.cn`). */
export const isOfficialHost = (host: string, official: ReadonlySet<string>): boolean => {
  for (let at = 0; at >= 0; at = host.indexOf('.', at + 1)) {
    if (official.has(at === 0 ? host : host.slice(at + 1))) return true;
  }
  return false;
};

export interface HandFeatureInput {
  readonly normalized: NormalizedSms;
  /** `normalized.text.toLowerCase()`. */
  readonly lower: string;
  readonly indicators: readonly Indicator[];
  /** Brand/sender words that legitimate senders put in their signature (data, from the config). */
  readonly officialSignatures: ReadonlySet<string>;
  readonly officialDomains: ReadonlySet<string>;
  /** `scanSmsWords(lower)` when the caller has it (otherwise the text is scanned here). */
  readonly words?: number;
  /** The sender and ask cues' features (sms.sender-cues.ts), added as they are. */
  readonly cues?: readonly string[];
}

const mostlyCapitals = (text: string): boolean => {
  let upper = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return letters >= 10 && upper / letters > 0.5;
};

/** Named features: few, readable, and the first thing a verdict's reasons cite. */
export const handFeatures = (input: HandFeatureInput): string[] => {
  const { normalized, lower, indicators } = input;
  const out: string[] = [];
  let urls = 0;
  for (const ind of indicators) {
    switch (ind.kind) {
      case 'url':
        urls++;
        break;
      case 'domain':
        if (SHORTENERS.has(ind.value) || SHORTENERS.has(ind.raw)) out.push('url_shortener');
        else if (isOfficialHost(ind.raw, input.officialDomains)) out.push('url_official_domain');
        else out.push('url_other_domain');
        if (RISKY_TLDS.test(ind.value)) out.push('url_risky_tld');
        if (/^\d+\.\d+\.\d+\.\d+$/.test(ind.raw)) out.push('url_ip_host');
        if (ind.raw.includes('-')) out.push('url_hyphen_host');
        break;
      case 'phone':
        out.push(
          ind.value.startsWith('+86')
            ? 'phone_mobile_cn'
            : ind.value.startsWith('+')
              ? 'phone_international'
              : 'phone_other',
        );
        break;
      case 'account':
        out.push(`account_${ind.platform ?? 'other'}`);
        break;
      case 'email':
        out.push('email');
        break;
      case 'bank_card':
        out.push('bank_card');
        break;
      case 'amount':
        out.push((ind.amount ?? 0) >= 10000 ? 'amount_large' : 'amount');
        break;
      case 'verification_code':
        out.push('verification_code');
        break;
    }
  }
  if (urls > 0) out.push('url');
  if (normalized.signature !== undefined) {
    out.push(input.officialSignatures.has(normalized.signature) ? 'signature_official' : 'signature_other');
  } else out.push('signature_none');
  const t = normalized.tricks;
  if (t.fullWidth) out.push('trick_full_width');
  if (t.traditional) out.push('trick_traditional');
  if (t.homoglyph) out.push('trick_homoglyph');
  if (t.zeroWidth) out.push('trick_zero_width');
  if (t.insertedSeparators) out.push('trick_separators');
  if (normalized.emojiCount > 0) out.push(normalized.emojiCount > 2 ? 'emoji_many' : 'emoji');
  const cues = (input.words ?? scanSmsWords(lower)) >>> CUE_SHIFT;
  if ((cues & 1) !== 0) out.push('urgency_words');
  if ((cues & 2) !== 0) out.push('money_words');
  if ((cues & 4) !== 0 || (lower.includes('opt') && OPT_OUT.test(lower))) out.push('unsubscribe');
  const text = normalized.text;
  // Text equal to its lower case has no capitals: most messages, and no loop over them.
  if (text !== lower && mostlyCapitals(text)) out.push('mostly_capitals');
  out.push(text.length < 30 ? 'length_short' : text.length < 80 ? 'length_medium' : 'length_long');
  if (input.cues) out.push(...input.cues);
  return out;
};

const hashString = (seed: number, s: string): number => {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
  return h;
};

/**
 * A message's features in reusable buffers: the classifier fills one per message and reads it only
 * before it returns, so nothing is allocated per message. `count` features, each with its hash and
 * its origin (as FeatureVector.starts/ends); every feature carries `value` (L2-normalised ones).
 */
export class FeatureBuffer {
  hashes = new Int32Array(4096);
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  count = 0;
  value = 0;

  /** Featurises one message into the buffers (grown when it has more features than they hold). */
  fill(lower: string, hand: readonly string[], bits: number): this {
    // Sized for the worst case: each character starts at most 3 n-grams, 4 in-word grams, a word and
    // a bigram.
    const capacity = lower.length * 9 + hand.length + 8;
    if (this.hashes.length < capacity) {
      this.hashes = new Int32Array(capacity * 2);
      this.starts = new Int32Array(capacity * 2);
      this.ends = new Int32Array(capacity * 2);
    }
    const count = featurizeInto(this.hashes, this.starts, this.ends, lower, hand, bits);
    this.count = count;
    this.value = count > 0 ? 1 / Math.sqrt(count) : 0;
    return this;
  }

  /** A right-sized copy, which later fills do not change. */
  vector(): FeatureVector {
    const { count, value } = this;
    return {
      hashes: this.hashes.slice(0, count),
      values: new Float32Array(count).fill(value),
      value,
      starts: this.starts.slice(0, count),
      ends: this.ends.slice(0, count),
    };
  }
}

const scratch = new FeatureBuffer();

/** Feature hashes and values of a message, with where each feature came from. */
export const featurize = (lower: string, hand: readonly string[], bits: number): FeatureVector =>
  scratch.fill(lower, hand, bits).vector();

// Hand feature names are a small closed set: each is hashed once.
const handHashes = new Map<string, number>();
const handHash = (name: string): number => {
  let h = handHashes.get(name);
  if (h === undefined) {
    h = hashString(SEED_HAND, name);
    handHashes.set(name, h);
  }
  return h;
};

/**
 * Writes the features into the buffers (which must be large enough: see FeatureBuffer.fill) and
 * returns how many there are. Every feature is written in place, with no helper that would keep
 * `count` in a closure's context: this loop runs over every character of every message.
 */
const featurizeInto = (
  hashes: Int32Array,
  starts: Int32Array,
  ends: Int32Array,
  lower: string,
  hand: readonly string[],
  bits: number,
): number => {
  const mask = (1 << bits) - 1;
  let count = 0;
  const n = lower.length;
  let i = 0;
  let prevWord = 0;
  let prevWordStart = 0;
  let hasPrevWord = false;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (isCjk(c)) {
      // A run of Chinese characters: uni-, bi- and trigrams.
      let j = i + 1;
      while (j < n && isCjk(lower.charCodeAt(j))) j++;
      // Each character is read once: c1 and c2 are the two after s, while they are in the run.
      let c1 = c;
      let c2 = i + 1 < j ? lower.charCodeAt(i + 1) : 0;
      for (let s = i; s < j; s++) {
        const c0 = c1;
        c1 = c2;
        c2 = s + 2 < j ? lower.charCodeAt(s + 2) : 0;
        const h1 = step(FNV_OFFSET ^ SEED_CJK, c0);
        hashes[count] = h1 & mask;
        starts[count] = s;
        ends[count++] = s + 1;
        if (s + 1 < j) {
          const h2 = step(h1, c1);
          hashes[count] = h2 & mask;
          starts[count] = s;
          ends[count++] = s + 2;
          if (s + 2 < j) {
            hashes[count] = step(h2, c2) & mask;
            starts[count] = s;
            ends[count++] = s + 3;
          }
        }
      }
      hasPrevWord = false;
      i = j;
    } else if (isWordChar(c)) {
      let j = i;
      let h = FNV_OFFSET ^ SEED_WORD;
      while (j < n && isWordChar(lower.charCodeAt(j))) h = step(h, foldDigit(lower.charCodeAt(j++)));
      // Only a word that starts with x or a digit can be a masked number: one test for most words.
      const fold =
        (c === 120 || (c >= 48 && c <= 57)) && isMaskedNumber(lower, i, j) ? foldMasked : foldDigit;
      if (fold === foldMasked) {
        h = FNV_OFFSET ^ SEED_WORD;
        for (let k = i; k < j; k++) h = step(h, 48);
      }
      hashes[count] = h & mask;
      starts[count] = i;
      ends[count++] = j;
      if (hasPrevWord) {
        hashes[count] = (Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ (h >>> 7)) & mask;
        starts[count] = prevWordStart;
        ends[count++] = j;
      }
      // In-word character 3- and 4-grams with word boundaries, for misspellings and l33t. A negative
      // end marks an in-word fragment: it scores but does not explain.
      if (j - i >= 3) {
        for (let s = i - 1; s <= j - 2; s++) {
          let g = FNV_OFFSET ^ SEED_WORDCHAR;
          g = step(g, s < i ? 32 : fold(lower.charCodeAt(s)));
          g = step(g, fold(lower.charCodeAt(s + 1)));
          g = step(g, s + 2 >= j ? 32 : fold(lower.charCodeAt(s + 2)));
          const start = s < i ? i : s;
          hashes[count] = g & mask;
          starts[count] = start;
          ends[count++] = -1 - (s + 3 < j ? s + 3 : j);
          // The trigram that ends on the word boundary has no 4-gram after it.
          if (s + 2 < j) {
            g = step(g, s + 3 >= j ? 32 : fold(lower.charCodeAt(s + 3)));
            hashes[count] = g & mask;
            starts[count] = start;
            ends[count++] = -1 - (s + 4 < j ? s + 4 : j);
          }
        }
      }
      prevWord = h;
      prevWordStart = i;
      hasPrevWord = true;
      i = j;
    } else {
      if (c !== 32) hasPrevWord = false;
      i++;
    }
  }
  for (let k = 0; k < hand.length; k++) {
    hashes[count] = handHash(hand[k] ?? '') & mask;
    starts[count] = -1 - k;
    ends[count++] = 0;
  }
  return count;
};
