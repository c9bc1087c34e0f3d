/**
 * Which of a few literal word lists occur in a text, in one pass over its characters. The SMS hand
 * features ask "does any urgency / money / unsubscribe word occur?" of every message, and indicator
 * extraction asks which account, code and currency words occur before it runs a pattern; an
 * alternation regex per list tries every alternative at every position, and `includes` per word
 * pays a call and a scan per word, while this looks at each character once and compares words only
 * where one can start. The answer is the same as `words.some((w) => text.includes(w))` for each list.
 *
 * The tables are small on purpose (they are read for every character of every message, next to the
 * models' weights in the cache): direct tables for ASCII characters and pairs of them (32 KB), and
 * for other characters a bitmap of 8 KB, with a Map consulted only for the few characters some word
 * starts with.
 */
export interface WordScanner {
  /** For each ASCII unit, the lists having a word that starts with it (bit k = list k). */
  readonly asciiBits: Uint16Array;
  /**
   * For each pair of ASCII units a, b (at a·128 + b), the lists having a word that starts with a and
   * goes on with b or ends there: in English text most letters start some word, few pairs do.
   */
  readonly asciiPairBits: Uint16Array;
  /** For each ASCII unit, the words that start with it (NO_WORDS for none). */
  readonly asciiWords: readonly WordsAt[];
  /** Bit (c & 31) of entry c >> 5: some word starts with the non-ASCII unit c. */
  readonly wideStarts: Int32Array;
  /** For each unit that starts a word: the lists' bits, and those words with their list bit. */
  readonly startsOf: ReadonlyMap<number, WordsAt>;
  /**
   * For each non-ASCII unit that starts a word, 1 + its index in `wideWords` (0 for the others): read
   * only for units the bitmap lets through, so only those few entries are ever in the cache, and
   * common characters that start a word (是, 号, 中) cost an array read, not a Map lookup.
   */
  readonly wideSlots: Uint16Array;
  readonly wideWords: readonly WordsAt[];
  readonly allBits: number;
}

interface WordsAt {
  readonly bits: number;
  readonly words: ReadonlyArray<{ readonly word: string; readonly bit: number }>;
}
const NO_WORDS: WordsAt = { bits: 0, words: [] };

export const compileWordScanner = (lists: ReadonlyArray<readonly string[]>): WordScanner => {
  if (lists.length > 16) throw new Error('at most 16 word lists');
  const asciiBits = new Uint16Array(128);
  const asciiPairBits = new Uint16Array(128 * 128);
  const wideStarts = new Int32Array(2048);
  const startsOf = new Map<number, { bits: number; words: Array<{ word: string; bit: number }> }>();
  lists.forEach((words, k) => {
    for (const word of words) {
      if (word === '') throw new Error('empty word');
      const c = word.charCodeAt(0);
      const bit = 1 << k;
      if (c < 128) {
        asciiBits[c] = (asciiBits[c] ?? 0) | bit;
        const next = word.charCodeAt(1);
        for (let d = 0; d < 128; d++)
          if (word.length === 1 || d === next)
            asciiPairBits[c * 128 + d] = (asciiPairBits[c * 128 + d] ?? 0) | bit;
      } else wideStarts[c >> 5] = (wideStarts[c >> 5] ?? 0) | (1 << (c & 31));
      let at = startsOf.get(c);
      if (!at) {
        at = { bits: 0, words: [] };
        startsOf.set(c, at);
      }
      at.bits |= bit;
      at.words.push({ word, bit });
    }
  });
  const asciiWords = Array.from({ length: 128 }, (_, c) => startsOf.get(c) ?? NO_WORDS);
  const wideSlots = new Uint16Array(65536);
  const wideWords: WordsAt[] = [];
  for (const [c, at] of startsOf) {
    if (c < 128) continue;
    wideWords.push(at);
    wideSlots[c] = wideWords.length;
  }
  return {
    asciiBits,
    asciiPairBits,
    asciiWords,
    wideStarts,
    startsOf,
    wideSlots,
    wideWords,
    allBits: 2 ** lists.length - 1,
  };
};

/** Bit k is set when a word of list k occurs in `text`. */
export const scanWords = (scanner: WordScanner, text: string): number => {
  const { asciiBits, asciiPairBits, asciiWords, wideStarts, wideSlots, wideWords, allBits } = scanner;
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Only lists not found yet are worth a comparison.
    let at: WordsAt | undefined;
    if (c < 128) {
      // The pair with the next unit when it is ASCII too (NaN past the end is not).
      const next = text.charCodeAt(i + 1);
      const bits = next < 128 ? asciiPairBits[c * 128 + next] : asciiBits[c];
      if (((bits ?? 0) & ~found) === 0) continue;
      at = asciiWords[c];
    } else {
      if ((((wideStarts[c >> 5] ?? 0) >>> (c & 31)) & 1) === 0) continue;
      at = wideWords[(wideSlots[c] ?? 0) - 1];
      if (!at || (at.bits & ~found) === 0) continue;
    }
    if (!at) continue;
    for (const { word, bit } of at.words) {
      if ((found & bit) !== 0) continue;
      if (word.length > 1 && text.charCodeAt(i + 1) !== word.charCodeAt(1)) continue;
      if (text.startsWith(word, i)) found |= bit;
    }
    if (found === allBits) break;
  }
  return found;
};
