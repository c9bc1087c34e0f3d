/**
 * Which brand tokens a host label can match at all, so the look-alike matcher runs its checks on a
 * handful of tokens instead of every token of every brand for each host (the checks themselves, and
 * the order in which tokens are tried, stay in lookalike-match.ts). A token is a candidate when:
 * - it equals the unhyphenated label, the label joined with its subdomains, or a subdomain part;
 * - it occurs inside the label: some position of the label starts with its first two characters;
 * - it could be one or two edits from the label: length within 2, and the same first or last
 *   character (one edit keeps one of them for words of 3+ characters; two edits are only tried
 *   when both are kept), or it is a two-character token.
 */
export interface TokenIndex {
  readonly byToken: ReadonlyMap<string, readonly number[]>;
  readonly byBigram: ReadonlyMap<number, readonly number[]>;
  readonly byFirst: ReadonlyMap<number, readonly number[]>;
  readonly byLast: ReadonlyMap<number, readonly number[]>;
  readonly short: readonly number[];
  /** Scratch: candidate flags of the host being matched, cleared as they are read. */
  readonly marks: Uint8Array;
}

const push = <K>(map: Map<K, number[]>, key: K, i: number): void => {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
};

const bigram = (s: string, at: number): number => s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1);

export const buildTokenIndex = (tokens: readonly string[]): TokenIndex => {
  const byToken = new Map<string, number[]>();
  const byBigram = new Map<number, number[]>();
  const byFirst = new Map<number, number[]>();
  const byLast = new Map<number, number[]>();
  const short: number[] = [];
  tokens.forEach((t, i) => {
    push(byToken, t, i);
    if (t.length >= 2) push(byBigram, bigram(t, 0), i);
    if (t.length <= 2) short.push(i);
    push(byFirst, t.charCodeAt(0), i);
    push(byLast, t.charCodeAt(t.length - 1), i);
  });
  return { byToken, byBigram, byFirst, byLast, short, marks: new Uint8Array(tokens.length) };
};

export interface LabelQuery {
  readonly label: string;
  /** Exact strings a token may equal: the unhyphenated label, label + subdomains, subdomain parts. */
  readonly exact: Iterable<string>;
}

/** Sets `index.marks[i]` for every token i the matcher's checks could fire for. */
export const markCandidates = (index: TokenIndex, q: LabelQuery): void => {
  const { marks } = index;
  const mark = (list: readonly number[] | undefined): void => {
    if (list) for (const i of list) marks[i] = 1;
  };
  const { label } = q;
  for (const s of q.exact) mark(index.byToken.get(s));
  for (let at = 0; at + 1 < label.length; at++) mark(index.byBigram.get(bigram(label, at)));
  if (label.length > 0) {
    mark(index.byFirst.get(label.charCodeAt(0)));
    mark(index.byLast.get(label.charCodeAt(label.length - 1)));
  }
  mark(index.short);
};
