/**
 * `text.match(re)?.length ?? 0` for several global regexes at once, in one pass over the text, when
 * each regex is a finite set of literals (alternatives, `(?:…)` groups, `?` and simple character
 * classes such as `[- ]`). The fraud-type cues (fraud-type-rules.data.ts) are such regexes and
 * are all counted for every fraud message: twelve regex scans of the whole text cost more than
 * scoring the fraud-type model.
 *
 * Each regex is expanded into its literals in the order a backtracking engine tries them (left
 * alternative first, `x?` with x before without, a sequence's first part varying slowest), so the
 * first literal that matches at a position is the match the regex makes there; matches of one regex
 * do not overlap (the next is looked for from the end of the last), as `match` with `g` steps. A regex
 * outside that grammar (flags other than `g`, quantifiers, anchors, escapes, lookarounds, an empty
 * literal, too many literals) is counted with `match`.
 */

/** The literals of a finite regex source in backtracking order, or undefined outside the grammar. */
export const literalsOf = (source: string, limit = 512): string[] | undefined => {
  let at = 0;
  const fail = (): never => {
    throw new RangeError('not a literal regex');
  };
  const cap = (xs: string[]): string[] => (xs.length > limit ? fail() : xs);
  const alternation = (): string[] => {
    const out = sequence();
    while (source[at] === '|') {
      at++;
      out.push(...sequence());
    }
    return cap(out);
  };
  const sequence = (): string[] => {
    let out = [''];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      let part = atom();
      if (source[at] === '?') {
        at++;
        part = [...part, ''];
      }
      const q = source[at];
      if (q === '?' || q === '*' || q === '+' || q === '{') fail();
      const next: string[] = [];
      for (const a of out) for (const b of part) next.push(a + b);
      out = cap(next);
    }
    return out;
  };
  const atom = (): string[] => {
    const c = source.charAt(at);
    if (c === '(') {
      if (!source.startsWith('(?:', at)) fail();
      at += 3;
      const inner = alternation();
      if (source[at] !== ')') fail();
      at++;
      return inner;
    }
    if (c === '[') {
      const end = source.indexOf(']', at + 1);
      const members = end < 0 ? '' : source.slice(at + 1, end);
      // Members only: no negation, ranges (a `-` first or last is a member), escapes or nesting.
      if (members === '' || /^\^|\\|\[|.-./.test(members)) fail();
      at = end + 1;
      return [...new Set(members)];
    }
    if (c === '' || '\\.^$*+?{}|)]'.includes(c)) fail();
    at++;
    return [c];
  };
  try {
    const out = alternation();
    if (at !== source.length || out.some((w) => w === '')) return undefined;
    return out;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
};

export interface LiteralCounter {
  readonly size: number;
  /** Bit (c & 31) of entry c >> 5: some literal starts with the UTF-16 unit c. */
  readonly starts: Int32Array;
  /**
   * For each unit that starts a literal, 1 + its index in `from` (0 for the others): read only for
   * units the bitmap lets through, so a Map lookup per such unit becomes an array read.
   */
  readonly slots: Uint16Array;
  /** Slot s's literals are [from[s], from[s + 1]) of the flat lists, in each regex's order. */
  readonly from: Int32Array;
  /** Each literal's regex index, its second UTF-16 unit (-1 for one unit) and the literal. */
  readonly regexOf: Int32Array;
  readonly secondOf: Int32Array;
  readonly words: readonly string[];
  /** The regexes that are not literal sets, counted with `match`, by index. */
  readonly fallback: ReadonlyArray<readonly [number, RegExp]>;
  /** Where each regex may match next (scratch for `countLiterals`). */
  readonly next: Int32Array;
}

export const compileLiteralCounter = (regexes: readonly RegExp[]): LiteralCounter => {
  const starts = new Int32Array(2048);
  const byStart = new Map<number, Array<readonly [number, string]>>();
  const fallback: Array<readonly [number, RegExp]> = [];
  regexes.forEach((re, k) => {
    const literals = re.flags === 'g' ? literalsOf(re.source) : undefined;
    if (!literals) {
      fallback.push([k, re]);
      return;
    }
    for (const word of literals) {
      const c = word.charCodeAt(0);
      starts[c >> 5] = (starts[c >> 5] ?? 0) | (1 << (c & 31));
      let list = byStart.get(c);
      if (!list) {
        list = [];
        byStart.set(c, list);
      }
      list.push([k, word]);
    }
  });
  const slots = new Uint16Array(0x10000);
  const from = [0];
  const regexOf: number[] = [];
  const secondOf: number[] = [];
  const words: string[] = [];
  for (const [c, list] of byStart) {
    slots[c] = from.length;
    for (const [k, word] of list) {
      regexOf.push(k);
      secondOf.push(word.length > 1 ? word.charCodeAt(1) : -1);
      words.push(word);
    }
    from.push(words.length);
  }
  return {
    size: regexes.length,
    starts,
    slots,
    from: Int32Array.from(from),
    regexOf: Int32Array.from(regexOf),
    secondOf: Int32Array.from(secondOf),
    words,
    fallback,
    next: new Int32Array(regexes.length),
  };
};

/** counts[k] = `text.match(regexes[k])?.length ?? 0` for the counter's regexes; returns their sum. */
export const countLiterals = (counter: LiteralCounter, text: string, counts: Float64Array): number => {
  const { starts, slots, from, regexOf, secondOf, words, fallback, next } = counter;
  counts.fill(0, 0, counter.size);
  next.fill(0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((((starts[c >> 5] ?? 0) >>> (c & 31)) & 1) === 0) continue;
    const slot = slots[c] ?? 0;
    const end = from[slot] ?? 0;
    const second = text.charCodeAt(i + 1);
    for (let w = from[slot - 1] ?? 0; w < end; w++) {
      const k = regexOf[w] ?? 0;
      // A regex's matches do not overlap, and its first literal that matches here is its match.
      if (i < (next[k] ?? 0)) continue;
      const word = words[w] ?? '';
      const s = secondOf[w] ?? -1;
      if (s >= 0 && (s !== second || (word.length > 2 && !text.startsWith(word, i)))) continue;
      counts[k] = (counts[k] ?? 0) + 1;
      next[k] = i + word.length;
    }
  }
  let total = 0;
  for (const [k, re] of fallback) counts[k] = text.match(re)?.length ?? 0;
  for (let k = 0; k < counter.size; k++) total += counts[k] ?? 0;
  return total;
};
