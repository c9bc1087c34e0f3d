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
  /** For each unit that starts a literal, the [regex index, literal] pairs, in each regex's order. */
  readonly byStart: ReadonlyMap<number, ReadonlyArray<readonly [number, string]>>;
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
  return { size: regexes.length, starts, byStart, fallback, next: new Int32Array(regexes.length) };
};

/** counts[k] = `text.match(regexes[k])?.length ?? 0` for the counter's regexes; returns their sum. */
export const countLiterals = (counter: LiteralCounter, text: string, counts: Float64Array): number => {
  const { starts, byStart, fallback, next } = counter;
  counts.fill(0, 0, counter.size);
  next.fill(0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((((starts[c >> 5] ?? 0) >>> (c & 31)) & 1) === 0) continue;
    const list = byStart.get(c);
    if (!list) continue;
    for (const [k, word] of list) {
      // A regex's matches do not overlap, and its first literal that matches here is its match.
      if (i < (next[k] ?? 0) || !text.startsWith(word, i)) continue;
      counts[k] = (counts[k] ?? 0) + 1;
      next[k] = i + word.length;
    }
  }
  let total = 0;
  for (const [k, re] of fallback) counts[k] = text.match(re)?.length ?? 0;
  for (let k = 0; k < counter.size; k++) total += counts[k] ?? 0;
  return total;
};
