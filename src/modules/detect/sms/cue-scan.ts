/**
 * Which of a few literal word lists occur in a text, in one pass over its characters. The hand
 * features ask "does any urgency / money / unsubscribe word occur?" of every message; an alternation
 * regex per list tries every alternative at every position, and `includes` per word pays a call per
 * word, while this looks at each character once and compares words only where one can start.
 * The answer is the same as `words.some((w) => text.includes(w))` for each list.
 */
export interface CueScanner {
  /** For each UTF-16 unit, the lists having a word that starts with it (bit k = list k). */
  readonly startBits: Uint8Array;
  /** For each UTF-16 unit that starts a word, those words with their list bit. */
  readonly startWords: ReadonlyArray<
    ReadonlyArray<{ readonly word: string; readonly bit: number }> | undefined
  >;
  readonly allBits: number;
}

export const compileCueScanner = (lists: ReadonlyArray<readonly string[]>): CueScanner => {
  if (lists.length > 8) throw new Error('at most 8 cue lists');
  const startBits = new Uint8Array(0x10000);
  const startWords: Array<Array<{ word: string; bit: number }> | undefined> = [];
  lists.forEach((words, k) => {
    for (const word of words) {
      if (word === '') throw new Error('empty cue word');
      const c = word.charCodeAt(0);
      startBits[c] = (startBits[c] ?? 0) | (1 << k);
      (startWords[c] ??= []).push({ word, bit: 1 << k });
    }
  });
  return { startBits, startWords, allBits: (1 << lists.length) - 1 };
};

/** Bit k is set when a word of list k occurs in `text`. */
export const scanCues = (scanner: CueScanner, text: string): number => {
  const { startBits, startWords, allBits } = scanner;
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Only lists not found yet are worth a comparison.
    if (((startBits[c] ?? 0) & ~found) === 0) continue;
    for (const { word, bit } of startWords[c] ?? []) {
      if ((found & bit) !== 0) continue;
      if (word.length > 1 && text.charCodeAt(i + 1) !== word.charCodeAt(1)) continue;
      if (text.startsWith(word, i)) found |= bit;
    }
    if (found === allBits) break;
  }
  return found;
};
