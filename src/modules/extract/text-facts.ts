/**
 * What one pass over a text tells indicator extraction before it runs a pattern (extract.ts): digit
 * count, signs, and which account, code and currency words occur. Each gate built on these facts is a
 * condition every match of its pattern meets, so a pattern that cannot match is not run.
 */
import { compileWordScanner, scanWords } from '../../shared/word-scan.ts';

// The words the gates in extract.ts ask about, found in one scan of the lower-cased text (word-scan.ts): one
// list per bit of TextFacts.words.
export const QQ = 1 << 0;
export const WECHAT = 1 << 1;
export const V = 1 << 2;
export const V_SEPARATOR = 1 << 3;
export const TELEGRAM = 1 << 4;
export const T_ME = 1 << 5;
export const WHATSAPP = 1 << 6;
export const LINE = 1 << 7;
export const SEPARATOR = 1 << 8;
export const ALIPAY = 1 << 9;
export const CODE = 1 << 10;
export const CURRENCY = 1 << 11;
const WORD_LISTS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [QQ, ['qq', '扣扣', '企鹅', 'q号', 'q群']],
  [WECHAT, ['微', '威信', '薇', '徽信', '卫星', 'v信', 'vx', 'wx', 'wechat', 'weixin']],
  [V, ['v']],
  [V_SEPARATOR, ['号', ':', '：']],
  [TELEGRAM, ['telegram', 'tg', '飞机', '电报']],
  [T_ME, ['t.me/']],
  [WHATSAPP, ['whats', 'wa']],
  [LINE, ['line', '连我']],
  [SEPARATOR, ['是', '为', ':', '：']],
  [ALIPAY, ['支付宝']],
  [CODE, ['code', 'otp']],
  [CURRENCY, ['rmb', 'cny', 'usd', 'dollars']],
];
// List k must be the one of bit k.
if (WORD_LISTS.some(([bit], k) => bit !== 1 << k)) throw new Error('WORD_LISTS out of order');
/**
 * The gate words, list k for bit k: a caller that scans the text for words of its own can scan for
 * these in the same pass (lists first, so that the low bits are TextFacts.words) and hand the bits
 * to `factsOf` (through extractIndicators) instead of a second scan.
 */
export const GATE_WORD_LISTS: ReadonlyArray<readonly string[]> = WORD_LISTS.map(([, words]) => words);
/** The bits of TextFacts.words. */
export const GATE_WORD_BITS = (1 << WORD_LISTS.length) - 1;
const GATE_WORDS = compileWordScanner(GATE_WORD_LISTS);

/**
 * What one pass over a text learns, so that patterns that cannot match are not run: each gate of extract.ts
 * is a condition that every match of its pattern meets (most messages have digits, few have amounts,
 * codes or accounts). The patterns are case-insensitive without the `u` flag, so ASCII letters match
 * ASCII letters of either case only, and the gate words are looked for in the lower-cased text.
 */
export interface TextFacts {
  readonly text: string;
  /** Counted up to 16: fewer than 4 digits rule out codes and phones, fewer than 16 bank cards. */
  readonly digitCount: number;
  readonly hasPlus: boolean;
  /** One of the currency signs and units of AMOUNT_RE: ¥ ￥ $ £ 元 块 圆 万 亿 币 (人民币). */
  readonly hasAmountSign: boolean;
  /** 码, which every Chinese word of CODE_RE ends with. */
  readonly hasCodeChar: boolean;
  /** Bit k: some word of WORD_LISTS[k] occurs in the lower-cased text. */
  readonly words: number;
}

/** `words`: the gate word bits of `lower` when the caller has scanned for them (see GATE_WORD_LISTS). */
export const factsOf = (text: string, lower: string, words = scanWords(GATE_WORDS, lower)): TextFacts => {
  let digitCount = 0;
  let hasPlus = false;
  let hasAmountSign = false;
  let hasCodeChar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digitCount < 16) digitCount++;
    } else if (c === 0x2b) hasPlus = true;
    else if (
      c === 0x24 ||
      c === 0xa3 ||
      c === 0xa5 ||
      c === 0xffe5 ||
      c === 0x5143 ||
      c === 0x5757 ||
      c === 0x5706 ||
      c === 0x4e07 ||
      c === 0x4ebf ||
      c === 0x5e01
    )
      hasAmountSign = true;
    else if (c === 0x7801) hasCodeChar = true;
  }
  return { text, digitCount, hasPlus, hasAmountSign, hasCodeChar, words };
};

export const has = (f: TextFacts, bits: number): boolean => (f.words & bits) !== 0;
